// EventBridge (JSON 1.1): rules on the default bus, Lambda targets, tags, and a scheduler that
// fires rate() and cron() rules for real through the Lambda port.
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import { parseJsonBody } from '../protocol/render.js';
import type { LocalService } from '../service.js';
import { EventsModel } from './model.js';
import { operations } from './responses.js';
import { Scheduler } from './scheduler.js';

export function createEventsService(ctx: CloudContext): LocalService {
  const model = new EventsModel(ctx);
  const scheduler = new Scheduler(ctx, model);
  ctx.ports.events = { firings: () => [...scheduler.firings] };
  scheduler.start();
  return {
    name: 'events',
    protocol: 'json',
    async handle(req) {
      const name = req.target?.split('.')[1] ?? '';
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (!operation) {
        throw new AwsServiceError('UnknownOperationException', `The local cloud's EventBridge does not serve "${name || req.target || '(no X-Amz-Target)'}". It serves: ${Object.keys(operations).join(', ')}.`, 400);
      }
      return operation(model, parseJsonBody(req.body));
    },
    close: () => scheduler.close(),
  };
}
