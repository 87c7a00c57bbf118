// JSON-Patch-like operations of API Gateway's Update* calls: paths escape "/" as "~1" and "~" as "~0".
import { badRequestError } from './errors.js';

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: string;
  from?: string;
}

export function patchOperations(body: Record<string, unknown>): PatchOperation[] {
  const ops = body.patchOperations;
  if (ops === undefined) return [];
  if (!Array.isArray(ops)) throw badRequestError('patchOperations must be a list of {op, path, value} objects.');
  return ops.map((raw, index) => {
    const op = raw as Partial<PatchOperation>;
    if (!op || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw badRequestError(`patchOperations[${index}] needs "op" and "path" strings.`);
    }
    return op as PatchOperation;
  });
}

/** "/a~1b/c" -> ["a/b", "c"] */
export function pathSegments(path: string): string[] {
  return path.replace(/^\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function unsupportedPatch(op: PatchOperation, target: string): Error {
  return badRequestError(`Invalid patch path '${op.path}' for op '${op.op}' on ${target}. See the API Gateway reference for the supported patch paths.`);
}

export function requireValue(op: PatchOperation): string {
  if (op.value === undefined || op.value === null) throw badRequestError(`Patch operation '${op.op} ${op.path}' needs a value.`);
  return String(op.value);
}

/** For optional text fields: remove, or a replace without a value, clears the field. */
export function optionalValue(op: PatchOperation): string | undefined {
  return op.op === 'remove' || op.value === undefined || op.value === null ? undefined : String(op.value);
}

export function boolValue(op: PatchOperation): boolean {
  const value = requireValue(op).toLowerCase();
  if (value !== 'true' && value !== 'false') throw badRequestError(`Patch operation '${op.op} ${op.path}' needs 'true' or 'false', got '${op.value}'.`);
  return value === 'true';
}

export function numberValue(op: PatchOperation): number {
  const value = Number(requireValue(op));
  if (!Number.isFinite(value)) throw badRequestError(`Patch operation '${op.op} ${op.path}' needs a number, got '${op.value}'.`);
  return value;
}

/** Applies add/replace/remove on a string map member such as requestTemplates/application~1json. */
export function patchMap<T>(map: Record<string, T> | undefined, key: string, op: PatchOperation, value: () => T): Record<string, T> | undefined {
  const next = { ...(map ?? {}) };
  if (op.op === 'remove') delete next[key];
  else if (op.op === 'add' || op.op === 'replace') next[key] = value();
  else throw badRequestError(`Patch op '${op.op}' is not supported on '${op.path}'.`);
  return Object.keys(next).length ? next : undefined;
}
