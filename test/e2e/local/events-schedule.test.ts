// The schedule expressions' arithmetic, directly: when does each rule fire next (UTC)?
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../src/local/events/schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next `count` fire times after `from`. */
function fires(expression: string, from: string, count: number, anchor = at(from)): (string | undefined)[] {
  const schedule = parseSchedule(expression);
  const out: (string | undefined)[] = [];
  let t: number | undefined = at(from);
  for (let i = 0; i < count && t !== undefined; i++) {
    t = schedule.next(t, anchor);
    out.push(iso(t));
  }
  return out;
}

describe('rate() schedules', () => {
  it('count periods from the anchor (when the rule was made)', () => {
    expect(fires('rate(5 minutes)', '2026-01-01T00:00:30.000Z', 3)).toEqual([
      '2026-01-01T00:05:30.000Z', '2026-01-01T00:10:30.000Z', '2026-01-01T00:15:30.000Z',
    ]);
    expect(fires('rate(1 day)', '2026-03-01T12:00:00.000Z', 1)).toEqual(['2026-03-02T12:00:00.000Z']);
    expect(fires('rate(2 hours)', '2026-03-01T12:00:00.000Z', 1)).toEqual(['2026-03-01T14:00:00.000Z']);
  });

  it('refuse singular/plural mismatches and zero, as AWS does', () => {
    for (const bad of ['rate(1 minutes)', 'rate(2 hour)', 'rate(0 minutes)', 'rate(1 week)', 'rate(-1 minute)']) {
      expect(() => parseSchedule(bad), bad).toThrow(/ScheduleExpression is not valid/);
    }
  });
});

describe('cron() schedules', () => {
  it('fire at fixed times every day', () => {
    expect(fires('cron(15 10 * * ? *)', '2026-01-01T11:00:00.000Z', 2)).toEqual(['2026-01-02T10:15:00.000Z', '2026-01-03T10:15:00.000Z']);
  });

  it('honour steps, ranges and lists', () => {
    expect(fires('cron(0/15 * * * ? *)', '2026-01-01T00:07:00.000Z', 3)).toEqual([
      '2026-01-01T00:15:00.000Z', '2026-01-01T00:30:00.000Z', '2026-01-01T00:45:00.000Z',
    ]);
    expect(fires('cron(0 8,17 * * ? *)', '2026-01-01T09:00:00.000Z', 2)).toEqual(['2026-01-01T17:00:00.000Z', '2026-01-02T08:00:00.000Z']);
  });

  it('use day-of-week with 1 = SUN and names (MON-FRI skips the weekend)', () => {
    // 2026-01-02 is a Friday.
    expect(fires('cron(0 9 ? * MON-FRI *)', '2026-01-02T10:00:00.000Z', 2)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z']);
    expect(fires('cron(0 0 ? * 1 *)', '2026-01-01T00:00:00.000Z', 1)).toEqual(['2026-01-04T00:00:00.000Z']);
  });

  it('honour month and year, and end when the year range is over', () => {
    expect(fires('cron(0 12 1 JUN ? 2026-2027)', '2026-07-01T00:00:00.000Z', 2)).toEqual(['2027-06-01T12:00:00.000Z', undefined]);
    expect(fires('cron(0 0 31 * ? *)', '2026-02-01T00:00:00.000Z', 1)).toEqual(['2026-03-31T00:00:00.000Z']);
  });

  it('refuse malformed expressions with a reason', () => {
    expect(() => parseSchedule('cron(0 9 * * MON *)')).toThrow(/Exactly one of day-of-month and day-of-week/);
    expect(() => parseSchedule('cron(0 9 * *)')).toThrow(/6 fields/);
    expect(() => parseSchedule('cron(61 9 * * ? *)')).toThrow(/out of range/);
    expect(() => parseSchedule('cron(0 9 L * ? *)')).toThrow(/L, W and #/);
    expect(() => parseSchedule('cron(0 9 ? * 2#1 *)')).toThrow(/L, W and #/);
    expect(() => parseSchedule('cron(0 ? * * ? *)')).toThrow(/"\?" is allowed only/);
  });
});
