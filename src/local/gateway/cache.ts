// Stage cache: methodSettings cachingEnabled on a stage with cacheClusterEnabled keeps answers for
// cacheTtlInSeconds (default 300), keyed as AWS keys it: method, resource path (the template, not
// the request path) and the values of the method's cacheKeyParameters.
import type { Invocation } from './invocation.js';
import { methodRequestValue } from './integrations/mapping.js';
import { effectiveMethodSetting, methodSettingKey } from './limits/usage-plans.js';
import type { GatewayResponse } from './types.js';

const DEFAULT_TTL_SECONDS = 300;
const MAX_ENTRIES = 10_000;

interface Entry {
  expiresMs: number;
  response: GatewayResponse;
}

export class StageCache {
  private readonly entries = new Map<string, Entry>();

  /** The cache key and TTL when this request may be cached; undefined otherwise. */
  policy(inv: Invocation): { key: string; ttlMs: number } | undefined {
    if (!inv.stage.cacheClusterEnabled) return undefined;
    const setting = effectiveMethodSetting(inv.stage, methodSettingKey(inv.resource.path, inv.req.method));
    if (!setting.cachingEnabled) return undefined;
    const ttl = setting.cacheTtlInSeconds ?? DEFAULT_TTL_SECONDS;
    if (ttl <= 0) return undefined;
    const parameters = (inv.method.methodIntegration?.cacheKeyParameters ?? []).map((p) => `${p}=${methodRequestValue(p, inv) ?? ''}`);
    // The deployment id keeps a redeploy from serving answers of the previous deployment.
    const key = [inv.api.id, inv.stage.stageName, inv.stage.deploymentId, inv.req.method, inv.resource.path, ...parameters].join('\u0000');
    return { key, ttlMs: ttl * 1000 };
  }

  get(key: string, nowMs: number): GatewayResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.response;
  }

  /** FlushStageCache: drops the stage's answers (keys start with api id and stage name). */
  flush(apiId: string, stageName: string): void {
    const prefix = `${apiId}\u0000${stageName}\u0000`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  put(key: string, response: GatewayResponse, nowMs: number, ttlMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { expiresMs: nowMs + ttlMs, response });
  }
}
