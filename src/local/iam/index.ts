// IAM (query protocol): roles, inline and attached policies, tags. Registers the IAM port so
// Lambda and API Gateway can check that a role exists and, under the propagation fault, may be assumed yet.
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import { parseForm } from '../protocol/render.js';
import type { LocalService } from '../service.js';
import { IamModel } from './model.js';
import { operations } from './responses.js';

export function createIamService(ctx: CloudContext): LocalService {
  const model = new IamModel(ctx);
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
  };
  return {
    name: 'iam',
    protocol: 'query',
    async handle(req) {
      const params = parseForm(req.body, req.query);
      const action = params.get('Action') ?? '';
      const operation = Object.hasOwn(operations, action) ? operations[action] : undefined;
      if (!operation) {
        throw new AwsServiceError('InvalidAction', `The action ${action || '(none)'} is not valid for this endpoint. The local cloud's IAM serves: ${Object.keys(operations).join(', ')}.`, 400);
      }
      return operation(model, params);
    },
  };
}
