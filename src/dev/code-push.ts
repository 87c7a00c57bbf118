// The fast path for a saved handler source: rebuild the zips (esbuild's results are cached per
// input fingerprint, so only the functions that include the file are bundled again), and for each
// function whose CodeSha256 differs from what runs, one UpdateFunctionCode, all under the stage
// lock. The local cloud retires the function's warm workers on UpdateFunctionCode, so the next
// request runs the new code. Nothing else is read or planned: a config change goes through deploy.
import type { AwsApi } from '../aws/api/index.js';
import { buildProject } from '../build/build.js';
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

/** Zips whose hash changed; a source that no longer compiles throws the build's ConfigError. */
export async function changedCode(project: LoadedProject, running: RunningCode): Promise<{ changed: { key: string; name: string; zip: Buffer; codeSha256: string }[]; buildMs: number }> {
  const started = performance.now();
  const built = await buildProject(project);
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
