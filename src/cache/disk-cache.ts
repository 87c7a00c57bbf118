// A content-addressed cache on disk, under the project's .discovery/cache/: what an earlier run
// computed from the same inputs (a bundle, a definition that validated) is read back instead of
// computed again. Best effort: a cache that cannot be read or written is a miss, never an error.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CACHE_FOLDER = join('.discovery', 'cache');

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export class DiskCache<T> {
  private readonly dir: string;

  /** `namespace` names the kind of entry; change `format` whenever the entry's meaning changes. */
  constructor(projectDir: string, namespace: string, private readonly format: string) {
    this.dir = join(projectDir, CACHE_FOLDER, namespace);
  }

  private fileOf(key: string): string {
    return join(this.dir, `${sha256(`${this.format}\n${key}`)}.json`);
  }

  get(key: string): T | undefined {
    try {
      return JSON.parse(readFileSync(this.fileOf(key), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: T): void {
    const file = this.fileOf(key);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temp, JSON.stringify(value));
      renameSync(temp, file); // readers see the old entry or the new one, never half of one
    } catch {
      // a read-only project folder only loses the speed-up
    }
  }
}
