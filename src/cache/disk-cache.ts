// A content-addressed cache on disk, under the project's .discovery/cache/: what an earlier run
// computed from the same inputs (a bundle, a definition that validated) is read back instead of
// computed again. Best effort: a cache that cannot be read or written is a miss, never an error.
// Writes go off the event loop and nothing waits for them in line (a fresh deploy of 50 functions
// wrote 100 entries in line); a deploy or teardown waits once, at its end (diskCacheWritten), and
// a process that exits on purpose before they end removes their temporary files.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CACHE_FOLDER = join('.discovery', 'cache');

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes under way, by their temporary file (removed if the process exits before they end). */
const writing = new Map<Promise<void>, string>();
let writes = 0;
const removeTemporaries = () => {
  for (const temp of writing.values()) rmSync(temp, { force: true });
};

/** Resolves once every write started so far has ended (a deploy or teardown at its end, tests). */
export async function diskCacheWritten(): Promise<void> {
  await Promise.all([...writing.keys()]);
}

export class DiskCache<T> {
  private readonly dir: string;

  /** `namespace` names the kind of entry; change `format` whenever the entry's meaning changes. */
  constructor(projectDir: string, namespace: string, private readonly format: string) {
    this.dir = join(projectDir, CACHE_FOLDER, namespace);
  }

  private fileOf(key: string, extension: string): string {
    return join(this.dir, `${sha256(`${this.format}\n${key}`)}.${extension}`);
  }

  get(key: string): T | undefined {
    const bytes = this.getBytes(key, 'json');
    if (!bytes) return undefined;
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: T): void {
    this.setBytes(key, Buffer.from(JSON.stringify(value)), 'json');
  }

  /** Raw bytes (a zip), kept as they are rather than inside JSON. */
  getBytes(key: string, extension = 'bin'): Buffer | undefined {
    try {
      return readFileSync(this.fileOf(key, extension));
    } catch {
      return undefined;
    }
  }

  setBytes(key: string, bytes: Buffer, extension = 'bin'): void {
    const file = this.fileOf(key, extension);
    const temp = `${file}.${process.pid}.${++writes}.tmp`;
    const write = (async () => {
      try {
        await mkdir(this.dir, { recursive: true });
        await writeFile(temp, bytes);
        await rename(temp, file); // readers see the old entry or the new one, never half of one
      } catch {
        // a read-only project folder only loses the speed-up
        await rm(temp, { force: true }).catch(() => undefined);
      }
    })();
    if (writing.size === 0) process.once('exit', removeTemporaries);
    writing.set(write, temp);
    void write.finally(() => {
      writing.delete(write);
      if (writing.size === 0) process.off('exit', removeTemporaries);
    });
  }
}
