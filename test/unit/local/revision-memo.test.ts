import { describe, expect, it } from 'vitest';
import { RevisionMemo } from '../../../src/local/persist/revision-memo.js';
import { ChangeTracker } from '../../../src/local/persist/tracking.js';

describe('answers kept while the state holds', () => {
  it('reuses an answer until any tracked state is written, then computes it again', () => {
    const tracker = new ChangeTracker<{ policies: Record<string, string> }>({ policies: { f: 'allow' } });
    const memo = new RevisionMemo<string>();
    let computed = 0;
    const ask = () => memo.get('f', () => (computed++, tracker.proxy.policies.f ?? 'none'));
    expect([ask(), ask(), ask()]).toEqual(['allow', 'allow', 'allow']);
    expect(computed).toBe(1);
    delete tracker.proxy.policies.f; // RemovePermission
    expect(ask()).toBe('none');
    tracker.proxy.policies.f = 'deny';
    expect(ask()).toBe('deny');
    tracker.restore('policies', { f: 'allow' }); // a rollback or a replay
    expect(ask()).toBe('allow');
    expect(computed).toBe(4);
  });

  it('stays bounded', () => {
    const memo = new RevisionMemo<number>(10);
    for (let i = 0; i < 100; i++) memo.get(String(i), () => i);
    let recomputed = 0;
    memo.get('0', () => ++recomputed);
    expect(recomputed).toBe(1);
  });
});

describe('answers that also age', () => {
  it('are computed again past maxAgeMs even when no state changed', () => {
    const memo = new RevisionMemo<number>(10, 1_000);
    let computed = 0;
    const ask = (now: number) => memo.get('k', () => ++computed, now);
    expect([ask(0), ask(999)]).toEqual([1, 1]);
    expect(ask(1_000)).toBe(2);
    expect(ask(1_500)).toBe(2);
  });
});
