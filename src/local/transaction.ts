// One control-plane operation as a transaction over the state documents it saves: the first
// save of each entry records the entry's text before it (already at hand), so success costs
// nothing and failure restores exactly that. Carried by AsyncLocalStorage, so the saves of
// awaited work inside the operation count and timers it leaves behind (after it ended) do not.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PersistentState } from './persist.js';

export class Transaction {
  /** Per document: the entries this operation saved, with their text before its first save. */
  private readonly touched = new Map<PersistentState<unknown>, Map<string, string | undefined>>();
  private open = true;
  /** Other writes the answer waits for (e.g. log events to their files). */
  private readonly pending: Promise<unknown>[] = [];

  /** Notes a save of `entry`; false once the transaction ended (the save is then a plain one). */
  touch(state: PersistentState<unknown>, entry: string, before: string | undefined): boolean {
    if (!this.open) return false;
    const entries = this.touched.get(state) ?? new Map<string, string | undefined>();
    if (!entries.has(entry)) entries.set(entry, before);
    this.touched.set(state, entries);
    return true;
  }

  /** Ends the transaction; later saves made in its async context are plain saves. */
  commit(): void {
    this.open = false;
    for (const [state, entries] of this.touched) state.release(this, entries.keys());
  }

  /** The answer also waits for `write` (a write outside the state documents). */
  waitFor(write: Promise<unknown>): void {
    this.pending.push(write);
  }

  /** Resolves when what this operation saved is on stable storage: when AWS would answer. */
  async durable(): Promise<void> {
    await Promise.all([...[...this.touched.keys()].map((state) => state.durable()), ...this.pending]);
  }

  /** Rolls back what it saved, and the unsaved in-memory changes of `also` (the service's own documents). */
  rollback(also: Iterable<PersistentState<unknown>>): void {
    this.open = false;
    for (const [state, entries] of this.touched) state.rollback(this, entries);
    for (const state of also) if (!this.touched.has(state)) state.rollback(this, new Map());
  }
}

const storage = new AsyncLocalStorage<Transaction>();
/** Transactions under way. At none the storage is disabled: while any AsyncLocalStorage is enabled,
 *  Node runs promise hooks on every promise in the process, about a tenth of a data-plane request. */
let running = 0;

export const currentTransaction = (): Transaction | undefined => storage.getStore();

export async function inTransaction<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  running++;
  try {
    return await storage.run(tx, work);
  } finally {
    // Work the operation left behind sees no transaction then, as it would see an ended one.
    if (--running === 0) storage.disable();
  }
}
