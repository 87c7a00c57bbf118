// Placeholder until the service is implemented: every call answers UnknownOperationException.
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import type { LocalService } from '../service.js';

export function createLambdaService(_ctx: CloudContext): LocalService {
  return {
    name: 'lambda',
    protocol: 'rest-json',
    async handle() {
      throw new AwsServiceError('UnknownOperationException', 'lambda is not implemented yet', 400);
    },
  };
}
