// Builds one function's zip: a Node handler bundled to index.mjs, or a Python handler as is with
// the packages of a requirements.txt beside it, plus the config's extra `files`.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { FunctionConfig } from '../config/types.js';
import { defaultExport } from '../config/defaults.js';
import { BUNDLE_FILE, NODE_EXTENSIONS, SOURCE_MAP_FILE, bundleNodeHandler } from './bundle.js';
import { installRequirements, REQUIREMENTS_FILE } from './python-requirements.js';
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
    return { handler: `${BUNDLE_FILE.replace(/\.mjs$/, '')}.${exportName}`, entries: [{ name: BUNDLE_FILE, data: bundle.code }, { name: SOURCE_MAP_FILE, data: bundle.sourceMap }, ...extra] };
  }
  const file = basename(handlerPath);
  const own = [{ name: file, data: await readFile(handlerPath) }, ...extra.filter((e) => e.name !== file)];
  const requirements = join(dirname(handlerPath), REQUIREMENTS_FILE);
  const dependencies = await stat(requirements).then(
    async () => packageEntries(await installRequirements(requirements, fn.runtime, 'x86_64', join(rootDir, '.discovery', 'python-packages'))),
    () => [],
  );
  // The function's own files win over a package's file of the same name.
  const ownNames = new Set(own.map((e) => e.name));
  return { handler: `${file.replace(/\.py$/, '')}.${exportName}`, entries: [...own, ...dependencies.filter((e) => !ownNames.has(e.name))] };
}

/** Every file of an installed packages folder, named relative to it (the zip's root is on sys.path). */
async function packageEntries(dir: string): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  for (const found of await walk(dir)) entries.push({ name: relative(dir, found).split(sep).join('/'), data: await readFile(found) });
  return entries;
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
