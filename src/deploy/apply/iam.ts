// IAM: the per-function role (trusting Lambda) and its inline least-privilege policy.
import { UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand, PutRolePolicyCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { parallel } from '../../aws/call-log.js';
import type { Tags } from '../model.js';
import { createOrAdopt, nothingToRemove, type KindHandler } from './context.js';

const trustPolicy = (service: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export const role: KindHandler<'role'> = {
  async apply(r, step, { aws }) {
    const fix = async () => {
      await aws.call('iam:UpdateAssumeRolePolicy', r.name, () => aws.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: r.name, PolicyDocument: trustPolicy(r.service) })));
      await aws.call('iam:TagRole', r.name, () => aws.iam.send(new TagRoleCommand({ RoleName: r.name, Tags: tagList(r.tags) })));
    };
    if (step.action === 'create') {
      await createOrAdopt(
        () => aws.call('iam:CreateRole', r.name, () => aws.iam.send(new CreateRoleCommand({
          RoleName: r.name, AssumeRolePolicyDocument: trustPolicy(r.service), Tags: tagList(r.tags),
          Description: `Execution role of Lambda function ${r.name} (discovery-cli)`,
        }))),
        fix,
      );
    } else {
      if (step.changes.includes('trust')) await aws.call('iam:UpdateAssumeRolePolicy', r.name, () => aws.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: r.name, PolicyDocument: trustPolicy(r.service) })));
      if (step.changes.includes('tags')) await aws.call('iam:TagRole', r.name, () => aws.iam.send(new TagRoleCommand({ RoleName: r.name, Tags: tagList(r.tags) })));
    }
    return { arn: r.arn };
  },
  async remove(o, { aws }) {
    // A role goes only once its policies are gone: inline ones deleted, managed ones detached.
    const [inline, attached] = await parallel<unknown>([
      () => aws.find('iam:ListRolePolicies', o.name, () => aws.iam.send(new ListRolePoliciesCommand({ RoleName: o.name }))),
      () => aws.find('iam:ListAttachedRolePolicies', o.name, () => aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: o.name }))),
    ]) as [{ PolicyNames?: string[] } | undefined, { AttachedPolicies?: { PolicyArn?: string }[] } | undefined];
    if (!inline && !attached) return;
    await parallel([
      ...(inline?.PolicyNames ?? []).map((name) => () => aws.remove('iam:DeleteRolePolicy', `${o.name}/${name}`, () => aws.iam.send(new DeleteRolePolicyCommand({ RoleName: o.name, PolicyName: name })))),
      ...(attached?.AttachedPolicies ?? []).map((p) => () => aws.remove('iam:DetachRolePolicy', `${o.name} ${p.PolicyArn}`, () => aws.iam.send(new DetachRolePolicyCommand({ RoleName: o.name, PolicyArn: p.PolicyArn })))),
    ]);
    await aws.remove('iam:DeleteRole', o.name, () => aws.iam.send(new DeleteRoleCommand({ RoleName: o.name })));
  },
};

export const rolePolicy: KindHandler<'rolePolicy'> = {
  async apply(r, _step, { aws }) {
    await aws.call('iam:PutRolePolicy', `${r.roleName}/${r.policyName}`, () => aws.iam.send(new PutRolePolicyCommand({
      RoleName: r.roleName, PolicyName: r.policyName, PolicyDocument: JSON.stringify(r.document),
    })));
  },
  async remove(o, { aws }) {
    if (!o.parent) return;
    await aws.remove('iam:DeleteRolePolicy', `${o.parent}/${o.name}`, () => aws.iam.send(new DeleteRolePolicyCommand({ RoleName: o.parent, PolicyName: o.name })));
  },
};

/**
 * API Gateway's account CloudWatch role: made when the account has none, then set in the account
 * settings (UpdateAccount retries while IAM propagates the new role). Kept by teardown.
 */
export const apiGatewayAccount: KindHandler<'apiGatewayAccount'> = {
  async apply(r, _step, { aws }) {
    await createOrAdopt(
      () => aws.call('iam:CreateRole', r.roleName, () => aws.iam.send(new CreateRoleCommand({
        RoleName: r.roleName, AssumeRolePolicyDocument: trustPolicy('apigateway.amazonaws.com'),
        Description: 'Lets API Gateway write stage logs to CloudWatch Logs in this account (made by discovery-cli, shared by every API)',
      }))),
      async () => undefined,
    );
    await aws.call('iam:AttachRolePolicy', r.roleName, () => aws.iam.send(new AttachRolePolicyCommand({ RoleName: r.roleName, PolicyArn: r.policyArn })));
    await aws.call('apigateway:UpdateAccount', r.roleArn, () => aws.apigateway.send(new UpdateAccountCommand({
      patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: r.roleArn }],
    })));
    return { roleArn: r.roleArn };
  },
  remove: nothingToRemove, // account-wide and relied on by other APIs: never removed by a teardown
};
