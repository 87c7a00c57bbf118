// IAM roles the engine makes (one per function, trusting Lambda). Read by name for the config's
// functions and by prefix and tag for the rest; a role is deleted after its policies.
import { concurrently, forEachConcurrently } from '../../aws/call-log.js';
import { collect } from '../../aws/api/index.js';
import { call } from '../calls.js';
import type { RemoteRole } from '../remote-state.js';
import { tagList, tagsMissing, tagsOf, upToDate, wanted, type KindModule, type ReadContext } from './kind.js';

export const trustPolicy = (service: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

function decodePolicy(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    return JSON.parse(text);
  }
}

async function readRole({ api }: ReadContext, name: string, policyName: string | undefined): Promise<RemoteRole | undefined> {
  const [got, policy, inline, attached] = await concurrently(
    () => api.find('iam:GetRole', { RoleName: name }, name),
    () => (policyName ? api.find('iam:GetRolePolicy', { RoleName: name, PolicyName: policyName }, `${name}/${policyName}`) : Promise.resolve(undefined)),
    () => collect(api.pages('iam:ListRolePolicies', { RoleName: name }, name), (p) => p.PolicyNames),
    () => collect(api.pages('iam:ListAttachedRolePolicies', { RoleName: name }, name), (p) => p.AttachedPolicies?.map((a) => a.PolicyArn ?? '')),
  );
  if (!got?.Role) return undefined;
  const trust = decodePolicy(got.Role.AssumeRolePolicyDocument) as { Statement?: { Principal?: { Service?: string | string[] } }[] } | undefined;
  const trustedServices = (trust?.Statement ?? []).flatMap((s) => [s.Principal?.Service ?? []].flat());
  const policies: Record<string, unknown> = {};
  if (policyName && policy?.PolicyDocument) policies[policyName] = decodePolicy(policy.PolicyDocument);
  return { name, arn: got.Role.Arn ?? '', tags: tagsOf(got.Role.Tags), trustedServices, policies, policyNames: inline ?? [], attachedPolicyArns: attached ?? [] };
}

export const role: KindModule<'role'> = {
  // Listed first, as functions are: a role the listing does not show is not read further.
  async read(ctx) {
    const { api, lookup, state } = ctx;
    const listed = new Set((await collect(api.pages('iam:ListRoles', {}), (p) => p.Roles?.map((r) => r.RoleName ?? ''))) ?? []);
    await concurrently(
      () => forEachConcurrently(Object.entries(lookup.roles).filter(([name]) => listed.has(name)), async ([name, policy]) => {
        const r = await readRole(ctx, name, policy);
        if (r) state.roles[name] = r;
      }),
      () => forEachConcurrently([...listed].filter((n) => n.startsWith(lookup.prefix) && !(n in lookup.roles)), async (name) => {
        const r = await readRole(ctx, name, undefined);
        if (r && ctx.ours(r.tags)) state.roles[name] = r;
      }),
    );
  },
  diff(d, { remote }) {
    const r = remote.roles[d.name];
    const outputs = { arn: d.arn };
    if (!r) {
      return {
        exists: false, reason: 'role does not exist', outputs, calls: [call('iam:CreateRole', {
          RoleName: d.name, AssumeRolePolicyDocument: trustPolicy(d.service), Tags: tagList(d.tags),
          Description: `Execution role of Lambda function ${d.name} (discovery-cli)`,
        }, d.name, { ifExists: [
          call('iam:UpdateAssumeRolePolicy', { RoleName: d.name, PolicyDocument: trustPolicy(d.service) }, d.name),
          call('iam:TagRole', { RoleName: d.name, Tags: tagList(d.tags) }, d.name),
        ] })],
      };
    }
    const calls = [];
    const why = [];
    if (!r.trustedServices.includes(d.service)) {
      why.push('trust');
      calls.push(call('iam:UpdateAssumeRolePolicy', { RoleName: d.name, PolicyDocument: trustPolicy(d.service) }, d.name));
    }
    if (tagsMissing(d.tags, r.tags)) {
      why.push('tags');
      calls.push(call('iam:TagRole', { RoleName: d.name, Tags: tagList(d.tags) }, d.name));
    }
    return calls.length ? { exists: true, reason: `${why.join(', ')} differ`, calls, outputs: { arn: r.arn } } : upToDate({ arn: r.arn });
  },
  orphans(remote, desired) {
    const names = new Set(wanted(desired, 'role').map((r) => r.name));
    return Object.values(remote.roles).filter((r) => !names.has(r.name)).map((r) => ({ id: `role:${r.name}`, kind: 'role', name: r.name }));
  },
  deleteCalls(o, remote) {
    // A role goes only once its policies are gone: inline ones deleted, managed ones detached.
    const r = remote.roles[o.name];
    return [
      ...(r?.policyNames ?? []).map((p) => call('iam:DeleteRolePolicy', { RoleName: o.name, PolicyName: p }, `${o.name}/${p}`, { absentOk: true })),
      ...(r?.attachedPolicyArns ?? []).map((p) => call('iam:DetachRolePolicy', { RoleName: o.name, PolicyArn: p }, `${o.name} ${p}`, { absentOk: true })),
      call('iam:DeleteRole', { RoleName: o.name }, o.name, { absentOk: true }),
    ];
  },
  deleteRank: 10,
};
