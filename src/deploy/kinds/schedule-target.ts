// A schedule rule's one target: the function, with the configured input.
import { call } from '../calls.js';
import { upToDate, wanted, type KindModule } from './kind.js';

export const scheduleTarget: KindModule<'scheduleTarget'> = {
  read: { with: 'scheduleRule' },
  diff(d, { remote }) {
    const t = remote.rules[d.ruleName]?.targets.find((x) => x.id === d.targetId);
    if (t && t.arn === d.functionArn && (t.input ?? undefined) === d.input) return upToDate();
    return {
      exists: Boolean(t), reason: t ? 'target differs' : 'target missing',
      calls: [call('events:PutTargets', { Rule: d.ruleName, Targets: [{ Id: d.targetId, Arn: d.functionArn, Input: d.input }] }, d.ruleName)],
    };
  },
  orphans(remote, desired) {
    const rules = new Set(wanted(desired, 'scheduleRule').map((r) => r.name));
    const targets = new Set(wanted(desired, 'scheduleTarget').map((t) => `${t.ruleName}/${t.targetId}`));
    return Object.values(remote.rules).filter((r) => rules.has(r.name)).flatMap((r) => r.targets
      .filter((t) => !targets.has(`${r.name}/${t.id}`))
      .map((t) => ({ id: `scheduleTarget:${r.name}:${t.id}`, kind: 'scheduleTarget' as const, name: t.id, parent: r.name })));
  },
  deleteCalls: (o) => (o.parent ? [call('events:RemoveTargets', { Rule: o.parent, Ids: [o.name] }, `${o.parent}/${o.name}`, { absentOk: true })] : []),
  deleteRank: 4,
};
