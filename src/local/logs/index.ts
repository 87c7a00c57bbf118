// CloudWatch Logs (JSON 1.1). Registers the logs port: what a Lambda handler prints and
// the gateway's access logs arrive here, creating their group and stream on first write.
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import { parseJsonBody } from '../protocol/render.js';
import type { LocalService } from '../service.js';
import { LogsModel } from './model.js';
import { operations } from './responses.js';

export function createLogsService(ctx: CloudContext): LocalService {
  const model = new LogsModel(ctx);
  ctx.ports.logs = { append: (group, stream, events) => model.append(group, stream, events) };
  return {
    name: 'logs',
    protocol: 'json',
    async handle(req) {
      const name = req.target?.split('.')[1] ?? '';
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (!operation) {
        throw new AwsServiceError('UnknownOperationException', `The local cloud's CloudWatch Logs does not serve "${name || req.target || '(no X-Amz-Target)'}". It serves: ${Object.keys(operations).join(', ')}.`, 400);
      }
      return operation(model, parseJsonBody(req.body));
    },
    async close() {
      model.close();
    },
  };
}
