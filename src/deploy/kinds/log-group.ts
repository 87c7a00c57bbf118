// CloudWatch Logs groups: each function's and each logging stage's, tagged like the rest.
// Lambda makes a function's group itself on first invocation: then it is only tagged.
import { forEachConcurrently } from '../../aws/call-log.js';
import { collect } from '../../aws/api/index.js';
import { call } from '../calls.js';
import { upToDate, wanted, type KindModule } from './kind.js';

export const logGroup: KindModule<'logGroup'> = {
  async read({ api, lookup, state }) {
    const prefixes = [`/aws/lambda/${lookup.prefix}`, `/aws/apigateway/${lookup.prefix}`];
    const found = await forEachConcurrently(prefixes, (p) => collect(api.pages('logs:DescribeLogGroups', { logGroupNamePrefix: p }, p), (page) => page.logGroups?.map((g) => g.logGroupName ?? '')));
    state.logGroups = found.flatMap((f) => f ?? []).filter(Boolean);
  },
  diff(d, { remote }) {
    if (remote.logGroups.includes(d.name)) return upToDate();
    return {
      exists: false, reason: 'log group missing',
      calls: [call('logs:CreateLogGroup', { logGroupName: d.name, tags: d.tags }, d.name, {
        ifExists: [call('logs:TagResource', { resourceArn: d.arn, tags: d.tags }, d.name)],
      })],
    };
  },
  orphans(remote, desired) {
    const names = new Set(wanted(desired, 'logGroup').map((g) => g.name));
    return remote.logGroups.filter((g) => !names.has(g)).map((g) => ({ id: `logGroup:${g}`, kind: 'logGroup', name: g }));
  },
  deleteCalls: (o) => [call('logs:DeleteLogGroup', { logGroupName: o.name }, o.name, { absentOk: true })],
  deleteRank: 11,
};
