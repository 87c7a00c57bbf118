// The `basepath` import parameter: ignore (default), prepend, or split the document's base path.
import { badRequestError } from '../errors.js';

export type BasePathMode = 'ignore' | 'prepend' | 'split';

export function basePathMode(value: string | null): BasePathMode {
  const mode = (value ?? 'ignore').toLowerCase();
  if (mode === 'ignore' || mode === 'prepend' || mode === 'split') return mode;
  throw badRequestError(`Invalid basepath '${value}': use ignore, prepend or split.`);
}

/**
 * prepend: "/v1/api" + "/pets" -> "/v1/api/pets"; split drops the top-most part of the base
 * path first: "/api/pets" (that part becomes the stage in a base path mapping).
 */
export function applyBasePath(path: string, basePath: string | undefined, mode: BasePathMode): string {
  if (mode === 'ignore' || !basePath) return path;
  const parts = basePath.split('/').filter(Boolean);
  const kept = mode === 'split' ? parts.slice(1) : parts;
  if (!kept.length) return path;
  const prefix = `/${kept.join('/')}`;
  return path === '/' ? prefix : `${prefix}${path}`;
}
