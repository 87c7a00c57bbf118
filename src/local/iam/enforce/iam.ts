// IAM: role operations on arn:aws:iam::A:role/PATH/NAME, user operations on the user (the
// caller's own when UserName is left out), policy operations on the policy ARN, lists on "*".
import { text, type OperationCall, type RequiredPermission } from './permission.js';

const ACCOUNT_LEVEL = new Set(['ListRoles', 'ListUsers', 'ListPolicies']);

export interface IamArnLookup {
  /** The stored ARN (with its path) of a role or user, when it exists. */
  arnOf(kind: 'role' | 'user', name: string): string | undefined;
}

export function iamPermissions(call: OperationCall, lookup: IamArnLookup): RequiredPermission[] {
  const action = `iam:${call.operation}`;
  const { input, accountId } = call;
  if (ACCOUNT_LEVEL.has(call.operation)) return [{ action, resources: ['*'] }];
  const path = text(input.Path) ?? '/';
  const arn = (kind: 'role' | 'user' | 'policy', name: string) => (kind !== 'policy' && lookup.arnOf(kind, name)) || `arn:aws:iam::${accountId}:${kind}${path}${name}`;
  const role = text(input.RoleName);
  if (role) return [{ action, resources: [arn('role', role)] }];
  const user = text(input.UserName) ?? (/User|AccessKey/.test(call.operation) ? call.callerUserName : undefined);
  if (user) return [{ action, resources: [arn('user', user)] }];
  const policyArn = text(input.PolicyArn);
  if (policyArn) return [{ action, resources: [policyArn] }];
  const policyName = text(input.PolicyName);
  if (call.operation === 'CreatePolicy' && policyName) return [{ action, resources: [arn('policy', policyName)] }];
  return [{ action, resources: ['*'] }];
}
