// Retries by error class. The SDK's standard strategy already retries a few 5xx/throttles with
// short delays; these classes are the ones AWS makes us wait out for much longer, each named
// by what it waits for. Time is injected (clock + random) so tests never sleep.

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemRetryClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type ErrorClass = 'iamPropagation' | 'throttled' | 'conflict' | 'transient' | 'fatal';

export interface ClassPolicy {
  /** First delay; doubled each attempt up to maxDelayMs, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  budgetMs: number;
}

export type RetryPolicy = Record<Exclude<ErrorClass, 'fatal'>, ClassPolicy>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  // A new role takes seconds to minutes to be usable by Lambda; AWS advises waiting up to ~2.5 min.
  iamPropagation: { baseDelayMs: 1_000, maxDelayMs: 10_000, budgetMs: 150_000 },
  // API Gateway control-plane quotas are per account and coarse (CreateDeployment 1 per 5 s,
  // DeleteRestApi 1 per 30 s): waits must be as long as the windows.
  throttled: { baseDelayMs: 2_000, maxDelayMs: 35_000, budgetMs: 300_000 },
  // "An update is in progress": wait for the update (a waiter when we have one), then again.
  conflict: { baseDelayMs: 1_000, maxDelayMs: 8_000, budgetMs: 120_000 },
  transient: { baseDelayMs: 200, maxDelayMs: 10_000, budgetMs: 60_000 },
};

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  retryAfterSeconds?: string | number;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

export function errorName(err: unknown): string {
  const e = err as ErrorShape | undefined;
  return e?.name ?? e?.code ?? 'Error';
}

export function httpStatusOf(err: unknown): number | undefined {
  return (err as ErrorShape | undefined)?.$metadata?.httpStatusCode;
}

const THROTTLE_NAMES = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException',
  'RequestLimitExceeded', 'TooManyRequests', 'LimitExceededException', 'ProvisionedThroughputExceededException']);
const CONFLICT_NAMES = new Set(['ResourceConflictException', 'ConflictException', 'ResourceInUseException',
  'ConcurrentModificationException', 'ConcurrentModification', 'OperationAbortedException']);
const TRANSIENT_NAMES = new Set(['InternalFailure', 'InternalError', 'InternalServerError', 'InternalServerErrorException',
  'ServiceUnavailable', 'ServiceUnavailableException', 'ServiceException', 'ServiceFailure', 'RequestTimeout',
  'RequestTimeoutException', 'ECONNRESET', 'EPIPE']);
// A client-side timeout (TimeoutError, ETIMEDOUT) is not in the list: the SDK's own attempts already
// retried it, and waiting out a silent endpoint for a minute more helps nobody.

export function classify(err: unknown): ErrorClass {
  const name = errorName(err);
  const message = (err as ErrorShape | undefined)?.message ?? '';
  if (name === 'InvalidParameterValueException' && /cannot be assumed|role.*assume/i.test(message)) return 'iamPropagation';
  // API Gateway's UpdateAccount right after CreateRole/AttachRolePolicy, before IAM has propagated.
  if (name === 'BadRequestException' && /role ARN does not have required permissions/i.test(message)) return 'iamPropagation';
  if (THROTTLE_NAMES.has(name) || httpStatusOf(err) === 429) {
    // LimitExceededException also means "too many of a thing" (a real quota), which waiting will not fix.
    if (name === 'LimitExceededException' && !/rate|too many requests|throttl/i.test(message)) return 'fatal';
    return 'throttled';
  }
  // "already exists" is a ResourceConflictException too, but no waiting makes it go away.
  if (CONFLICT_NAMES.has(name)) return /already exist/i.test(message) ? 'fatal' : 'conflict';
  if (TRANSIENT_NAMES.has(name) || (httpStatusOf(err) ?? 0) >= 500) return 'transient';
  if (/socket hang up|ECONNRESET/i.test(message)) return 'transient';
  return 'fatal';
}

/** Retry-After, as API Gateway's TooManyRequestsException carries it (seconds). */
export function retryAfterMs(err: unknown): number | undefined {
  const e = err as ErrorShape | undefined;
  const raw = e?.retryAfterSeconds ?? e?.$response?.headers?.['retry-after'];
  const seconds = typeof raw === 'string' ? Number(raw) : raw;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export interface RetryContext {
  clock: RetryClock;
  random: () => number;
  policy: RetryPolicy;
  /** Called before each wait, for progress output. */
  onRetry?: (info: { errorClass: ErrorClass; attempt: number; delayMs: number; error: unknown }) => void;
}

export interface RetryHooks {
  /** For 'conflict': wait for whatever is in progress (an SDK waiter) before trying again. */
  onConflict?: () => Promise<void>;
}

export function backoffDelay(policy: ClassPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // "Equal jitter": at least half the ceiling, so coarse quotas are still waited out.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export async function withRetries<T>(fn: () => Promise<T>, ctx: RetryContext, hooks: RetryHooks = {}): Promise<T> {
  const started = ctx.clock.now();
  const attempts: Partial<Record<ErrorClass, number>> = {};
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const errorClass = classify(err);
      if (errorClass === 'fatal') throw err;
      const policy = ctx.policy[errorClass];
      const attempt = attempts[errorClass] ?? 0;
      attempts[errorClass] = attempt + 1;
      let delayMs = backoffDelay(policy, attempt, ctx.random);
      const hinted = errorClass === 'throttled' ? retryAfterMs(err) : undefined;
      if (hinted !== undefined) delayMs = Math.max(hinted, Math.min(delayMs, hinted + policy.baseDelayMs));
      if (ctx.clock.now() + delayMs - started > policy.budgetMs) throw err;
      ctx.onRetry?.({ errorClass, attempt: attempt + 1, delayMs, error: err });
      // The waiter's own failure is not ours to report: the retried call will say what is wrong.
      if (errorClass === 'conflict' && hooks.onConflict) await hooks.onConflict().catch(() => undefined);
      await ctx.clock.sleep(delayMs);
    }
  }
}
