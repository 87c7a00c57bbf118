// Runs a plan: steps in dependency order, every step whose dependencies are done at once
// (all functions together), outputs of each feeding the tokens of the next. Each finished step
// is reported at once (the state file is written as resources are made).
import { inBranch } from '../aws/call-log.js';
import { handlers, type ApplyContext } from './apply/index.js';
import type { Orphan, Resource } from './model.js';
import type { Plan, PlanStep } from './plan.js';
import { fillTokens, type Outputs } from './refs.js';

export interface ExecuteOptions {
  /** Most steps in flight at once. Default 32. */
  concurrency?: number;
  onStepStart?: (step: PlanStep) => void;
  /** Called as soon as a step is done, with its outputs (the state file is written here). */
  onStepDone?: (step: PlanStep, outputs: Record<string, string>) => void;
  /** Test hook: stop as if killed once this many steps have finished (their successors never start). */
  abortAfterSteps?: number;
}

export interface ExecutionResult {
  done: string[];
  outputs: Outputs;
}

export class ExecutionError extends Error {
  constructor(message: string, readonly done: string[], readonly failed: { id: string; error: unknown }[]) {
    super(message);
    this.name = 'ExecutionError';
  }
}

export class InjectedAbort extends Error {
  constructor(readonly afterSteps: number) {
    super(`Deploy aborted after ${afterSteps} steps (test hook).`);
    this.name = 'InjectedAbort';
  }
}

export async function execute(plan: Plan, ctx: Omit<ApplyContext, 'outputs'>, options: ExecuteOptions = {}): Promise<ExecutionResult> {
  const outputs: Outputs = structuredClone(plan.outputs);
  const apply: ApplyContext = { ...ctx, outputs };
  const inPlan = new Set(plan.steps.map((s) => s.id));
  const pending = new Map(plan.steps.filter((s) => s.action !== 'noop').map((s) => [s.id, s]));
  const finished = new Set(plan.steps.filter((s) => s.action === 'noop').map((s) => s.id));
  const depthOf = new Map<string, number>();
  const done: string[] = [];
  const failed: { id: string; error: unknown }[] = [];
  const running = new Map<string, Promise<void>>();
  const limit = options.concurrency ?? 32;
  // Steps continue the chain of the reads that planned them.
  const startDepth = ctx.aws.log.currentDepth();
  let stopped = false;
  let aborted = false;

  const ready = (s: PlanStep) => s.dependsOn.every((d) => finished.has(d) || !inPlan.has(d));
  const launch = (step: PlanStep) => {
    pending.delete(step.id);
    const base = Math.max(startDepth, ...step.dependsOn.map((d) => depthOf.get(d) ?? 0));
    options.onStepStart?.(step);
    const run = inBranch(base, () => runStep(step, apply))
      .then(({ result, depth }) => {
        depthOf.set(step.id, depth);
        if (aborted) return;
        if (result) outputs[step.id] = { ...outputs[step.id], ...result };
        finished.add(step.id);
        done.push(step.id);
        options.onStepDone?.(step, outputs[step.id] ?? {});
        if (options.abortAfterSteps !== undefined && done.length >= options.abortAfterSteps) aborted = stopped = true;
      })
      .catch((error: unknown) => {
        failed.push({ id: step.id, error });
        stopped = true;
      })
      .finally(() => running.delete(step.id));
    running.set(step.id, run);
  };

  for (;;) {
    if (!stopped) {
      for (const step of [...pending.values()]) {
        if (running.size >= limit) break;
        if (ready(step)) launch(step);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  if (aborted) throw new InjectedAbort(options.abortAfterSteps ?? 0);
  if (failed.length) {
    const first = failed[0]!;
    const message = first.error instanceof Error ? first.error.message : String(first.error);
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed step${failed.length > 2 ? 's' : ''})` : '';
    throw new ExecutionError(`${first.id}: ${message}${more}. ${done.length} step(s) completed and recorded; run the command again to finish.`, done, failed);
  }
  if (pending.size) throw new ExecutionError(`Steps never became ready: ${[...pending.keys()].join(', ')}.`, done, failed);
  return { done, outputs };
}

async function runStep(step: PlanStep, ctx: ApplyContext): Promise<Record<string, string> | void> {
  if (step.action === 'delete') {
    const handler = handlers[step.kind] as { remove(o: Orphan, c: ApplyContext): Promise<void> };
    await handler.remove(step.resource, ctx);
    return;
  }
  const resource = fillTokens(step.resource, ctx.outputs);
  const handler = handlers[resource.kind] as { apply(r: Resource, s: PlanStep, c: ApplyContext): Promise<Record<string, string> | void> };
  return handler.apply(resource, { ...step, resource }, ctx);
}
