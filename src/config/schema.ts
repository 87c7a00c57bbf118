// Validates a parsed config against the published JSON Schema and turns ajv's errors into
// problems with a pointer, a line and a remedy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { schemaPath } from './package-root.js';
import type { ParsedSource } from './source.js';
import { Problems, pointer } from './problems.js';

let validator: ValidateFunction | undefined;

/** scripts/gen-config-validator.mjs compiles with these same options. */
const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTypes: false } as const;

function compile(): ValidateFunction {
  if (!validator) {
    const schemaText = readFileSync(schemaPath(), 'utf8');
    validator = precompiled(schemaText) ?? compileNow(schemaText);
  }
  return validator;
}

/** The validator the build generated beside this module (dist only), if made from this schema. */
function precompiled(schemaText: string): ValidateFunction | undefined {
  try {
    const generated = createRequire(import.meta.url)('./config-validator.cjs') as ValidateFunction & { schemaSha256?: string };
    const hash = createHash('sha256').update(schemaText).digest('hex');
    return generated.schemaSha256 === hash ? generated : undefined;
  } catch {
    return undefined;
  }
}

function compileNow(schemaText: string): ValidateFunction {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile(JSON.parse(schemaText) as object);
}

/** Whether this process validates with the build's precompiled code (for tests and --verbose). */
export function usesPrecompiledSchema(): boolean {
  return precompiled(readFileSync(schemaPath(), 'utf8')) !== undefined;
}

/** Checks `source.value` against the schema; returns true when it conforms. */
export function validateAgainstSchema(source: ParsedSource, file: string, problems: Problems): boolean {
  const validate = compile();
  if (validate(source.value)) return true;
  for (const err of usefulErrors(validate.errors ?? [])) {
    const path = segments(err.instancePath);
    const key = err.keyword === 'additionalProperties' ? String(err.params.additionalProperty) : undefined;
    const named = err.propertyName ?? key;
    const at = named === undefined ? path : [...path, named];
    const line = source.lineOf(at);
    const location = `${pointer(...at)}${line ? ` (${line})` : ''}`;
    const { message, fix } = describe(err, key);
    problems.add(file, location, message, fix);
  }
  return false;
}

/** A oneOf failure repeats every branch's errors; keep the oneOf summary (its fix lists the forms). */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  const under = (path: string, parent: string) => path === parent || path.startsWith(`${parent}/`);
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword !== 'oneOf' && oneOfPaths.some((p) => under(e.instancePath, p))) return false;
    if (e.keyword === 'propertyNames') return false; // the pattern error under it names the key
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function segments(instancePath: string): string[] {
  if (!instancePath) return [];
  return instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describe(err: ErrorObject, extraKey: string | undefined): { message: string; fix: string } {
  const params = err.params as Record<string, unknown>;
  const schema = err.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined;
  switch (err.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys(schema?.properties ?? {});
      return {
        message: `unknown field "${extraKey}"`,
        fix: allowed.length ? `remove it or correct its spelling (allowed here: ${allowed.join(', ')})` : 'remove it',
      };
    }
    case 'required':
      return { message: `missing required field "${String(params.missingProperty)}"`, fix: `add "${String(params.missingProperty)}"` };
    case 'type':
      return { message: `must be of type ${String(params.type)}, not ${jsonType(err.data)}`, fix: `give ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)}` };
    case 'enum':
      return {
        message: `${JSON.stringify(err.data)} is not allowed`,
        fix: `use one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'pattern':
      if (err.propertyName !== undefined) {
        return { message: `name "${err.propertyName}" is not allowed here`, fix: schema?.description ?? `match ${String(params.pattern)}` };
      }
      return {
        message: `${JSON.stringify(err.data)} does not match ${String(params.pattern)}`,
        fix: schema?.description ?? `change it to match ${String(params.pattern)}`,
      };
    case 'oneOf':
      return { message: 'has the wrong shape', fix: schema?.description ?? 'see the schema for the accepted forms' };
    default:
      return { message: err.message ?? `fails ${err.keyword}`, fix: 'see schema/discovery.config.schema.json' };
  }
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
