// Account settings: the CloudWatch role API Gateway needs before stages may write access logs.
import { badRequestError } from '../errors.js';
import { route, type Route } from '../router.js';
import { pathSegments, patchOperations, unsupportedPatch } from '../patch.js';
import type { OpsContext } from './context.js';

export function accountRoutes({ ctx, store }: OpsContext): Route[] {
  const view = () => ({
    cloudwatchRoleArn: store.data.account?.cloudwatchRoleArn,
    throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
    features: ['UsagePlans'],
    apiKeyVersion: '4',
  });
  return [
    route('GET', '/account', 'GetAccount', () => ({ body: view() })),
    route('PATCH', '/account', 'UpdateAccount', (r) => {
      const account = { ...(store.data.account ?? {}) };
      for (const op of patchOperations(r.json())) {
        const [field] = pathSegments(op.path);
        if (field !== 'cloudwatchRoleArn') throw unsupportedPatch(op, 'the account');
        const roleArn = op.op === 'remove' || !op.value ? undefined : op.value;
        if (roleArn && ctx.ports.iam && !ctx.ports.iam.roleAssumable(roleArn)) {
          throw badRequestError('The role ARN does not have required permissions set to API Gateway');
        }
        account.cloudwatchRoleArn = roleArn;
      }
      store.data.account = account;
      store.save();
      return { body: view() };
    }),
  ];
}
