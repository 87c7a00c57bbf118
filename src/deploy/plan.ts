// A plan: plain-data steps, each holding the exact AWS calls it will send; printable, testable,
// and what the executor runs. A step with no calls is no change.
import { printableCall, type ApiCall } from './calls.js';
import type { Orphan, Resource, ResourceKind } from './model.js';
import type { Outputs } from './refs.js';

export type StepAction = 'create' | 'update' | 'delete' | 'noop';

interface StepBase {
  id: string;
  kind: ResourceKind;
  action: StepAction;
  /** Why: what differs, or what is missing. */
  reason: string;
  /** The calls, in order. Empty exactly when the action is noop. */
  calls: ApiCall[];
  /** Step ids that must finish first. */
  dependsOn: string[];
}

export interface ApplyStep extends StepBase {
  action: 'create' | 'update' | 'noop';
  /** The desired resource, tokens filled as far as the remote state tells. */
  resource: Resource;
  /** Outputs known without a call (ARNs from names, ids of what exists); may hold tokens. */
  outputs: Record<string, string>;
}

export interface DeleteStep extends StepBase {
  action: 'delete';
  resource: Orphan;
}

export type PlanStep = ApplyStep | DeleteStep;

export interface Plan {
  project: string;
  stage: string;
  region: string;
  accountId: string;
  steps: PlanStep[];
  /** Outputs of what already exists (API ids, versions), the executor's starting point. */
  outputs: Outputs;
  /** What exists, is not wanted, and is kept on purpose (a table's data), each with why. */
  kept?: KeptResource[];
}

export interface KeptResource {
  id: string;
  reason: string;
}

export function summarize(plan: Plan): Record<StepAction, string[]> {
  const out: Record<StepAction, string[]> = { create: [], update: [], delete: [], noop: [] };
  for (const step of plan.steps) out[step.action].push(step.id);
  return out;
}

export function hasChanges(plan: Plan): boolean {
  return plan.steps.some((s) => s.action !== 'noop');
}

/** Every call of the plan in step order, with its step. */
export function planCalls(plan: Plan): { step: string; call: ApiCall }[] {
  return plan.steps.flatMap((s) => s.calls.map((call) => ({ step: s.id, call })));
}

/** The steps as `plan --json` prints them: each with its calls whole. */
export function printableSteps(plan: Plan) {
  return plan.steps.map(({ id, kind, action, reason, dependsOn, calls }) => ({ id, kind, action, reason, dependsOn, calls: calls.map(printableCall) }));
}
