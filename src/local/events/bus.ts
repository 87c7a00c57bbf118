// PutEvents on the default bus: each entry becomes an event, which every enabled rule whose
// pattern matches delivers to its targets. Delivery is asynchronous, as on AWS: PutEvents answers
// once the events are accepted; `idle()` lets the cloud (and its close) wait for deliveries.
import { randomUUID } from 'node:crypto';
import type { CloudContext } from '../context.js';
import { deliverToTarget, eventTime, type DeliveryOutcome } from './deliver.js';
import type { EventsModel } from './model.js';
import { matchesPattern, parseEventPattern } from './pattern.js';

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  EventBusName?: string;
  Time?: number | string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface EventDelivery extends DeliveryOutcome {
  eventId: string;
  ruleName: string;
  targetId: string;
  targetArn: string;
}

const MAX_HISTORY = 1_000;

export class EventBus {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly history: EventDelivery[] = [];

  constructor(
    private readonly ctx: CloudContext,
    private readonly model: EventsModel,
  ) {}

  get deliveries(): readonly EventDelivery[] {
    return this.history;
  }

  put(entries: PutEventsEntry[]): PutEventsResultEntry[] {
    return entries.map((entry) => {
      const problem = entryProblem(entry);
      if (problem) return problem;
      const event = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType!,
        source: entry.Source!,
        account: this.ctx.accountId,
        time: eventTime(entry.Time === undefined ? this.ctx.clock.now() : timeOf(entry.Time)),
        region: this.ctx.defaultRegion,
        resources: entry.Resources ?? [],
        detail: JSON.parse(entry.Detail!) as unknown,
      };
      this.route(event);
      return { EventId: event.id };
    });
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private route(event: Record<string, unknown> & { id: string }): void {
    for (const rule of this.model.rules) {
      if (rule.state !== 'ENABLED' || !rule.eventPattern) continue;
      if (!matchesPattern(parseEventPattern(rule.eventPattern), event)) continue;
      for (const target of rule.targets) {
        const job = deliverToTarget(this.ctx, rule, target, event)
          .then((outcome) => this.record({ eventId: event.id, ruleName: rule.name, targetId: target.Id, targetArn: target.Arn, ...outcome }))
          .finally(() => this.inFlight.delete(job));
        this.inFlight.add(job);
      }
    }
  }

  private record(delivery: EventDelivery): void {
    this.history.push(delivery);
    if (this.history.length > MAX_HISTORY) this.history.shift();
    if (delivery.outcome !== 'invoked') {
      process.stderr.write(`[local events] event ${delivery.eventId} rule ${delivery.ruleName} target ${delivery.targetId}: ${delivery.outcome}: ${delivery.error ?? ''}\n`);
    }
  }
}

/** The per-entry failures AWS reports in the answer (the call itself succeeds). */
function entryProblem(entry: PutEventsEntry): PutEventsResultEntry | undefined {
  const bus = entry.EventBusName?.split('/').pop();
  if (bus && bus !== 'default') return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
  if (!entry.Source) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' };
  if (!entry.DetailType) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' };
  if (!entry.Detail) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' };
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  return undefined;
}

/** The SDK sends Time as epoch seconds. */
function timeOf(value: number | string): number {
  return typeof value === 'number' ? value * 1000 : Date.parse(value);
}
