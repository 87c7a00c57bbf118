// API keys, usage plans (throttle + quota per key) and stage method-setting throttles.
import type { ApiGatewayData, ApiKey, MethodSetting, Stage, UsagePlan } from '../../apigateway/model.js';
import { GatewayError } from '../responses.js';
import { TokenBuckets } from './token-bucket.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LimitTarget {
  apiId: string;
  stage: Stage;
  /** Resource path as defined, e.g. /items/{id}. */
  resourcePath: string;
  httpMethod: string;
}

/** Start of the quota period that contains nowMs (UTC, as AWS counts). */
export function quotaPeriodStart(period: 'DAY' | 'WEEK' | 'MONTH', offset: number | undefined, nowMs: number): number {
  const now = new Date(nowMs);
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (period === 'DAY') return dayStart;
  if (period === 'MONTH') return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  // WEEK: offset 0 starts on Sunday, 1 on Monday, ...
  const startDay = ((offset ?? 0) % 7 + 7) % 7;
  const back = (now.getUTCDay() - startDay + 7) % 7;
  return dayStart - back * DAY_MS;
}

export class UsageLimiter {
  private readonly buckets = new TokenBuckets();
  /** plan|key|periodStart -> requests counted. */
  private readonly quotaCounts = new Map<string, number>();
  /** The enabled key with this value that a usage plan binds to the api+stage; else 403 Forbidden. */
  authorizeApiKey(data: ApiGatewayData, value: string | undefined, apiId: string, stageName: string): { key: ApiKey; plan: UsagePlan } {
    if (!value) throw new GatewayError('INVALID_API_KEY', undefined, 'The method requires an API key: send it in the x-api-key header.');
    const key = Object.values(data.apiKeys).find((k) => k.value === value);
    if (!key || !key.enabled) throw new GatewayError('INVALID_API_KEY', undefined, key ? `API key ${key.id} is disabled.` : 'No API key has this value.');
    const plan = Object.values(data.usagePlans).find(
      (p) => p.keyIds.includes(key.id) && p.apiStages.some((s) => s.apiId === apiId && s.stage === stageName),
    );
    if (!plan) throw new GatewayError('INVALID_API_KEY', undefined, `API key ${key.id} is in no usage plan bound to ${apiId}/${stageName}: add the stage to a plan and the key to that plan.`);
    return { key, plan };
  }

  /** Usage-plan throttle (with per-method overrides), then quota. */
  enforcePlan(plan: UsagePlan, key: ApiKey, target: LimitTarget, nowMs: number): void {
    const methodKey = `${target.resourcePath}/${target.httpMethod}`;
    const apiStage = plan.apiStages.find((s) => s.apiId === target.apiId && s.stage === target.stage.stageName);
    const methodThrottle = apiStage?.throttle?.[methodKey];
    const throttle = methodThrottle ?? plan.throttle;
    if (throttle && !this.buckets.take(`plan:${plan.id}:${key.id}:${methodThrottle ? methodKey : '*'}`, throttle, nowMs)) {
      throw new GatewayError('THROTTLED', undefined, `Usage plan ${plan.id} throttles key ${key.id}.`);
    }
    if (plan.quota) {
      const countKey = `${plan.id}|${key.id}|${quotaPeriodStart(plan.quota.period, plan.quota.offset, nowMs)}|${plan.quota.period}`;
      const used = this.quotaCounts.get(countKey) ?? 0;
      if (used >= plan.quota.limit) {
        throw new GatewayError('QUOTA_EXCEEDED', undefined, `Key ${key.id} used its ${plan.quota.limit} requests per ${plan.quota.period} of usage plan ${plan.id}.`);
      }
      this.quotaCounts.set(countKey, used + 1);
    }
  }

  /** Stage methodSettings throttling: the method's own setting over "*\/*". */
  enforceStage(target: LimitTarget, nowMs: number): void {
    const settingKey = methodSettingKey(target.resourcePath, target.httpMethod);
    const setting = effectiveMethodSetting(target.stage, settingKey);
    if (setting.throttlingRateLimit === undefined && setting.throttlingBurstLimit === undefined) return;
    const ok = this.buckets.take(
      `stage:${target.apiId}:${target.stage.stageName}:${settingKey}`,
      { rateLimit: setting.throttlingRateLimit, burstLimit: setting.throttlingBurstLimit },
      nowMs,
    );
    if (!ok) throw new GatewayError('THROTTLED', undefined, `Stage ${target.stage.stageName} throttles ${settingKey}.`);
  }
}

/** "/items/{id}" + GET -> "~1items~1{id}/GET", the key API Gateway uses in methodSettings. */
export function methodSettingKey(resourcePath: string, httpMethod: string): string {
  return `${resourcePath.replace(/\//g, '~1')}/${httpMethod}`;
}

export function effectiveMethodSetting(stage: Stage, settingKey: string): MethodSetting {
  const all = stage.methodSettings['*/*'];
  const own = stage.methodSettings[settingKey];
  if (!all) return own ?? {};
  if (!own) return all;
  return { ...all, ...stripUndefined(own) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
