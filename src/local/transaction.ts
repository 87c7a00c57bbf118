// One control-plane operation as a transaction over the state documents it saves: the first
// save of each document records the text before it (a reference, nothing copied), so success
// costs nothing and failure restores exactly that. Carried by AsyncLocalStorage, so the saves
// of awaited work inside the operation count and timers it leaves behind (after it ended) do not.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PersistentState } from './persist.js';

interface Touched {
  before: string;
  savesBefore: number;
}

export class Transaction {
  private readonly touched = new Map<PersistentState<unknown>, Touched>();
  private open = true;

  touch(state: PersistentState<unknown>, before: string, savesBefore: number): void {
    if (this.open && !this.touched.has(state)) this.touched.set(state, { before, savesBefore });
  }

  /** Ends the transaction; later saves made in its async context are plain saves. */
  commit(): void {
    this.open = false;
  }

  /** Rolls back what it saved, and the unsaved in-memory changes of `also` (the service's own documents). */
  rollback(also: Iterable<PersistentState<unknown>>): void {
    this.open = false;
    for (const [state, { before, savesBefore }] of this.touched) state.rollback(this, before, savesBefore);
    for (const state of also) if (!this.touched.has(state)) state.rollback(this, undefined, 0);
  }
}

const storage = new AsyncLocalStorage<Transaction>();

export const currentTransaction = (): Transaction | undefined => storage.getStore();

export function inTransaction<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  return storage.run(tx, work);
}
