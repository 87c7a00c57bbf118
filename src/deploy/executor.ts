// Runs a plan: steps in dependency order, every step whose dependencies are done at once (all
// functions together). A step's calls are sent in order with their tokens filled from the
// outputs of earlier steps and calls; nothing is recomputed here. Each finished step is
// reported at once (the state file is written as resources are made).
import { inBranch } from '../aws/call-log.js';
import { notFound, type AwsApi, type OperationName } from '../aws/api/index.js';
import type { ApiCall, Binary } from './calls.js';
import type { Artifacts } from './model.js';
import type { Plan, PlanStep } from './plan.js';
import { fillTokens, hasTokens, type Outputs } from './refs.js';

export interface ExecuteContext {
  api: AwsApi;
  artifacts: Artifacts;
}

export interface ExecuteOptions {
  /** Most steps in flight at once. Default DEFAULT_CONCURRENCY. */
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

/**
 * Enough for the widest wave of a 50-function project (its roles and log groups, then its
 * functions and policies) to go out together: a lower limit made waves of such a deploy wait for
 * each other. Each SDK client still has its own pool of 50 sockets, so one service never has more
 * than 50 calls in flight; throttling on AWS is retried by error class (aws/retry.ts).
 */
export const DEFAULT_CONCURRENCY = 128;

export async function execute(plan: Plan, ctx: ExecuteContext, options: ExecuteOptions = {}): Promise<ExecutionResult> {
  const outputs: Outputs = structuredClone(plan.outputs);
  const inPlan = new Set(plan.steps.map((s) => s.id));
  // Launched longest chain first: a role before a log group, since a function waits on the role.
  const pending = new Map(byLongestChain(plan.steps.filter((s) => s.action !== 'noop')).map((s) => [s.id, s]));
  const finished = new Set(plan.steps.filter((s) => s.action === 'noop').map((s) => s.id));
  const depthOf = new Map<string, number>();
  const done: string[] = [];
  const failed: { id: string; error: unknown }[] = [];
  const running = new Map<string, Promise<void>>();
  const limit = options.concurrency ?? DEFAULT_CONCURRENCY;
  // Steps continue the chain of the reads that planned them.
  const startDepth = ctx.api.log.currentDepth();
  let stopped = false;
  let aborted = false;

  const ready = (s: PlanStep) => s.dependsOn.every((d) => finished.has(d) || !inPlan.has(d));
  const launch = (step: PlanStep) => {
    pending.delete(step.id);
    const base = Math.max(startDepth, ...step.dependsOn.map((d) => depthOf.get(d) ?? 0));
    options.onStepStart?.(step);
    const run = inBranch(base, () => runStep(step, ctx, outputs))
      .then(({ depth }) => {
        depthOf.set(step.id, depth);
        if (aborted) return;
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

/** Steps ordered by the most calls on any chain of dependent steps from each (stable among equals). */
function byLongestChain(steps: PlanStep[]): PlanStep[] {
  const dependents = new Map<string, PlanStep[]>();
  for (const s of steps) for (const d of s.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), s]);
  const chain = new Map<string, number>();
  const lengthOf = (s: PlanStep, seen: Set<string>): number => {
    const known = chain.get(s.id);
    if (known !== undefined) return known;
    if (seen.has(s.id)) return s.calls.length; // a cycle is reported by execute (never ready), not here
    seen.add(s.id);
    const length = s.calls.length + Math.max(0, ...(dependents.get(s.id) ?? []).map((n) => lengthOf(n, seen)));
    chain.set(s.id, length);
    return length;
  };
  return steps.map((s, i) => ({ s, i, length: lengthOf(s, new Set()) })).sort((a, b) => b.length - a.length || a.i - b.i).map(({ s }) => s);
}

async function runStep(step: PlanStep, ctx: ExecuteContext, outputs: Outputs): Promise<void> {
  if (step.action !== 'delete') outputs[step.id] = { ...outputs[step.id], ...fillTokens(step.outputs, outputs) };
  for (const c of step.calls) await send(c, step.id, ctx, outputs);
  // Static outputs may name this step's own answers (a new API's id).
  if (step.action !== 'delete') outputs[step.id] = { ...outputs[step.id], ...fillTokens(step.outputs, outputs) };
}

async function send(c: ApiCall, stepId: string, ctx: ExecuteContext, outputs: Outputs): Promise<void> {
  const input = fillTokens(c.input, outputs);
  const resource = fillTokens(c.resource, outputs);
  if (hasTokens(input)) throw new Error(`${c.operation} on ${resource} still names values not known yet: ${JSON.stringify(input).match(/\{\{ref:[^}]+\}\}/g)?.join(', ')}.`);
  try {
    const answer = await ctx.api.send(c.operation as OperationName, withBodies(input, ctx.artifacts) as never, resource) as unknown as Record<string, unknown>;
    for (const [attr, field] of Object.entries(c.outputs ?? {})) {
      const value = answer?.[field];
      if (typeof value !== 'string' || !value) throw new Error(`${c.operation} on ${resource} answered no ${field}.`);
      outputs[stepId] = { ...outputs[stepId], [attr]: value };
    }
  } catch (err) {
    if (c.absentOk && notFound(err)) return;
    if (c.ifExists && alreadyExists(err)) {
      for (const next of c.ifExists) await send(next, stepId, ctx, outputs);
      return;
    }
    if (c.optionalOffAws && !ctx.api.isAws) return;
    throw err;
  }
}

function alreadyExists(err: unknown): boolean {
  const cause = (err as { cause?: unknown }).cause ?? err;
  const name = (cause as { name?: string }).name ?? '';
  const message = (cause as { message?: string }).message ?? '';
  return /AlreadyExists|EntityAlreadyExists|ResourceInUse/.test(name) || /already exist/i.test(message);
}

/** Named bodies -> bytes. */
function withBodies(value: unknown, artifacts: Artifacts): unknown {
  if (Array.isArray(value)) return value.map((v) => withBodies(v, artifacts));
  if (value && typeof value === 'object') {
    const b = value as Binary;
    if ('$utf8' in b) return Buffer.from(b.$utf8);
    if ('$artifact' in b) {
      const bytes = b.$artifact === 'zip' ? artifacts.zips[b.id] : artifacts.apiBodies[b.id] !== undefined ? Buffer.from(artifacts.apiBodies[b.id]!) : undefined;
      if (!bytes) throw new Error(`No ${b.$artifact === 'zip' ? 'package was built' : 'definition was rendered'} for ${b.id}.`);
      return bytes;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBodies(v, artifacts)]));
  }
  return value;
}
