// Each service keeps its state as one document in memory, persisted under the state folder as a
// snapshot plus a journal of the entries each save changed (./persist/): a save costs the change,
// not the document, and a restart (or a crash) replays what was saved. A control-plane operation
// runs in a transaction (./transaction.ts): if it fails, the entries it saved are put back as they
// were before it, in memory and on disk; if it succeeds, its answer waits until they are durable.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { allowCloningTrackedState } from './persist/clone-guard.js';
import { Journal, type JournalOptions } from './persist/journal.js';
import { ChangeTracker, entryPath, type Entry } from './persist/tracking.js';

export { untrack } from './persist/tracking.js';
import { currentTransaction, type Transaction } from './transaction.js';

allowCloningTrackedState();

/** Every state document of a state folder, by name, so a failed operation can find its own. */
const registry = new Map<string, Map<string, PersistentState<unknown>>>();

export function statesOf(stateDir: string): Map<string, PersistentState<unknown>> {
  return registry.get(stateDir) ?? new Map();
}

/** Closes the journals of a state folder (the local cloud stopping), after their pending syncs. */
export async function closeStates(stateDir: string): Promise<void> {
  const states = registry.get(stateDir);
  registry.delete(stateDir);
  await Promise.all([...(states?.values() ?? [])].map((state) => state.close()));
}

/** A document as a restart would load it (for tests and tools; nothing is written). */
export function readStateDocument(stateDir: string, name: string): unknown {
  const loaded = new Journal(stateDir, name, { warn: () => undefined }).load();
  const data = (loaded.snapshot === undefined ? {} : JSON.parse(loaded.snapshot)) as object;
  replay(new ChangeTracker(data), loaded.records);
  return data;
}

export type StateOptions = JournalOptions;

export class PersistentState<T> {
  private readonly tracker: ChangeTracker<T & object>;
  private readonly journal: Journal;
  /** Who saved each entry last, while that operation is open: its rollback may put the entry back. */
  private readonly savedBy = new Map<Entry, Transaction>();

  constructor(stateDir: string, readonly name: string, initial: () => T, options: StateOptions = {}) {
    mkdirSync(stateDir, { recursive: true });
    this.journal = new Journal(stateDir, name, options);
    const loaded = this.journal.load();
    const data = (loaded.snapshot === undefined ? initial() : parse<T>(join(stateDir, `${name}.json`), loaded.snapshot)) as T & object;
    this.tracker = new ChangeTracker(data);
    replay(this.tracker, loaded.records);
    // A damaged journal is replaced by what it still held; a long one is folded in while nothing waits.
    if (loaded.damaged || this.journal.wantsCompaction) this.journal.resetTo(JSON.stringify(data));
    const states = registry.get(stateDir) ?? new Map<string, PersistentState<unknown>>();
    void states.get(name)?.close();
    states.set(name, this as PersistentState<unknown>);
    registry.set(stateDir, states);
  }

  /** The live document. Writes to it at any depth are noted; save() persists them. */
  get data(): T {
    return this.tracker.proxy;
  }

  /** The same document without change tracking: for fields that are derived, not persisted. */
  get untracked(): T {
    return this.tracker.raw;
  }

  /** Call after every mutation of `data`: appends the changed entries to the journal. */
  save(): void {
    const changed = this.tracker.changed;
    if (changed.size === 0) return;
    const records = [...changed.keys()].map((entry) => recordOf(entry, this.tracker.textOf(entry)));
    const before = this.tracker.take();
    this.journal.append(records);
    const tx = currentTransaction();
    for (const [entry, text] of before) {
      if (tx?.touch(this as PersistentState<unknown>, entry, text)) this.savedBy.set(entry, tx);
      else this.savedBy.delete(entry);
    }
    if (this.journal.wantsCompaction) this.compact();
  }

  /** Resolves when every save made so far is on stable storage. */
  durable(): Promise<void> {
    return this.journal.durable();
  }

  /**
   * Puts back the entries `tx` saved (newest first) unless another operation saved them since,
   * and drops every unsaved change in memory.
   */
  rollback(tx: Transaction, saved: ReadonlyMap<Entry, string | undefined>): void {
    const records: string[] = [];
    const putBack = (entry: Entry, text: string | undefined) => {
      this.tracker.restore(entry, text === undefined ? undefined : JSON.parse(text));
      records.push(recordOf(entry, text));
    };
    for (const [entry, text] of [...this.tracker.take()].reverse()) putBack(entry, text);
    for (const [entry, text] of [...saved].reverse()) {
      if (this.savedBy.get(entry) !== tx) continue;
      this.savedBy.delete(entry);
      putBack(entry, text);
    }
    this.journal.append(records);
  }

  /** `tx` ended well: its saves are no longer its to undo. */
  release(tx: Transaction, entries: Iterable<Entry>): void {
    for (const entry of entries) if (this.savedBy.get(entry) === tx) this.savedBy.delete(entry);
  }

  /** Resolves when a background compaction, if any, has finished. */
  settled(): Promise<void> {
    return this.journal.settled();
  }

  async close(): Promise<void> {
    await this.journal.close();
  }

  private compact(): void {
    let text: string;
    try {
      text = JSON.stringify(this.tracker.raw);
    } catch {
      return; // an unsaved poisoned change is in memory: its rollback comes first, compaction later
    }
    this.journal.compact(text).catch((err: Error) => process.emitWarning(`compacting the ${this.name} state failed: ${err.message}`, 'LocalCloudState'));
  }
}

function recordOf(entry: Entry, text: string | undefined): string {
  return `{"e":${JSON.stringify(entryPath(entry))}${text === undefined ? '' : `,"v":${text}`}}`;
}

function replay(tracker: ChangeTracker<object>, records: string[]): void {
  for (const record of records) {
    const { e, v } = JSON.parse(record) as { e: string[]; v?: unknown };
    tracker.restore(e.join('\u0000'), v);
  }
}

function parse<T>(file: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`local cloud state file ${file} is unreadable: ${(err as Error).message}. Delete it or the state folder to start fresh.`);
  }
}
