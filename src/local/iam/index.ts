// IAM (query protocol): roles, users and access keys, inline and managed policies, tags. Registers
// the IAM port: Lambda and API Gateway check roles through it, the signature checks find user
// keys' secrets, and every service asks it to authorize a call (authorize()).
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import { parseForm } from '../protocol/render.js';
import type { LocalService } from '../service.js';
import { createAuthorize } from './authorize.js';
import type { PolicyDocument } from './evaluate/index.js';
import { CustomerPolicies } from './customer-policies.js';
import { AWS_MANAGED_PREFIX } from './managed-policies.js';
import { IamModel } from './model.js';
import { PrincipalResolver } from './principals.js';
import { operations } from './responses.js';
import { userOperations, type IamStores } from './user-responses.js';
import { IamUsers } from './users.js';

export function createIamService(ctx: CloudContext): LocalService {
  const policies = new CustomerPolicies(ctx);
  const stores: IamStores = {
    roles: new IamModel(ctx, (arn) => policies.find(arn) !== undefined),
    users: new IamUsers(ctx, (arn) => arn.startsWith(`${AWS_MANAGED_PREFIX}/`) || policies.find(arn) !== undefined),
    policies,
  };
  const model = stores.roles;
  const resolver = new PrincipalResolver(ctx, stores);
  ctx.ports.iam = {
    roleExists: (roleArn) => model.findByArn(roleArn) !== undefined,
    roleCreatedAt: (roleArn) => model.findByArn(roleArn)?.createdAtMs,
    roleAssumable: (roleArn) => {
      const role = model.findByArn(roleArn);
      return role !== undefined && ctx.clock.now() - role.createdAtMs >= (ctx.faults.iamPropagationMs ?? 0);
    },
    roleForSession: (roleArn) => {
      const role = model.findByArn(roleArn);
      return role && { roleId: role.id, maxSessionDuration: role.maxSessionDuration };
    },
    findAccessKey: (accessKeyId) => {
      const owned = stores.users.findByAccessKey(accessKeyId);
      return owned && owned.key.status === 'Active' ? { accessKeyId, secretAccessKey: owned.key.secretAccessKey, arn: owned.user.arn } : undefined;
    },
    resolvePrincipal: (accessKeyId) => {
      const principal = resolver.resolve(accessKeyId);
      return { kind: principal.kind, arn: principal.arn, userId: principal.userId, accountId: principal.accountId };
    },
    authorize: createAuthorize(resolver, () => ctx.clock.now()),
    arnOf: (kind, name) => {
      if (kind === 'role') return model.listRoles().find((r) => r.name === name)?.arn;
      try {
        return stores.users.get(name).arn;
      } catch {
        return undefined;
      }
    },
    trustPolicy: (roleArn) => {
      const text = model.findByArn(roleArn)?.assumeRolePolicyDocument;
      try {
        return text ? (JSON.parse(text) as PolicyDocument) : undefined;
      } catch {
        return undefined;
      }
    },
  };
  return {
    name: 'iam',
    protocol: 'query',
    async handle(req) {
      const params = parseForm(req.body, req.query);
      const action = params.get('Action') ?? '';
      const userOperation = Object.hasOwn(userOperations, action) ? userOperations[action] : undefined;
      if (userOperation) return userOperation(stores, params, req.accessKeyId);
      const operation = Object.hasOwn(operations, action) ? operations[action] : undefined;
      if (!operation) {
        const served = [...Object.keys(operations), ...Object.keys(userOperations)].sort();
        throw new AwsServiceError('InvalidAction', `The action ${action || '(none)'} is not valid for this endpoint. The local cloud's IAM serves: ${served.join(', ')}.`, 400);
      }
      return operation(model, params);
    },
  };
}
