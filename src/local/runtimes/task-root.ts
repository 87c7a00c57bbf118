// The unpacked code of a function, one folder per code sha (versions sharing code share it):
//   <base>/<sha>/task          LAMBDA_TASK_ROOT, the zip's content
//   <base>/<sha>/node_modules  symlink to this package's node_modules, so `@aws-sdk/*` resolves
//                              from handlers (CommonJS and ESM alike) as in the real runtime,
//                              after whatever node_modules the zip itself carries.
//   <base>/<sha>/package.json  {"type":"commonjs"}: a .js file is CommonJS unless the zip says
//                              otherwise, as in /var/task, whatever project holds the state folder.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sdkNodeModules } from './package-root.js';
import { extractZip } from './zip.js';

export function codeFolderName(codeSha256: string): string {
  return Buffer.from(codeSha256, 'base64').toString('hex');
}

/** Task roots under one base folder; each is unpacked once, later calls cost no disk I/O. */
export class TaskRoots {
  private readonly prepared = new Map<string, Promise<string>>();

  constructor(readonly baseDir: string) {}

  /** Returns the task root for this code, unpacking the zip if needed (validating it). */
  prepare(codeSha256: string, loadZip: () => Buffer): Promise<string> {
    const dir = join(this.baseDir, codeFolderName(codeSha256));
    let pending = this.prepared.get(dir);
    if (!pending) {
      pending = unpack(dir, loadZip);
      this.prepared.set(dir, pending);
      pending.catch(() => this.prepared.delete(dir));
    }
    return pending;
  }

  /** Removes the unpacked code (no version uses it any more, e.g. a create that failed after unpacking). */
  discard(codeSha256: string): void {
    const dir = join(this.baseDir, codeFolderName(codeSha256));
    this.prepared.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function unpack(dir: string, loadZip: () => Buffer): Promise<string> {
  const task = join(dir, 'task');
  if (!existsSync(task)) {
    // A refused zip leaves nothing: neither its half-written staging folder nor the sha folder.
    const created = mkdirSync(dir, { recursive: true });
    const staging = `${task}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await extractZip(loadZip(), staging);
      if (!existsSync(task)) renameSync(staging, task);
    } catch (err) {
      if (created !== undefined) rmSync(dir, { recursive: true, force: true });
      throw err;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const scope = join(dir, 'package.json');
  if (!existsSync(scope)) writeFileSync(scope, '{"type":"commonjs"}\n');
  const link = join(dir, 'node_modules');
  if (!existsSync(link)) {
    mkdirSync(dir, { recursive: true });
    try {
      symlinkSync(sdkNodeModules(), link, 'dir');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return task;
}
