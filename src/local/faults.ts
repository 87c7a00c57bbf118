// Fault options that make the local cloud behave like a distant, busy AWS, for tests of the
// deploy engine. All off by default.

export interface FaultOptions {
  /** Added to every control-plane call (not the data plane, not DynamoDB). */
  latencyMs?: number;
  /** For this long after CreateRole, Lambda refuses the role as "cannot be assumed". */
  iamPropagationMs?: number;
  /**
   * API Gateway control-plane quotas (CreateDeployment 1/5 s, ImportRestApi 1/3 s, PutRestApi 1/s,
   * DeleteRestApi 1/30 s). The number scales the windows: 1 is AWS's, 0.01 is a hundred times faster.
   */
  apiGatewayQuotaScale?: number;
  /**
   * How long a created/updated Lambda function stays Pending/InProgress (clock time), so SDK
   * waiters poll as on AWS and a second update meanwhile gets ResourceConflictException.
   * Default 10 ms; 0 makes every change complete at once.
   */
  lambdaStateDelayMs?: number;
  /** Fraction (0..1) of control-plane calls answered with a random 500/503. */
  errorRate?: number;
  /** Seed for the random error choice, so a failing test can be replayed. */
  seed?: number;
}

/** Small deterministic PRNG (mulberry32) so error injection replays from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sliding-window limiter: at most one call per window per key, as API Gateway's fixed quotas. */
export class WindowLimiter {
  private readonly lastCall = new Map<string, number>();
  constructor(private readonly now: () => number) {}

  /** Returns true when the call may proceed (and records it), false when throttled. */
  tryAcquire(key: string, windowMs: number): boolean {
    const now = this.now();
    const last = this.lastCall.get(key);
    if (last !== undefined && now - last < windowMs) return false;
    this.lastCall.set(key, now);
    return true;
  }
}
