// STS (query protocol): GetCallerIdentity answers the fixed local account, so tools that
// derive ARNs from the caller's account (the deploy engine, boto3 scripts) work unchanged.
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import { parseForm, xmlResult } from '../protocol/render.js';
import type { LocalService } from '../service.js';

export function createStsService(ctx: CloudContext): LocalService {
  return {
    name: 'sts',
    protocol: 'query',
    async handle(req) {
      const params = parseForm(req.body, req.query);
      const action = params.get('Action') ?? '';
      if (action === 'GetCallerIdentity') {
        return xmlResult('sts', action, {
          Arn: `arn:aws:iam::${ctx.accountId}:user/local`,
          UserId: 'AIDALOCALCLOUDUSER0001',
          Account: ctx.accountId,
        });
      }
      throw new AwsServiceError('InvalidAction', `The action ${action || '(none)'} is not valid for this endpoint. The local cloud's STS serves GetCallerIdentity.`, 400);
    },
  };
}
