// CloudWatch Logs (JSON 1.1). Registers the logs port: what a Lambda handler prints and
// the gateway's access logs arrive here, creating their group and stream on first write.
import type { CloudContext } from '../context.js';
import { dispatchJsonTarget } from '../protocol/json-target.js';
import type { LocalService } from '../service.js';
import { LogsModel } from './model.js';
import { operations } from './responses.js';

export function createLogsService(ctx: CloudContext): LocalService {
  // Message bytes kept per stream (oldest events dropped past it); default 1 MiB.
  const maxStreamBytes = Number(process.env.DISCOVERY_LOCAL_LOGS_STREAM_BYTES) || undefined;
  const model = new LogsModel(ctx, { maxStreamBytes });
  ctx.ports.logs = {
    exists: (group, stream) => {
      const found = Object.hasOwn(model.groups, group) ? model.groups[group] : undefined;
      return found !== undefined && (stream === undefined || Object.hasOwn(found.streams, stream));
    },
    append: (group, stream, events) => model.append(group, stream, events),
    recent: (group, limit) => model.recent(group, limit),
  };
  return {
    name: 'logs',
    protocol: 'json',
    async handle(req) {
      return dispatchJsonTarget('CloudWatch Logs', operations, model, req);
    },
    async close() {
      await model.close();
    },
  };
}
