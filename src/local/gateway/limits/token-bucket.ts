// Token buckets as API Gateway throttles with them: rateLimit tokens per second refill a bucket
// of burstLimit capacity; a request takes one token or is throttled.

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface ThrottleLimits {
  rateLimit?: number;
  burstLimit?: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** True when a token was taken; false when the request must be throttled. No limits: always true. */
  take(key: string, limits: ThrottleLimits, nowMs: number): boolean {
    const rate = limits.rateLimit;
    const burst = limits.burstLimit;
    if ((rate === undefined || rate < 0) && (burst === undefined || burst < 0)) return true;
    const capacity = Math.max(0, burst ?? Math.ceil(rate ?? 0));
    const perMs = Math.max(0, rate ?? 0) / 1000;
    // The limits are part of the key so a changed setting starts a fresh bucket.
    const fullKey = `${key}|${rate}|${burst}`;
    let bucket = this.buckets.get(fullKey);
    if (!bucket) {
      bucket = { tokens: capacity, updatedMs: nowMs };
      this.buckets.set(fullKey, bucket);
    } else {
      bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) * perMs);
      bucket.updatedMs = nowMs;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
