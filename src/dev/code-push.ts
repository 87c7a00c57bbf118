// The fast path for a saved handler source: rebuild the zips of the functions that read the file
// (esbuild's metafile says which), and for each
// function whose CodeSha256 differs from what runs, one UpdateFunctionCode, all under the stage
// lock. The local cloud retires the function's warm workers on UpdateFunctionCode, so the next
// request runs the new code. Nothing else is read or planned: a config change goes through deploy.
import { dirname, extname, resolve, sep } from 'node:path';
import type { AwsApi } from '../aws/api/index.js';
import { buildProject } from '../build/build.js';
import { NODE_EXTENSIONS, bundledInputs } from '../build/bundle.js';
import { defaultExport } from '../config/defaults.js';
import type { LoadedProject } from '../config/project.js';

export interface RunningCode {
  /** Config key -> the CodeSha256 the function runs. */
  shaByKey: Map<string, string>;
}

export interface CodePush {
  /** Config keys whose code was updated. */
  updated: string[];
  buildMs: number;
  applyMs: number;
}

/**
 * The functions a save may change: a Node function whose last bundle read one of the files (or
 * not bundled yet), a Python function whose folder holds one, any function with extra `files`.
 */
export function affectedFunctions(project: LoadedProject, files: string[]): string[] {
  const saved = files.map((f) => resolve(f));
  return Object.entries(project.config.functions).filter(([, fn]) => {
    if (fn.files?.length) return true;
    const handler = resolve(project.rootDir, fn.handler);
    if (!NODE_EXTENSIONS.includes(extname(handler))) return saved.some((f) => f.startsWith(`${dirname(handler)}${sep}`));
    const inputs = bundledInputs(handler, project.rootDir, fn.export ?? defaultExport(fn.runtime));
    if (!inputs) return true;
    const read = new Set(inputs.map((i) => resolve(project.rootDir, i)));
    return saved.some((f) => read.has(f));
  }).map(([key]) => key);
}

/** Zips (of the functions the save may change) whose hash changed; a source that no longer compiles throws the build's ConfigError. */
export async function changedCode(project: LoadedProject, running: RunningCode, files: string[]): Promise<{ changed: { key: string; name: string; zip: Buffer; codeSha256: string }[]; buildMs: number }> {
  const started = performance.now();
  const keys = new Set(affectedFunctions(project, files));
  // The same build as deploy's (same zips, same error messages), of those functions alone.
  const functions = Object.fromEntries(Object.entries(project.config.functions).filter(([key]) => keys.has(key)));
  const built = keys.size ? await buildProject({ ...project, config: { ...project.config, functions }, apis: {} }) : { functions: {} };
  const changed = Object.values(built.functions)
    .filter((f) => running.shaByKey.get(f.key) !== f.codeSha256)
    .map((f) => ({ key: f.key, name: f.name, zip: f.zip, codeSha256: f.codeSha256 }));
  return { changed, buildMs: Math.round(performance.now() - started) };
}

/** One UpdateFunctionCode per changed function, concurrently (each waits until its update is done). */
export async function pushCode(api: AwsApi, changed: { key: string; name: string; zip: Buffer; codeSha256: string }[], running: RunningCode): Promise<number> {
  const started = performance.now();
  await Promise.all(changed.map(async (f) => {
    await api.send('lambda:UpdateFunctionCode', { FunctionName: f.name, ZipFile: f.zip }, f.name);
    running.shaByKey.set(f.key, f.codeSha256);
  }));
  return Math.round(performance.now() - started);
}
