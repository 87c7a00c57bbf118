// Retries by error class with an injected clock: no test sleeps.
import { describe, expect, it } from 'vitest';
import { classify, DEFAULT_RETRY_POLICY, withRetries, type RetryClock } from '../../../src/aws/retry.js';

const error = (name: string, message = '', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

function fakeClock(): RetryClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

describe('classify', () => {
  it('names the error classes AWS makes us wait out', () => {
    expect(classify(error('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.'))).toBe('iamPropagation');
    expect(classify(error('InvalidParameterValueException', 'Unsupported runtime'))).toBe('fatal');
    expect(classify(error('BadRequestException', 'The role ARN does not have required permissions set to API Gateway'))).toBe('iamPropagation');
    expect(classify(error('BadRequestException', 'Invalid patch path'))).toBe('fatal');
    expect(classify(error('TooManyRequestsException', 'Too Many Requests'))).toBe('throttled');
    expect(classify(error('ResourceConflictException', 'The operation cannot be performed at this time. An update is in progress'))).toBe('conflict');
    expect(classify(error('ResourceConflictException', 'The statement id (x) provided already exists.'))).toBe('fatal');
    expect(classify(error('ServiceUnavailable', '', { $metadata: { httpStatusCode: 503 } }))).toBe('transient');
    expect(classify(error('Whatever', '', { $metadata: { httpStatusCode: 500 } }))).toBe('transient');
    expect(classify(error('AccessDeniedException', 'no'))).toBe('fatal');
    expect(classify(error('LimitExceededException', 'Cannot exceed quota for PoliciesPerRole: 10'))).toBe('fatal');
  });
});

describe('withRetries', () => {
  const ctx = (clock: RetryClock) => ({ clock, random: () => 0.5, policy: DEFAULT_RETRY_POLICY });

  it('waits out IAM propagation with growing delays, then succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await withRetries(async () => {
      if (++calls < 5) throw error('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.');
      return 'made';
    }, ctx(clock));
    expect(result).toBe('made');
    expect(clock.slept).toHaveLength(4);
    expect(clock.slept[1]!).toBeGreaterThan(clock.slept[0]!);
    expect(clock.slept.every((ms) => ms <= DEFAULT_RETRY_POLICY.iamPropagation.maxDelayMs)).toBe(true);
  });

  it('gives up on IAM propagation after about 2.5 minutes', async () => {
    const clock = fakeClock();
    const failing = () => Promise.reject(error('InvalidParameterValueException', 'cannot be assumed by Lambda'));
    await expect(withRetries(failing, ctx(clock))).rejects.toThrow(/cannot be assumed/);
    expect(clock.now()).toBeGreaterThan(100_000);
    expect(clock.now()).toBeLessThanOrEqual(150_000);
  });

  it("honours API Gateway's Retry-After", async () => {
    const clock = fakeClock();
    let calls = 0;
    await withRetries(async () => {
      if (++calls === 1) throw error('TooManyRequestsException', 'Too Many Requests', { retryAfterSeconds: '30' });
      return 1;
    }, ctx(clock));
    expect(clock.slept[0]).toBeGreaterThanOrEqual(30_000);
  });

  it('waits for the update in progress before retrying a conflict', async () => {
    const clock = fakeClock();
    const order: string[] = [];
    let calls = 0;
    await withRetries(async () => {
      order.push('call');
      if (++calls === 1) throw error('ResourceConflictException', 'An update is in progress for resource');
      return 1;
    }, ctx(clock), { onConflict: async () => { order.push('waiter'); } });
    expect(order).toEqual(['call', 'waiter', 'call']);
  });

  it('does not retry a fatal error', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(withRetries(async () => { calls++; throw error('ValidationException', 'bad'); }, ctx(clock))).rejects.toThrow('bad');
    expect(calls).toBe(1);
    expect(clock.slept).toEqual([]);
  });
});
