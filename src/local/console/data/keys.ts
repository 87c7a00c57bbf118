// API keys and usage plans (from the API Gateway port) with the usage the data plane counted.
import type { CloudContext } from '../../context.js';
import type { UsageCount } from '../../gateway/limits/usage-counter.js';
import type { KeysView } from '../views.js';

export function keysAndPlans(ctx: CloudContext, usage: UsageCount[]): KeysView {
  const data = ctx.ports.apigateway?.data;
  if (!data) return { apiKeys: [], usagePlans: [], usage: [] };
  const plans = Object.values(data.usagePlans);
  return {
    apiKeys: Object.values(data.apiKeys)
      .map((key) => ({
        id: key.id,
        name: key.name,
        enabled: key.enabled,
        // Enough to tell keys apart on screen; the value itself stays in GetApiKey(includeValue).
        valuePrefix: `${key.value.slice(0, 4)}…`,
        createdDate: key.createdDate,
        usagePlanIds: plans.filter((p) => p.keyIds.includes(key.id)).map((p) => p.id),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    usagePlans: plans
      .map((plan) => ({
        id: plan.id,
        name: plan.name,
        description: plan.description,
        apiStages: plan.apiStages.map((s) => ({ apiId: s.apiId, apiName: data.restApis[s.apiId]?.name, stage: s.stage })),
        throttle: plan.throttle ? { ...plan.throttle } : undefined,
        quota: plan.quota ? { limit: plan.quota.limit, period: plan.quota.period } : undefined,
        keyIds: [...plan.keyIds],
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    usage: [...usage].sort((a, b) => b.day.localeCompare(a.day) || a.planId.localeCompare(b.planId)),
  };
}
