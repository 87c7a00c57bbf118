// A role's inline least-privilege policy: read with its role, put whole when it differs.
import { call } from '../calls.js';
import { canonical, noOrphans, upToDate, type KindModule } from './kind.js';

export const rolePolicy: KindModule<'rolePolicy'> = {
  read: { with: 'role' },
  diff(d, { remote }) {
    const current = remote.roles[d.roleName]?.policies[d.policyName];
    if (current !== undefined && canonical(current) === canonical(d.document)) return upToDate();
    return {
      exists: current !== undefined, reason: current === undefined ? 'inline policy missing' : 'policy differs',
      calls: [call('iam:PutRolePolicy', { RoleName: d.roleName, PolicyName: d.policyName, PolicyDocument: JSON.stringify(d.document) }, `${d.roleName}/${d.policyName}`)],
    };
  },
  orphans: noOrphans, // deleted with its role
  deleteCalls: (o) => (o.parent ? [call('iam:DeleteRolePolicy', { RoleName: o.parent, PolicyName: o.name }, `${o.parent}/${o.name}`, { absentOk: true })] : []),
  deleteRank: 9,
};
