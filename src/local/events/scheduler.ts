// Fires scheduled rules for real. Time comes from ctx.clock, so a test with a ManualClock
// (../clock.ts) fires a rate(1 minute) rule by advancing the clock a minute, without waiting.
import { randomUUID } from 'node:crypto';
import type { CloudContext } from '../context.js';
import type { EventsModel, Rule, Target } from './model.js';
import { parseSchedule } from './schedule.js';
import { deliverToTarget, eventTime } from './deliver.js';

export interface ScheduleFiring {
  ruleName: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /** Epoch ms of the scheduled time. */
  time: number;
  outcome: 'invoked' | 'failed' | 'unsupported-target';
  /** Why it failed, when it did. */
  error?: string;
}

/** The loop re-reads the rules at least this often (clock time), so new rules are picked up. */
const POLL_MS = 1_000;
const MAX_HISTORY = 1_000;

export class Scheduler {
  private readonly nextFire = new Map<string, number>();
  private readonly history: ScheduleFiring[] = [];
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: CloudContext,
    private readonly model: EventsModel,
  ) {
    model.onChange = (name) => this.nextFire.delete(name);
  }

  get firings(): readonly ScheduleFiring[] {
    return this.history;
  }

  /** Rules whose schedule threw once: logged once, then skipped. */
  private readonly unreadable = new Set<string>();

  start(): void {
    void this.loop();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      const now = this.ctx.clock.now();
      let soonest = now + POLL_MS;
      for (const rule of this.model.rules) {
        try {
          const due = this.dueTime(rule, now);
          if (due === undefined) continue;
          if (due <= now) {
            this.fire(rule, due);
            this.nextFire.set(rule.name, this.following(rule, due, now));
          }
          soonest = Math.min(soonest, this.nextFire.get(rule.name) ?? soonest);
        } catch (err) {
          // One rule the scheduler cannot read must not stop the others, nor the process.
          if (!this.unreadable.has(rule.name)) console.error(`local cloud: EventBridge rule ${rule.name} is not scheduled:`, err);
          this.unreadable.add(rule.name);
        }
      }
      await this.ctx.clock.sleep(Math.max(1, soonest - now));
    }
  }

  private dueTime(rule: Rule, now: number): number | undefined {
    if (rule.state !== 'ENABLED' || !rule.scheduleExpression) {
      this.nextFire.delete(rule.name);
      return undefined;
    }
    let due = this.nextFire.get(rule.name);
    if (due === undefined) {
      due = parseSchedule(rule.scheduleExpression).next(Math.max(now, rule.scheduleAnchor) - 1, rule.scheduleAnchor);
      // A rule made at this very moment fires one period later, not now.
      if (due !== undefined && due <= rule.scheduleAnchor) due = parseSchedule(rule.scheduleExpression).next(rule.scheduleAnchor, rule.scheduleAnchor);
      if (due === undefined) return undefined;
      this.nextFire.set(rule.name, due);
    }
    return due;
  }

  /** The next fire after `fired`; after a long pause, missed fires collapse into one. */
  private following(rule: Rule, fired: number, now: number): number {
    const schedule = parseSchedule(rule.scheduleExpression!);
    return schedule.next(Math.max(fired, now), rule.scheduleAnchor) ?? Number.POSITIVE_INFINITY;
  }

  private fire(rule: Rule, time: number): void {
    for (const target of rule.targets) {
      const job = this.deliver(rule, target, time).finally(() => this.inFlight.delete(job));
      this.inFlight.add(job);
    }
  }

  private async deliver(rule: Rule, target: Target, time: number): Promise<void> {
    const base = { ruleName: rule.name, ruleArn: rule.arn, targetId: target.Id, targetArn: target.Arn, time };
    this.record({ ...base, ...(await deliverToTarget(this.ctx, rule, target, this.scheduledEvent(rule, time))) });
  }

  /** What AWS sends for a scheduled rule. */
  private scheduledEvent(rule: Rule, time: number): Record<string, unknown> {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: this.ctx.accountId,
      time: eventTime(time),
      region: this.ctx.defaultRegion,
      resources: [rule.arn],
      detail: {},
    };
  }

  private record(firing: ScheduleFiring): void {
    this.history.push(firing);
    if (this.history.length > MAX_HISTORY) this.history.shift();
    if (firing.outcome !== 'invoked') {
      process.stderr.write(`[local events] rule ${firing.ruleName} target ${firing.targetId} (${firing.targetArn}): ${firing.outcome}: ${firing.error ?? ''}\n`);
    }
  }
}
