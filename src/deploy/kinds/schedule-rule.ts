// EventBridge schedule rules, one per scheduled function, read with their targets. PutRule is
// both create and update.
import { concurrently, forEachConcurrently } from '../../aws/call-log.js';
import { collect } from '../../aws/api/index.js';
import { call } from '../calls.js';
import type { Tags } from '../model.js';
import { tagList, tagsOf, upToDate, wanted, type KindModule } from './kind.js';

export const scheduleRule: KindModule<'scheduleRule'> = {
  async read(ctx) {
    const { api, lookup } = ctx;
    const rules = (await collect(api.pages('events:ListRules', { NamePrefix: lookup.prefix }, lookup.prefix), (p) => p.Rules)) ?? [];
    await forEachConcurrently(rules.filter((r) => r.Name?.startsWith(lookup.prefix)), async (r) => {
      const name = r.Name!;
      const named = lookup.rules.includes(name);
      const [targets, tags] = await concurrently(
        () => collect(api.pages('events:ListTargetsByRule', { Rule: name }, name), (p) => p.Targets),
        async (): Promise<Tags | undefined> => (named ? undefined : tagsOf((await api.find('events:ListTagsForResource', { ResourceARN: r.Arn }, r.Arn))?.Tags)),
      );
      if (!named && !ctx.ours(tags)) return;
      ctx.state.rules[name] = {
        name, arn: r.Arn ?? '', expression: r.ScheduleExpression, enabled: r.State === 'ENABLED',
        targets: (targets ?? []).map((t) => ({ id: t.Id ?? '', arn: t.Arn ?? '', input: t.Input })),
      };
    });
  },
  diff(d, { remote }) {
    const r = remote.rules[d.name];
    const why = r ? [r.expression !== d.expression ? 'expression' : '', r.enabled !== d.enabled ? 'state' : ''].filter(Boolean) : [];
    if (r && !why.length) return upToDate({ arn: r.arn });
    return {
      exists: Boolean(r), reason: r ? `${why.join(', ')} differ` : 'rule does not exist', outputs: { arn: d.arn },
      calls: [call('events:PutRule', {
        Name: d.name, ScheduleExpression: d.expression, State: d.enabled ? 'ENABLED' : 'DISABLED', Description: 'Schedule of a discovery-cli function', Tags: tagList(d.tags),
      }, d.name)],
    };
  },
  orphans(remote, desired) {
    const names = new Set(wanted(desired, 'scheduleRule').map((r) => r.name));
    return Object.values(remote.rules).filter((r) => !names.has(r.name)).map((r) => ({ id: `scheduleRule:${r.name}`, kind: 'scheduleRule', name: r.name }));
  },
  deleteCalls(o, remote) {
    // A rule with targets cannot be deleted: they are removed first.
    const ids = (remote.rules[o.name]?.targets ?? []).map((t) => t.id).filter(Boolean);
    return [
      ...(ids.length ? [call('events:RemoveTargets', { Rule: o.name, Ids: ids }, o.name, { absentOk: true })] : []),
      call('events:DeleteRule', { Name: o.name }, o.name, { absentOk: true }),
    ];
  },
  deleteRank: 5,
};
