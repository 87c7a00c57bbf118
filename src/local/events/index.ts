// EventBridge (JSON 1.1): rules on the default bus, Lambda targets, tags, a scheduler that fires
// rate() and cron() rules for real through the Lambda port, and PutEvents routed by event patterns.
import type { CloudContext } from '../context.js';
import { dispatchJsonTarget } from '../protocol/json-target.js';
import type { LocalService } from '../service.js';
import { EventBus } from './bus.js';
import { EventsModel } from './model.js';
import { operations } from './responses.js';
import { Scheduler } from './scheduler.js';

export function createEventsService(ctx: CloudContext): LocalService {
  const model = new EventsModel(ctx);
  const scheduler = new Scheduler(ctx, model);
  const bus = new EventBus(ctx, model);
  ctx.ports.events = { firings: () => [...scheduler.firings] };
  scheduler.start();
  return {
    name: 'events',
    protocol: 'json',
    async handle(req) {
      return dispatchJsonTarget('EventBridge', operations, { model, bus }, req);
    },
    close: async () => {
      await scheduler.close();
      await bus.idle();
    },
  };
}
