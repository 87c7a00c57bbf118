// Loads one API definition (Swagger 2.0 or OpenAPI 3.0, JSON or YAML) and checks it: the
// document validates with swagger-parser (on a deep copy, so the original keeps every
// x-amazon-apigateway-* extension and $ref as written), every `$KEYARN$` marker names a
// function, and every x-amazon-apigateway-integration has a type.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { DiskCache } from '../cache/disk-cache.js';
import type { ApiDefinitionFormat, LoadedApi } from './project.js';
import { Problems, pointer } from './problems.js';
import { isSyntaxProblem, kindOf, parseSource, type ParsedSource } from './source.js';

/** `$KEYARN$`, as in the seed; KEY is a function key. */
export const MARKER = /\$([A-Za-z][A-Za-z0-9_]*?)ARN\$/g;
/** Anything `$word$`-shaped in an integration's URI: a marker, well formed or not. */
const MARKER_LIKE = /\$[A-Za-z0-9_]*\$/g;
/** The fields that hold Lambda ARNs, where a malformed marker can only be a mistake. */
const ARN_FIELDS = new Set(['uri', 'authorizerUri', 'authorizerCredentials', 'credentials']);

export interface ApiDefinitionInput {
  key: string;
  /** Absolute path. */
  file: string;
  /** Path as shown to the user. */
  shownFile: string;
  functionKeys: string[];
  stageNames: string[];
  /** The project folder, whose .discovery/cache/ remembers definitions that validated. */
  projectDir?: string;
}

export async function loadApiDefinition(input: ApiDefinitionInput, problems: Problems): Promise<LoadedApi | undefined> {
  const { file, shownFile: shown } = input;
  const text = await readFile(file, 'utf8');
  const parsed = parseSource(text, kindOf(file));
  if (isSyntaxProblem(parsed)) {
    problems.add(shown, parsed.location, parsed.message, 'correct the syntax at that line');
    return undefined;
  }
  const document = parsed.value;
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    problems.add(shown, '/', 'is not an API definition object', 'write a Swagger 2.0 or OpenAPI 3.0 document');
    return undefined;
  }
  const doc = document as Record<string, unknown>;
  const format = formatOf(doc);
  if (!format) {
    problems.add(shown, lineAt(parsed, []), `declares neither "swagger": "2.0" nor "openapi": "3.0.x" (found ${describeVersion(doc)})`,
      'API Gateway imports Swagger 2.0 and OpenAPI 3.0: set "swagger": "2.0" or "openapi": "3.0.1"');
    return undefined;
  }
  const before = problems.list.length;
  await validateOnce(input.projectDir, text, () => validateWithSwaggerParser(doc, parsed, shown, problems), problems);
  const markers = checkMarkers(doc, parsed, input, problems);
  checkIntegrations(doc, parsed, shown, problems);
  if (problems.list.length > before) return undefined;
  return { key: input.key, file, format, document: doc, functionMarkers: markers, stageNames: input.stageNames };
}

function formatOf(doc: Record<string, unknown>): ApiDefinitionFormat | undefined {
  if (doc.swagger === '2.0') return 'swagger2';
  if (typeof doc.openapi === 'string' && /^3\.0\.\d+$/.test(doc.openapi)) return 'openapi3';
  return undefined;
}

function describeVersion(doc: Record<string, unknown>): string {
  if (doc.swagger !== undefined) return `"swagger": ${JSON.stringify(doc.swagger)}`;
  if (doc.openapi !== undefined) return `"openapi": ${JSON.stringify(doc.openapi)}`;
  return 'no version field';
}

/**
 * swagger-parser compiles the OpenAPI schemas with ajv on every call (most of a no-change
 * redeploy's CPU): a definition whose exact text validated before, with this parser version,
 * is not validated again. Only successes are remembered.
 */
async function validateOnce(projectDir: string | undefined, text: string, validate: () => Promise<void>, problems: Problems): Promise<void> {
  const cache = projectDir ? new DiskCache<{ valid: true }>(projectDir, 'valid-definitions', parserFormat()) : undefined;
  if (cache?.get(text)) return;
  const before = problems.list.length;
  await validate();
  if (problems.list.length === before) cache?.set(text, { valid: true });
}

let parserVersion: string | undefined;
function parserFormat(): string {
  if (!parserVersion) {
    const manifest = createRequire(import.meta.url).resolve('@apidevtools/swagger-parser/package.json');
    parserVersion = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return `swagger-parser ${parserVersion}; external refs off; v1`;
}

async function validateWithSwaggerParser(doc: Record<string, unknown>, parsed: ParsedSource, shown: string, problems: Problems): Promise<void> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    // The parser dereferences and may rewrite what it is given: hand it a copy.
    await SwaggerParser.validate(structuredClone(doc) as never, { resolve: { external: false } });
  } catch (err) {
    for (const { path, message } of splitValidationErrors(err)) {
      problems.add(shown, lineAt(parsed, path), message, 'correct the definition so it validates as Swagger 2.0 / OpenAPI 3.0');
    }
  }
}

/**
 * swagger-parser reports one error with ajv's details, which repeat every oneOf branch. Keep the
 * deepest failures (an ancestor's "must match exactly one schema" adds nothing), once each.
 */
function splitValidationErrors(err: unknown): { path: string[]; message: string }[] {
  const raw = err instanceof Error ? err.message : String(err);
  const details = (err as { details?: ValidationDetail[] }).details;
  if (!Array.isArray(details) || details.length === 0) {
    const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean);
    return [{ path: [], message: lines.slice(0, 4).join('; ') }];
  }
  // Each oneOf branch lists its own allowed values for the same field: merge them.
  const allowed = new Map<string, unknown[]>();
  for (const d of details) {
    if (Array.isArray(d.params?.allowedValues)) allowed.set(d.instancePath ?? '', [...(allowed.get(d.instancePath ?? '') ?? []), ...d.params.allowedValues]);
  }
  const found = details.map((d) => {
    const values = allowed.get(d.instancePath ?? '');
    const message = Array.isArray(d.params?.allowedValues) && values
      ? `must be one of ${[...new Set(values)].map((v) => JSON.stringify(v)).join(', ')}`
      : describeDetail(d);
    return { pointer: d.instancePath ?? '', message };
  });
  const isAncestor = (a: string, b: string) => b.startsWith(`${a}/`);
  const kept = found.filter((f) => !found.some((g) => isAncestor(f.pointer, g.pointer)));
  // Branch bookkeeping ("exactly one schema in oneOf", "a $ref instead") only says the real error is elsewhere.
  const noise = (m: string) => m.includes('exactly one schema in oneOf') || m.includes("required property '$ref'");
  const specific = kept.filter((k) => !noise(k.message) || !kept.some((o) => o.pointer === k.pointer && !noise(o.message)));
  const unique = [...new Map(specific.map((k) => [`${k.pointer}|${k.message}`, k])).values()];
  return unique.slice(0, 5).map((k) => ({
    path: k.pointer.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
    message: k.message,
  }));
}

interface ValidationDetail {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describeDetail(d: ValidationDetail): string {
  const message = d.message ?? 'invalid';
  const p = d.params ?? {};
  if (p.additionalProperty !== undefined) return `unknown field "${String(p.additionalProperty)}"`;
  return message;
}

function lineAt(parsed: ParsedSource, path: (string | number)[]): string {
  const line = parsed.lineOf(path);
  return `${pointer(...path)}${line ? ` (${line})` : ''}`;
}

function checkMarkers(doc: Record<string, unknown>, parsed: ParsedSource, input: ApiDefinitionInput, problems: Problems): string[] {
  const found = new Set<string>();
  walkStrings(doc, [], (text, path) => {
    if (ARN_FIELDS.has(String(path.at(-1)))) {
      for (const m of text.matchAll(MARKER_LIKE)) {
        if (m[0].match(/^\$[A-Za-z][A-Za-z0-9_]*?ARN\$$/)) continue;
        problems.add(input.shownFile, lineAt(parsed, path), `"${m[0]}" is not a function marker (markers are $<function>ARN$)`,
          input.functionKeys.length ? `write one of ${input.functionKeys.map((k) => `$${k}ARN$`).join(', ')}` : 'write $<function>ARN$ with a function of discovery.config.json');
      }
    }
    for (const m of text.matchAll(MARKER)) {
      const key = m[1]!;
      if (input.functionKeys.includes(key)) found.add(key);
      else {
        problems.add(input.shownFile, lineAt(parsed, path), `marker "${m[0]}" names no function in the config`,
          input.functionKeys.length
            ? `use one of ${input.functionKeys.map((k) => `$${k}ARN$`).join(', ')}, or add function "${key}" to discovery.config.json`
            : `add function "${key}" to discovery.config.json`);
      }
    }
  });
  return [...found].sort();
}

function checkIntegrations(doc: Record<string, unknown>, parsed: ParsedSource, shown: string, problems: Problems): void {
  walkObjects(doc, [], (obj, path) => {
    const integration = obj['x-amazon-apigateway-integration'];
    if (integration === undefined) return;
    const at = [...path, 'x-amazon-apigateway-integration'];
    if (!integration || typeof integration !== 'object' || typeof (integration as { type?: unknown }).type !== 'string') {
      problems.add(shown, lineAt(parsed, at), 'x-amazon-apigateway-integration has no "type"',
        'add "type": "aws_proxy" (Lambda proxy), "aws", "http", "http_proxy" or "mock"');
    }
  });
}

function walkStrings(v: unknown, path: (string | number)[], visit: (text: string, path: (string | number)[]) => void): void {
  if (typeof v === 'string') visit(v, path);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, [...path, i], visit));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkStrings(x, [...path, k], visit);
}

function walkObjects(v: unknown, path: (string | number)[], visit: (obj: Record<string, unknown>, path: (string | number)[]) => void): void {
  if (Array.isArray(v)) v.forEach((x, i) => walkObjects(x, [...path, i], visit));
  else if (v && typeof v === 'object') {
    visit(v as Record<string, unknown>, path);
    for (const [k, x] of Object.entries(v)) walkObjects(x, [...path, k], visit);
  }
}
