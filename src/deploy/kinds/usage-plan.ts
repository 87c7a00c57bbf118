// Usage plans: API stages, throttle and quota set by one patch of exactly what differs; a
// throttle or quota removed from the config is removed from the plan (it used to be planned
// forever and never sent).
import { forEachConcurrently } from '../../aws/call-log.js';
import type { PatchOperation } from '@aws-sdk/client-api-gateway';
import { collect } from '../../aws/api/index.js';
import { arns } from '../arns.js';
import { call, type ApiCall } from '../calls.js';
import type { UsagePlanResource } from '../model.js';
import type { RemoteState, RemoteUsagePlan } from '../remote-state.js';
import { tagsMissing, upToDate, wanted, type KindModule } from './kind.js';

export function primaryPlan(remote: RemoteState, name: string): RemoteUsagePlan | undefined {
  const same = remote.usagePlans.filter((p) => p.name === name);
  return same.find((p) => p.keyIds.length > 0 || p.apiStages.length > 0) ?? same[0];
}

const stageValue = (s: { apiId: string; stage: string }) => `${s.apiId}:${s.stage}`;

/** Patch operations taking a plan from `current` to the desired one. */
export function usagePlanPatch(d: UsagePlanResource, current: RemoteUsagePlan): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const want = new Set(d.apiStages.map(stageValue));
  const have = new Set(current.apiStages.map(stageValue));
  for (const s of want) if (!have.has(s)) ops.push({ op: 'add', path: '/apiStages', value: s });
  for (const s of have) if (!want.has(s)) ops.push({ op: 'remove', path: '/apiStages', value: s });
  if (current.description !== d.description) ops.push({ op: 'replace', path: '/description', value: d.description });
  if (d.throttle) {
    // A limit the config leaves out is AWS's default, 0 (GetUsagePlan answers 0 for it).
    for (const field of ['rateLimit', 'burstLimit'] as const) {
      const want = d.throttle[field] ?? 0;
      if ((current.throttle?.[field] ?? 0) !== want || !current.throttle) ops.push({ op: 'replace', path: `/throttle/${field}`, value: String(want) });
    }
  } else if (current.throttle) {
    ops.push({ op: 'remove', path: '/throttle' });
  }
  if (d.quota) {
    if (current.quota?.limit !== d.quota.limit) ops.push({ op: 'replace', path: '/quota/limit', value: String(d.quota.limit) });
    if (current.quota?.period !== d.quota.period) ops.push({ op: 'replace', path: '/quota/period', value: d.quota.period });
    if ((current.quota?.offset ?? 0) !== (d.quota.offset ?? 0)) ops.push({ op: 'replace', path: '/quota/offset', value: String(d.quota.offset ?? 0) });
  } else if (current.quota) {
    ops.push({ op: 'remove', path: '/quota' });
  }
  return ops;
}

export const usagePlan: KindModule<'usagePlan'> = {
  async read(ctx) {
    const { api, lookup } = ctx;
    const items = (await collect(api.pages('apigateway:GetUsagePlans', { limit: 500 }), (p) => p.items)) ?? [];
    const mine = items.filter((p) => p.id && p.name && (lookup.usagePlans.includes(p.name) || (p.name.startsWith(lookup.prefix) && ctx.ours(p.tags))));
    ctx.state.usagePlans = await forEachConcurrently(mine, async (p) => ({
      id: p.id!, name: p.name!, description: p.description ?? '',
      apiStages: (p.apiStages ?? []).map((s) => ({ apiId: s.apiId ?? '', stage: s.stage ?? '' })),
      throttle: p.throttle ? { rateLimit: p.throttle.rateLimit, burstLimit: p.throttle.burstLimit } : undefined,
      quota: p.quota?.limit !== undefined ? { limit: p.quota.limit, period: p.quota.period ?? 'DAY', offset: p.quota.offset ?? 0 } : undefined,
      tags: p.tags ?? {},
      keyIds: ((await collect(api.pages('apigateway:GetUsagePlanKeys', { usagePlanId: p.id!, limit: 500 }, p.id), (page) => page.items)) ?? []).map((k) => k.id ?? '').filter(Boolean),
    }));
  },
  diff(d, { remote, arn }) {
    const p = primaryPlan(remote, d.name);
    if (!p) {
      return {
        exists: false, reason: 'usage plan does not exist',
        calls: [call('apigateway:CreateUsagePlan', { name: d.name, description: d.description, apiStages: d.apiStages, throttle: d.throttle, quota: d.quota, tags: d.tags }, d.name, { outputs: { id: 'id' } })],
      };
    }
    const ops = usagePlanPatch(d, p);
    const calls: ApiCall[] = [];
    if (ops.length) calls.push(call('apigateway:UpdateUsagePlan', { usagePlanId: p.id, patchOperations: ops }, d.name));
    const tags = tagsMissing(d.tags, p.tags);
    if (tags) calls.push(call('apigateway:TagResource', { resourceArn: arns.usagePlan(arn, p.id), tags: d.tags }, d.name));
    const why = [...new Set(ops.map((o) => (o.path ?? '').split('/')[1] ?? ''))];
    if (tags) why.push('tags');
    const outputs = { id: p.id };
    return calls.length ? { exists: true, reason: `${why.join(', ')} differ`, calls, outputs } : upToDate(outputs);
  },
  orphans(remote, desired) {
    const names = new Set(wanted(desired, 'usagePlan').map((p) => p.name));
    return remote.usagePlans.filter((p) => !(names.has(p.name) && primaryPlan(remote, p.name)?.id === p.id))
      .map((p) => ({ id: `usagePlan:${p.name}#${p.id}`, kind: 'usagePlan', name: p.name, physicalId: p.id }));
  },
  deleteCalls(o, remote) {
    const id = o.physicalId ?? o.name;
    const where = `${o.name} (${id})`;
    // A plan bound to API stages cannot be deleted: they are unbound first.
    const stages = remote.usagePlans.find((p) => p.id === id)?.apiStages ?? [];
    return [
      ...(stages.length ? [call('apigateway:UpdateUsagePlan', { usagePlanId: id, patchOperations: stages.map((s) => ({ op: 'remove', path: '/apiStages', value: stageValue(s) })) }, where, { absentOk: true })] : []),
      call('apigateway:DeleteUsagePlan', { usagePlanId: id }, where, { absentOk: true }),
    ];
  },
  deleteRank: 1,
};
