// The values a function's environment takes for one deploy: `stageEnvironment[stage]` merged over
// `environment`, then every `${env:NAME}` replaced by the deploying machine's variable, so the
// engine and the checks after this see plain values and the references they know. Node functions
// also get NODE_OPTIONS=--enable-source-maps (unless set), so stacks name the .ts file and line
// through the bundle's source map, on Lambda as locally (AWS's own advice for bundled code).
import type { Problems } from './problems.js';
import { referenceSites } from './references.js';
import type { ProjectConfig } from './types.js';

const SOURCE_MAPS = '--enable-source-maps';
const ENV_REFERENCE = /\$\{\s*env:([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

export interface EnvironmentContext {
  config: ProjectConfig;
  stage: string;
  env: NodeJS.ProcessEnv;
  configFile: string;
  problems: Problems;
  at: (...path: (string | number)[]) => string;
}

export function resolveFunctionEnvironments(ctx: EnvironmentContext): void {
  for (const [key, fn] of Object.entries(ctx.config.functions)) {
    // Where each value was written, for errors: the stage's entry wins over the shared one.
    const origin = new Map<string, (string | number)[]>();
    for (const name of Object.keys(fn.environment ?? {})) origin.set(name, ['functions', key, 'environment', name]);
    const forStage = fn.stageEnvironment?.[ctx.stage];
    for (const name of Object.keys(forStage ?? {})) origin.set(name, ['functions', key, 'stageEnvironment', ctx.stage, name]);
    if (forStage) fn.environment = { ...fn.environment, ...forStage };
    if (fn.runtime.startsWith('nodejs') && fn.environment?.NODE_OPTIONS === undefined) {
      fn.environment = { ...fn.environment, NODE_OPTIONS: SOURCE_MAPS };
    }

    for (const site of referenceSites(fn)) {
      const written = site.path[0] === 'environment' ? origin.get(String(site.path[1])) : ['functions', key, ...site.path];
      const resolved = site.text.replace(ENV_REFERENCE, (whole, name: string) => {
        const value = ctx.env[name];
        if (value !== undefined) return value;
        ctx.problems.add(ctx.configFile, ctx.at(...(written ?? ['functions', key, ...site.path])), `${whole}: environment variable ${name} is not set`,
          `export ${name} before running, or remove the reference`);
        return whole;
      });
      if (resolved !== site.text) setAt(fn as unknown as Record<string, unknown>, site.path, resolved);
    }
  }
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: string): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
}
