import { describe, expect, it } from 'vitest';
import { CallJournal, MAX_CALLS } from '../../../src/local/call-journal.js';

const call = (operation: string) => ({ service: 'execute-api', operation, status: 200, ms: 1 });

describe('the call journal', () => {
  it('holds bounded memory under load: past MAX_CALLS the oldest calls go, numbering goes on', () => {
    const journal = new CallJournal(() => 0);
    for (let i = 1; i <= MAX_CALLS * 3; i++) journal.record(call(`GET /${i}`));
    const kept = journal.all();
    expect(kept.length).toBeLessThanOrEqual(MAX_CALLS);
    expect(kept.length).toBeGreaterThanOrEqual(MAX_CALLS / 2);
    expect(kept.at(-1)).toMatchObject({ seq: MAX_CALLS * 3, operation: `GET /${MAX_CALLS * 3}` });
    expect(kept.map((c) => c.seq)).toEqual(kept.map((_, i) => kept[0]!.seq! + i)); // contiguous: only the oldest were dropped
  });

  it('answers the calls after a number, in order', async () => {
    const journal = new CallJournal(() => 0);
    for (let i = 1; i <= 5; i++) journal.record(call(`GET /${i}`));
    expect((await journal.after(3)).map((c) => c.seq)).toEqual([4, 5]);
    expect(await journal.after(5)).toEqual([]);
    expect((await journal.after(0)).length).toBe(5);
  });
});
