// Small readers shared by the import conversion: local $refs, parameter lists, typed values.
import { isObject, type JsonObject } from './parse.js';

export function resolveParameters(doc: JsonObject, raw: unknown): JsonObject[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((p) => (isObject(p) ? resolveRef(doc, p) : undefined)).filter((p): p is JsonObject => p !== undefined);
}

/** Operation parameters override path-level ones with the same name and location. */
export function mergeParameters(pathLevel: JsonObject[], operationLevel: JsonObject[]): JsonObject[] {
  const key = (p: JsonObject) => `${String(p.in)}:${String(p.name)}`;
  const merged = new Map(pathLevel.map((p) => [key(p), p]));
  for (const p of operationLevel) merged.set(key(p), p);
  return [...merged.values()];
}

/** Follows a local "$ref" (#/parameters/x, #/components/responses/y); other objects as they are. */
export function resolveRef(doc: JsonObject, value: JsonObject): JsonObject | undefined {
  if (typeof value.$ref !== 'string') return value;
  if (!value.$ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of value.$ref.slice(2).split('/')) {
    node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isObject(node) ? node : undefined;
}

export function rewriteRefs(value: unknown, prefix: string, modelUrl: (name: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, prefix, modelUrl));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith(prefix) ? modelUrl(v.slice(prefix.length)) : rewriteRefs(v, prefix, modelUrl),
    ]),
  );
}

export const mediaTypes = (value: unknown): string[] => (Array.isArray(value) && value.length ? value.map(String) : ['application/json']);

export const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Template and parameter maps; a null value (as some exports write) means "no template". */
export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
