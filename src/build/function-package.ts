// Builds one function's zip: a Node handler bundled to index.mjs, or a Python handler as is,
// plus the config's extra `files` beside it.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { FunctionConfig } from '../config/types.js';
import { defaultExport } from '../config/defaults.js';
import { BUNDLE_FILE, NODE_EXTENSIONS, bundleNodeHandler } from './bundle.js';
import type { ZipEntry } from './zip.js';

export interface FunctionContents {
  /** Lambda handler string. */
  handler: string;
  entries: ZipEntry[];
}

export async function functionContents(rootDir: string, fn: FunctionConfig): Promise<FunctionContents> {
  const handlerPath = resolve(rootDir, fn.handler);
  const exportName = fn.export ?? defaultExport(fn.runtime);
  const extra = await extraFiles(rootDir, dirname(handlerPath), fn.files ?? []);
  if (NODE_EXTENSIONS.includes(extname(handlerPath))) {
    const bundle = await bundleNodeHandler(handlerPath, rootDir, exportName);
    return { handler: `${BUNDLE_FILE.replace(/\.mjs$/, '')}.${exportName}`, entries: [{ name: BUNDLE_FILE, data: bundle.code }, ...extra] };
  }
  const file = basename(handlerPath);
  return {
    handler: `${file.replace(/\.py$/, '')}.${exportName}`,
    entries: [{ name: file, data: await readFile(handlerPath) }, ...extra.filter((e) => e.name !== file)],
  };
}

/** Files under the handler's folder keep their path relative to it; others go in by their own name. */
async function extraFiles(rootDir: string, handlerDir: string, files: string[]): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  for (const file of files) {
    const path = resolve(rootDir, file);
    const inside = relative(handlerDir, path);
    const base = inside && !inside.startsWith('..') ? inside : basename(path);
    for (const found of await walk(path)) {
      const name = join(base, relative(path, found)).split(sep).join('/');
      entries.push({ name, data: await readFile(found) });
    }
  }
  return entries;
}

// Byte-code caches hold timestamps and differ per machine: never packaged.
const SKIPPED = new Set(['__pycache__', '.DS_Store']);

async function walk(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  for (const child of (await readdir(path)).sort()) {
    if (SKIPPED.has(child) || child.endsWith('.pyc')) continue;
    out.push(...(await walk(join(path, child))));
  }
  return out;
}
