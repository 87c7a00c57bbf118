// API Gateway's fixed control-plane quotas, enforced only when the apiGatewayQuotaScale fault is
// set: CreateDeployment 1 per 5 s, ImportRestApi 1 per 3 s, PutRestApi 1 per s, DeleteRestApi 1 per 30 s.
import type { CloudContext } from '../context.js';
import { WindowLimiter } from '../faults.js';
import { TooManyRequestsError } from './errors.js';

export const QUOTA_WINDOWS_MS = {
  CreateDeployment: 5_000,
  ImportRestApi: 3_000,
  PutRestApi: 1_000,
  DeleteRestApi: 30_000,
} as const;

export type QuotaOperation = keyof typeof QUOTA_WINDOWS_MS;

export class QuotaGuard {
  private readonly limiter: WindowLimiter;

  constructor(private readonly ctx: CloudContext) {
    this.limiter = new WindowLimiter(() => ctx.clock.now());
  }

  /** Throws TooManyRequestsException when the account's window for this operation is still open. */
  check(operation: QuotaOperation, accountKey: string): void {
    const scale = this.ctx.faults.apiGatewayQuotaScale;
    if (scale === undefined || scale === null || scale <= 0) return;
    const windowMs = QUOTA_WINDOWS_MS[operation] * scale;
    if (!this.limiter.tryAcquire(`${accountKey}:${operation}`, windowMs)) {
      throw new TooManyRequestsError(Math.max(1, Math.ceil(windowMs / 1000)));
    }
  }
}
