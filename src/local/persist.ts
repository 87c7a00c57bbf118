// Each service keeps its state as one JSON document under the state folder, rewritten
// atomically after every change, so a restart (or a crash) keeps what was made.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class PersistentState<T> {
  private readonly file: string;
  readonly data: T;

  constructor(stateDir: string, name: string, initial: () => T) {
    this.file = join(stateDir, `${name}.json`);
    this.data = readJson<T>(this.file) ?? initial();
  }

  /** Call after every mutation of `data`. */
  save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.file);
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`local cloud state file ${file} is unreadable: ${(err as Error).message}. Delete it or the state folder to start fresh.`);
  }
}
