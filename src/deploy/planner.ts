// Desired + remote -> Plan. Pure: no AWS here, so plans are unit-tested from given states.
import { compare } from './compare.js';
import type { Orphan, Resource, ResourceKind } from './model.js';
import type { ApplyStep, DeleteStep, Plan, PlanStep } from './plan.js';
import { fillTokens, referencedIds, type Outputs } from './refs.js';
import type { RemoteState } from './remote-state.js';
import { DELETE_RANK, orphans, type SweepOptions } from './sweeper.js';

export interface PlanInput {
  project: string;
  stage: string;
  region: string;
  /** Empty for a teardown. */
  resources: Resource[];
  remote: RemoteState;
  sweep?: SweepOptions;
}

export function plan(input: PlanInput): Plan {
  const { resources, remote } = input;
  const byId = new Map(resources.map((r) => [r.id, r]));
  const depsOf = (r: Resource) => [...new Set([...(r.after ?? []), ...referencedIds(r)])].filter((id) => byId.has(id) && id !== r.id);

  const outputs: Outputs = {};
  const steps: PlanStep[] = [];
  let invokes: ApplyStep[] = [];
  for (const r of topologicalOrder(resources, depsOf)) {
    const filled = fillTokens(r, outputs);
    const diff = (compare[r.kind] as (d: Resource, s: RemoteState, o: Outputs) => ReturnType<(typeof compare)['role']>)(filled, remote, outputs);
    if (diff.outputs) outputs[r.id] = diff.outputs;
    const step: ApplyStep = { id: r.id, kind: r.kind, action: diff.action, reason: diff.reason, changes: diff.changes, dependsOn: depsOf(r), resource: filled };
    if (r.kind === 'invokeAfterDeploy') invokes.push(step);
    else steps.push(step);
  }

  // The sweep runs after everything else, in teardown order.
  const lost = orphans(remote, steps.map((s) => s.resource as Resource), input.sweep);
  const applyIds = steps.filter((s) => s.action !== 'noop').map((s) => s.id);
  const deletes = orderedDeletes(lost, applyIds);

  // After-deploy invocations run when the deploy changed something (a registrar re-registers).
  const changed = applyIds.length > 0 || deletes.length > 0;
  invokes = invokes.map((s) => ({ ...s, action: changed ? 'create' : 'noop', reason: changed ? 'invoked after a deploy with changes' : 'nothing changed', dependsOn: [...applyIds, ...deletes.map((d) => d.id)] }));

  return {
    project: input.project,
    stage: input.stage,
    region: input.region,
    accountId: remote.accountId,
    steps: [...steps, ...deletes, ...invokes],
    outputs,
  };
}

function orderedDeletes(lost: Orphan[], applyIds: string[]): DeleteStep[] {
  const ranks = [...new Set(lost.map((o) => DELETE_RANK[o.kind]))].sort((a, b) => a - b);
  return lost.map((o) => {
    const rank = DELETE_RANK[o.kind];
    const previous = ranks.filter((x) => x < rank).at(-1);
    const before = previous === undefined ? [] : lost.filter((x) => DELETE_RANK[x.kind] === previous).map((x) => x.id);
    return { id: `delete:${o.id}`, kind: o.kind, action: 'delete', reason: reasonForDelete(o.kind), changes: [], dependsOn: [...applyIds, ...before.map((id) => `delete:${id}`)], resource: o };
  });
}

function reasonForDelete(kind: ResourceKind): string {
  return kind === 'table' ? 'not in the config (--delete-data)' : 'no longer in the config';
}

export function topologicalOrder<T extends { id: string }>(items: T[], depsOf: (item: T) => string[]): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: T[] = [];
  const visit = (item: T, path: string[]) => {
    const s = state.get(item.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`The resources depend on each other in a cycle: ${[...path, item.id].join(' -> ')}. Remove one of the references.`);
    state.set(item.id, 'visiting');
    for (const dep of depsOf(item)) {
      const d = byId.get(dep);
      if (d) visit(d, [...path, item.id]);
    }
    state.set(item.id, 'done');
    out.push(item);
  };
  for (const item of items) visit(item, []);
  return out;
}
