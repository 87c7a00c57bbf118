// Each service keeps its state as one JSON document under the state folder, rewritten
// atomically after every change, so a restart (or a crash) keeps what was made. A control-plane
// operation runs in a transaction (./transaction.ts): if it fails, the documents it saved are
// put back as they were before it, in memory and on disk.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { currentTransaction, type Transaction } from './transaction.js';

/** Every state document of a state folder, by name, so a failed operation can find its own. */
const registry = new Map<string, Map<string, PersistentState<unknown>>>();

export function statesOf(stateDir: string): Map<string, PersistentState<unknown>> {
  return registry.get(stateDir) ?? new Map();
}

export class PersistentState<T> {
  private readonly file: string;
  readonly data: T;
  /** The document as last written: what a failed operation is rolled back to. */
  private savedText: string;
  private savedBy: Transaction | undefined;
  private saves = 0;

  constructor(stateDir: string, readonly name: string, initial: () => T) {
    this.file = join(stateDir, `${name}.json`);
    const text = readText(this.file);
    this.data = text === undefined ? initial() : parse<T>(this.file, text);
    this.savedText = text ?? JSON.stringify(this.data);
    const states = registry.get(stateDir) ?? new Map<string, PersistentState<unknown>>();
    states.set(name, this as PersistentState<unknown>);
    registry.set(stateDir, states);
  }

  /** Call after every mutation of `data`. */
  save(): void {
    const tx = currentTransaction();
    tx?.touch(this as PersistentState<unknown>, this.savedText, this.saves);
    this.write(JSON.stringify(this.data));
    this.savedBy = tx;
    this.saves++;
  }

  /**
   * Puts the document back as it was before `tx` first saved it, unless another operation
   * saved it since (then its save, which holds the newer state, stands). With no save by
   * `tx`, unsaved changes in memory are dropped.
   */
  rollback(tx: Transaction, before: string | undefined, savesBefore: number): void {
    if (before !== undefined && this.savedBy === tx) {
      this.write(before);
      this.savedBy = undefined;
      this.saves++;
    } else if (before !== undefined && this.saves !== savesBefore) {
      return;
    }
    if (!this.memoryMatches(this.savedText)) restoreInPlace(this.data as object, JSON.parse(this.savedText) as object);
  }

  private memoryMatches(text: string): boolean {
    try {
      return JSON.stringify(this.data) === text;
    } catch {
      return false; // a document that no longer serialises is never the saved one
    }
  }

  private write(text: string) {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.file);
    this.savedText = text;
  }
}

/** Others hold `data` (ports, stores): its identity stays, its content is replaced. */
function restoreInPlace(target: object, source: object) {
  const record = target as Record<string, unknown>;
  for (const key of Object.keys(record)) delete record[key];
  Object.assign(record, source);
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parse<T>(file: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`local cloud state file ${file} is unreadable: ${(err as Error).message}. Delete it or the state folder to start fresh.`);
  }
}
