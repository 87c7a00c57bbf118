// EventBridge schedules: a rule per scheduled function and its one target.
import { DeleteRuleCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { KindHandler } from './context.js';

export const scheduleRule: KindHandler<'scheduleRule'> = {
  async apply(r, _step, { aws }) {
    await aws.call('events:PutRule', r.name, () => aws.events.send(new PutRuleCommand({
      Name: r.name, ScheduleExpression: r.expression, State: r.enabled ? 'ENABLED' : 'DISABLED',
      Description: 'Schedule of a discovery-cli function', Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
    })));
    return { arn: r.arn };
  },
  async remove(o, { aws }) {
    // A rule with targets cannot be deleted: remove them first.
    const t = await aws.find('events:ListTargetsByRule', o.name, () => aws.events.send(new ListTargetsByRuleCommand({ Rule: o.name })));
    if (!t) return;
    const ids = (t.Targets ?? []).map((x) => x.Id ?? '').filter(Boolean);
    if (ids.length) await aws.remove('events:RemoveTargets', o.name, () => aws.events.send(new RemoveTargetsCommand({ Rule: o.name, Ids: ids })));
    await aws.remove('events:DeleteRule', o.name, () => aws.events.send(new DeleteRuleCommand({ Name: o.name })));
  },
};

export const scheduleTarget: KindHandler<'scheduleTarget'> = {
  async apply(r, _step, { aws }) {
    const out = await aws.call('events:PutTargets', r.ruleName, () => aws.events.send(new PutTargetsCommand({
      Rule: r.ruleName, Targets: [{ Id: r.targetId, Arn: r.functionArn, Input: r.input }],
    })));
    if (out.FailedEntryCount) throw new Error(`PutTargets on rule ${r.ruleName} failed: ${out.FailedEntries?.map((e) => e.ErrorMessage).join('; ')}`);
  },
  async remove(o, { aws }) {
    if (!o.parent) return;
    await aws.remove('events:RemoveTargets', `${o.parent}/${o.name}`, () => aws.events.send(new RemoveTargetsCommand({ Rule: o.parent, Ids: [o.name] })));
  },
};
