// An API key bound to a usage plan: read with the plan.
import { call } from '../calls.js';
import { hasTokens } from '../refs.js';
import { upToDate, wanted, type KindModule } from './kind.js';
import { primaryPlan } from './usage-plan.js';

export const usagePlanKey: KindModule<'usagePlanKey'> = {
  read: { with: 'usagePlan' },
  diff(d, { remote }) {
    const p = remote.usagePlans.find((x) => x.id === d.usagePlanId);
    if (p && !hasTokens(d.keyId) && p.keyIds.includes(d.keyId)) return upToDate();
    return {
      exists: false, reason: 'key not bound to the plan',
      calls: [call('apigateway:CreateUsagePlanKey', { usagePlanId: d.usagePlanId, keyId: d.keyId, keyType: 'API_KEY' }, `${d.usagePlanId}/${d.keyId}`, { ifExists: [] })],
    };
  },
  orphans(remote, desired) {
    const names = new Set(wanted(desired, 'usagePlan').map((p) => p.name));
    return remote.usagePlans.filter((p) => names.has(p.name) && primaryPlan(remote, p.name)?.id === p.id).flatMap((p) => {
      const keys = new Set(wanted(desired, 'usagePlanKey').filter((k) => k.usagePlanId === p.id).map((k) => k.keyId));
      return p.keyIds.filter((k) => !keys.has(k)).map((k) => ({ id: `usagePlanKey:${p.id}:${k}`, kind: 'usagePlanKey' as const, name: k, parent: p.id }));
    });
  },
  deleteCalls: (o) => (o.parent ? [call('apigateway:DeleteUsagePlanKey', { usagePlanId: o.parent, keyId: o.name }, `${o.parent}/${o.name}`, { absentOk: true })] : []),
  deleteRank: 0,
};
