// API Gateway's account CloudWatch Logs role: made when the account has none (any role already
// set is the owner's choice), then set in the account settings. Account-wide and relied on by
// other APIs, so never deleted.
import { call } from '../calls.js';
import { noOrphans, upToDate, type KindModule } from './kind.js';
import { trustPolicy } from './role.js';

export const apiGatewayAccount: KindModule<'apiGatewayAccount'> = {
  async read({ api, lookup, state }) {
    if (!lookup.apiGatewayAccount) return;
    const account = await api.send('apigateway:GetAccount', {});
    state.apiGatewayAccount = { cloudwatchRoleArn: account.cloudwatchRoleArn || undefined };
  },
  diff(d, { remote }) {
    if (remote.apiGatewayAccount?.cloudwatchRoleArn) return upToDate({ roleArn: remote.apiGatewayAccount.cloudwatchRoleArn });
    return {
      exists: false, reason: 'API Gateway has no CloudWatch Logs role in this account and region; stage logging needs one', outputs: { roleArn: d.roleArn },
      calls: [
        call('iam:CreateRole', {
          RoleName: d.roleName, AssumeRolePolicyDocument: trustPolicy('apigateway.amazonaws.com'),
          Description: 'Lets API Gateway write stage logs to CloudWatch Logs in this account (made by discovery-cli, shared by every API)',
        }, d.roleName, { ifExists: [] }),
        call('iam:AttachRolePolicy', { RoleName: d.roleName, PolicyArn: d.policyArn }, d.roleName),
        // Retried (clients.ts) while IAM propagates the new role.
        call('apigateway:UpdateAccount', { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: d.roleArn }] }, d.roleArn),
      ],
    };
  },
  orphans: noOrphans,
  deleteCalls: () => [],
  deleteRank: 12,
};
