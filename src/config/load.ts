// Stage 1 of the pipeline: read discovery.config.json, validate it against the schema, apply
// defaults, load the API definitions, and cross-check everything. Every problem is collected
// and thrown together in one ConfigError; nothing here calls AWS.
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { loadApiDefinition } from './api-definition.js';
import { checkEnvironmentNames, checkStageAliases, checkUsagePlans } from './checks/apis.js';
import type { CheckContext } from './checks/context.js';
import { checkFunctions } from './checks/functions.js';
import { checkCycles } from './checks/graph.js';
import { checkNameLengths } from './checks/names.js';
import { checkReferences, stageNamesOf } from './checks/references.js';
import { applyDefaults } from './defaults.js';
import { resolveFunctionEnvironments } from './environment.js';
import { Problems, pointer } from './problems.js';
import type { LoadedApi, LoadedProject } from './project.js';
import { validateAgainstSchema } from './schema.js';
import { isSyntaxProblem, parseSource, type ParsedSource } from './source.js';
import type { ProjectConfig } from './types.js';

export const DEFAULT_CONFIG_FILE = 'discovery.config.json';
export const DEFAULT_STAGE = 'dev';
export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

export interface LoadOptions {
  /** Path of discovery.config.json; default ./discovery.config.json. */
  configPath?: string;
  /** The --stage value; default "dev". */
  stage?: string;
  /** Base for relative configPath and for paths shown in messages; default process.cwd(). */
  cwd?: string;
  /** Where `${env:NAME}` references are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export async function loadProject(options: LoadOptions = {}): Promise<LoadedProject> {
  const cwd = options.cwd ?? process.cwd();
  const configPath = resolve(cwd, options.configPath ?? DEFAULT_CONFIG_FILE);
  const rootDir = dirname(configPath);
  const stage = options.stage ?? DEFAULT_STAGE;
  const show = (path: string) => {
    const rel = relative(cwd, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };
  const configFile = show(configPath);
  const problems = new Problems();

  if (!STAGE_PATTERN.test(stage)) {
    problems.add('--stage', '', `"${stage}" is not a valid stage name`,
      'use a lower-case letter, then up to 15 lower-case letters, digits or dashes (e.g. dev, prod, pr-42)');
  }
  const text = await readFile(configPath, 'utf8').catch(() => undefined);
  if (text === undefined) {
    problems.add(configFile, '', 'the project config file does not exist', 'run `discovery-cli init` to write one, or pass --config PATH');
    problems.throwIfAny();
  }
  const parsed = parseSource(text!, 'json');
  if (isSyntaxProblem(parsed)) {
    problems.add(configFile, parsed.location, parsed.message, 'correct the JSON at that line');
    problems.throwIfAny();
  }
  const source = parsed as ParsedSource;
  const conforms = validateAgainstSchema(source, configFile, problems);
  // Shape problems (wrong types, missing fields) make cross-checks meaningless; stop there.
  if (!conforms && !shapeIsUsable(source.value)) problems.throwIfAny();

  const config = applyDefaults(source.value as ProjectConfig);
  const at = (...path: (string | number)[]) => {
    const line = source.lineOf(path);
    return `${pointer(...path)}${line ? ` (${line})` : ''}`;
  };
  resolveFunctionEnvironments({ config, stage, env: options.env ?? process.env, configFile, problems, at });
  const apis = await loadApis(config, stage, rootDir, { configFile, at, show, problems });
  const ctx: CheckContext = { config, stage, rootDir, configFile, problems, apis, at, show };
  await checkFunctions(ctx);
  checkReferences(ctx);
  checkCycles(ctx);
  checkStageAliases(ctx);
  checkUsagePlans(ctx);
  checkEnvironmentNames(ctx);
  checkNameLengths(ctx);
  problems.throwIfAny();
  return { configPath, rootDir, config, stage, apis };
}

async function loadApis(
  config: ProjectConfig,
  stage: string,
  rootDir: string,
  io: Pick<CheckContext, 'configFile' | 'at' | 'show' | 'problems'>,
): Promise<Record<string, LoadedApi>> {
  const functionKeys = Object.keys(config.functions);
  const entries = await Promise.all(
    Object.entries(config.apis ?? {}).map(async ([key, api]) => {
      const file = resolve(rootDir, api.definition);
      const isFile = await stat(file).then((s) => s.isFile(), () => false);
      if (!isFile) {
        io.problems.add(io.configFile, io.at('apis', key, 'definition'), `API definition ${api.definition} does not exist (looked for ${io.show(file)})`,
          'create it, or correct the path (relative to discovery.config.json)');
        return undefined;
      }
      const stageNames = stageNamesOf({ config, stage }, key);
      const loaded = await loadApiDefinition({ key, file, shownFile: io.show(file), functionKeys, stageNames, projectDir: rootDir }, io.problems);
      return loaded ? ([key, loaded] as const) : undefined;
    }),
  );
  return Object.fromEntries(entries.filter((e) => e !== undefined));
}

/** True when the config has the shapes the cross-checks walk, even if some values are wrong. */
function shapeIsUsable(value: unknown): boolean {
  const isMap = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v));
  const c = value as Record<string, unknown> | null;
  if (!c || !isMap(c) || typeof c.project !== 'string' || !isMap(c.functions) || c.functions === undefined) return false;
  if (![c.tables, c.apis, c.apiKeys, c.usagePlans].every(isMap)) return false;
  const fnsOk = Object.values(c.functions as Record<string, unknown>).every((f) => {
    const fn = f as Record<string, unknown> | null;
    return !!fn && isMap(fn) && typeof fn.handler === 'string' && typeof fn.runtime === 'string' &&
      isMap(fn.environment) && isMap(fn.tables) && (fn.permissions === undefined || Array.isArray(fn.permissions)) &&
      (fn.files === undefined || (Array.isArray(fn.files) && fn.files.every((x) => typeof x === 'string'))) &&
      (!Array.isArray(fn.permissions) || fn.permissions.every((p) => !!p && Array.isArray((p as { resources?: unknown }).resources) &&
        (p as { resources: unknown[] }).resources.every((r) => typeof r === 'string'))) &&
      (fn.environment === undefined || Object.values(fn.environment as object).every((x) => typeof x === 'string'));
  });
  const apisOk = Object.values((c.apis ?? {}) as Record<string, unknown>).every((a) => {
    const api = a as Record<string, unknown> | null;
    return !!api && typeof api.definition === 'string' && isMap(api.stages) &&
      Object.values((api.stages ?? {}) as Record<string, unknown>).every((s) => isMap(s) && s !== null);
  });
  const plansOk = Object.values((c.usagePlans ?? {}) as Record<string, unknown>).every((p) => {
    const plan = p as Record<string, unknown> | null;
    return !!plan && Array.isArray(plan.apiStages) && plan.apiStages.every((s) => !!s && typeof (s as { api?: unknown }).api === 'string' &&
      ((s as { stages?: unknown }).stages === undefined || Array.isArray((s as { stages?: unknown }).stages))) &&
      (plan.keys === undefined || Array.isArray(plan.keys));
  });
  return fnsOk && apisOk && plansOk;
}
