// What every operation module is given.
import type { CloudContext } from '../../context.js';
import type { QuotaGuard } from '../quota.js';
import type { ApiGatewayStore } from '../store.js';

export interface OpsContext {
  ctx: CloudContext;
  store: ApiGatewayStore;
  quota: QuotaGuard;
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
