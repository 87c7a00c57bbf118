// A failed operation leaves the state documents as they were before it, in memory and on disk;
// a concurrent operation's save stands.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PersistentState, readStateDocument } from '../../../src/local/persist.js';
import { currentTransaction, inTransaction, Transaction } from '../../../src/local/transaction.js';

type Doc = { items: Record<string, unknown> };

describe('operations as transactions over PersistentState', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tx-'));
    dirs.push(dir);
    const state = new PersistentState<Doc>(dir, 'svc', () => ({ items: {} }));
    state.data.items.kept = 1;
    state.save();
    // What a restart would load, as text.
    return { dir, state, file: () => JSON.stringify(readStateDocument(dir, 'svc')) };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('puts back a document the failed operation saved', async () => {
    const { state, file } = fresh();
    const before = file();
    const tx = new Transaction();
    await inTransaction(tx, async () => {
      state.data.items.made = 2;
      state.save();
    });
    tx.rollback([]);
    expect(file()).toBe(before);
    expect(state.data).toEqual({ items: { kept: 1 } });
  });

  it('keeps a transaction current through its awaits while another one starts and ends', async () => {
    // The storage is disabled whenever no transaction runs (its promise hooks cost every request):
    // one ending must not take the context from one still running.
    const [first, second] = [new Transaction(), new Transaction()];
    let releaseFirst!: () => void;
    const firstWaits = new Promise<void>((resolve) => (releaseFirst = resolve));
    const seen: (Transaction | undefined)[] = [];
    const running = inTransaction(first, async () => {
      await firstWaits;
      seen.push(currentTransaction());
      await Promise.resolve();
      seen.push(currentTransaction());
    });
    await inTransaction(second, async () => {
      await Promise.resolve();
      seen.push(currentTransaction());
    });
    releaseFirst();
    await running;
    expect(seen).toEqual([second, first, first]);
    expect(currentTransaction()).toBeUndefined();
    // And a new one after all ended sees itself.
    const third = new Transaction();
    expect(await inTransaction(third, async () => {
      await Promise.resolve();
      return currentTransaction();
    })).toBe(third);
  });

  it('drops a change that can no longer be saved (the poisoned-record case)', async () => {
    const { state, file } = fresh();
    const before = file();
    const tx = new Transaction();
    let deep: unknown[] = [];
    const root = deep;
    for (let i = 0; i < 20000; i++) deep = (deep[0] = []) as unknown[];
    await expect(inTransaction(tx, async () => {
      state.data.items.poison = root;
      state.save();
    })).rejects.toThrow(RangeError);
    tx.rollback([state as PersistentState<unknown>]);
    expect(file()).toBe(before);
    expect(state.data).toEqual({ items: { kept: 1 } });
    state.data.items.later = 3;
    state.save();
    expect(JSON.parse(file())).toEqual({ items: { kept: 1, later: 3 } });
  });

  it('drops unsaved changes of the service\'s own document on an unexpected failure', async () => {
    const { state, file } = fresh();
    const tx = new Transaction();
    await inTransaction(tx, async () => {
      state.data.items.half = 'done';
    });
    tx.rollback([state as PersistentState<unknown>]);
    expect(state.data).toEqual({ items: { kept: 1 } });
    expect(JSON.parse(file())).toEqual({ items: { kept: 1 } });
  });

  it('undoes the failed operation\'s own entries and keeps another operation\'s later save', async () => {
    const { state, file } = fresh();
    const failing = new Transaction();
    await inTransaction(failing, async () => {
      state.data.items.mine = 1;
      state.save();
    });
    const other = new Transaction();
    await inTransaction(other, async () => {
      state.data.items.theirs = 2;
      state.save();
    });
    other.commit();
    failing.rollback([]);
    expect(JSON.parse(file())).toEqual({ items: { kept: 1, theirs: 2 } });
    expect(state.data).toEqual({ items: { kept: 1, theirs: 2 } });
  });

  it('keeps an entry that another operation saved after the failed one (its save holds the newer state)', async () => {
    const { state, file } = fresh();
    const failing = new Transaction();
    await inTransaction(failing, async () => {
      state.data.items.shared = 'mine';
      state.save();
    });
    const other = new Transaction();
    await inTransaction(other, async () => {
      state.data.items.shared = 'theirs';
      state.save();
    });
    other.commit();
    failing.rollback([]);
    expect(JSON.parse(file())).toEqual({ items: { kept: 1, shared: 'theirs' } });
  });
});
