// Stage cache: methodSettings cachingEnabled on a stage with cacheClusterEnabled keeps answers for
// cacheTtlInSeconds (default 300), keyed as AWS keys it: method, resource path (the template, not
// the request path) and the values of the method's cacheKeyParameters.
import type { Invocation } from './invocation.js';
import { methodRequestValue } from './integrations/mapping.js';
import { effectiveMethodSetting, methodSettingKey } from './limits/usage-plans.js';
import { StageKeyedCache } from './stage-keyed-cache.js';
import type { GatewayResponse } from './types.js';

const DEFAULT_TTL_SECONDS = 300;

export class StageCache {
  private readonly entries = new StageKeyedCache<GatewayResponse>();

  /** The cache key and TTL when this request may be cached; undefined otherwise. */
  policy(inv: Invocation): { key: string; ttlMs: number } | undefined {
    if (!inv.stage.cacheClusterEnabled) return undefined;
    const setting = effectiveMethodSetting(inv.stage, methodSettingKey(inv.resource.path, inv.req.method));
    if (!setting.cachingEnabled) return undefined;
    const ttl = setting.cacheTtlInSeconds ?? DEFAULT_TTL_SECONDS;
    if (ttl <= 0) return undefined;
    const parameters = (inv.method.methodIntegration?.cacheKeyParameters ?? []).map((p) => `${p}=${methodRequestValue(p, inv) ?? ''}`);
    // The deployment id keeps a redeploy from serving answers of the previous deployment.
    const key = StageKeyedCache.keyOf(inv.api.id, inv.stage.stageName, inv.stage.deploymentId, inv.req.method, inv.resource.path, ...parameters);
    return { key, ttlMs: ttl * 1000 };
  }

  get(key: string, nowMs: number): GatewayResponse | undefined {
    return this.entries.get(key, nowMs);
  }

  /** FlushStageCache: drops the stage's answers. */
  flush(apiId: string, stageName: string): void {
    this.entries.flush(apiId, stageName);
  }

  put(key: string, response: GatewayResponse, nowMs: number, ttlMs: number): void {
    this.entries.put(key, response, nowMs + ttlMs);
  }
}
