// The parity normalisation itself: placeholders bind, dates match, extra and missing fields count.
import { describe, expect, it } from 'vitest';
import { Matcher, verdictOf } from './match.js';

describe('parity matcher', () => {
  it('binds a numbered placeholder to one value across the case', () => {
    const matcher = new Matcher('000000000000');
    expect(matcher.compare({ id: '<id:1>' }, { id: 'abc' })).toEqual([]);
    expect(matcher.compare({ again: 'api <id:1>' }, { again: 'api abc' })).toEqual([]);
    expect(matcher.compare({ again: '<id:1>' }, { again: 'xyz' })).toHaveLength(1);
  });

  it('reads the recording account as the local account and dates as any timestamp', () => {
    const matcher = new Matcher('000000000000');
    const expected = { arn: 'arn:<partition>:lambda:<region>:111111111111:function:<name:1>', created: 'datetime' };
    expect(matcher.compare(expected, { arn: 'arn:aws:lambda:us-east-1:000000000000:function:f', created: new Date() })).toEqual([]);
    expect(matcher.compare(expected, { arn: 'arn:aws:lambda:us-east-1:222222222222:function:f', created: new Date() })).toHaveLength(1);
  });

  it('counts extra and missing fields as deviations, message text alone as wording', () => {
    const matcher = new Matcher('000000000000');
    const extra = matcher.compare({ a: 1 }, { a: 1, b: 2 });
    expect(verdictOf(extra)).toBe('deviates');
    expect(verdictOf(matcher.compare({ a: 1, b: 2 }, { a: 1 }))).toBe('deviates');
    const wording = matcher.compare({ Error: { Code: 'X', Message: 'Invalid id' } }, { Error: { Code: 'X', Message: 'Bad id' } });
    expect(verdictOf(wording)).toBe('wording');
    expect(verdictOf(matcher.compare({ Error: { Code: 'X' } }, { Error: { Code: 'Y' } }))).toBe('deviates');
  });

  it('compares placeholders against numbers as text', () => {
    const matcher = new Matcher('000000000000');
    expect(matcher.compare({ CodeSize: '<code-size>' }, { CodeSize: 312 })).toEqual([]);
    expect(matcher.compare({ Timeout: 3 }, { Timeout: 30 })).toHaveLength(1);
  });
});
