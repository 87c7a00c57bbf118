// Desired + remote -> Plan: for each resource in dependency order its kind's calls, then the
// sweep's delete calls in teardown order. Pure: no AWS here, so plans are unit-tested from
// given states, call by call.
import { partitionOf } from '../aws/partition.js';
import type { ApiCall } from './calls.js';
import { KINDS, type DiffContext, type KindModule, type SweepOptions } from './kinds/index.js';
import type { Artifacts, Orphan, Resource, ResourceKind } from './model.js';
import type { ApplyStep, DeleteStep, KeptResource, Plan, PlanStep } from './plan.js';
import { fillTokens, referencedIds, type Outputs } from './refs.js';
import type { RemoteState } from './remote-state.js';
import { DELETE_RANK, orphans } from './sweeper.js';

export interface PlanInput {
  project: string;
  stage: string;
  region: string;
  /** Empty for a teardown. */
  resources: Resource[];
  remote: RemoteState;
  /** Sizes of bodies named in calls (plans print them); absent in plan-only tests. */
  artifacts?: Artifacts;
  sweep?: SweepOptions;
  /** The target is AWS itself (default); off AWS some emulators cannot tag APIs. */
  onAws?: boolean;
  /** After-deploy invocations an interrupted deploy left undone (the state file's): run even with no change. */
  pendingInvokes?: string[];
  /** A teardown: every deletion's reason is the teardown, not the config. */
  teardown?: boolean;
}

export function plan(input: PlanInput): Plan {
  const { resources, remote } = input;
  const byId = new Map(resources.map((r) => [r.id, r]));
  const depsOf = (r: Resource) => [...new Set([...(r.after ?? []), ...referencedIds(r)])].filter((id) => byId.has(id) && id !== r.id);

  const outputs: Outputs = {};
  const ctx: DiffContext = {
    remote, outputs, arn: { partition: partitionOf(input.region), region: input.region, accountId: remote.accountId },
    artifacts: input.artifacts ?? { zips: {}, apiBodies: {} }, onAws: input.onAws ?? true,
  };
  const steps: PlanStep[] = [];
  let invokes: ApplyStep[] = [];
  for (const r of topologicalOrder(resources, depsOf)) {
    const filled = fillTokens(r, outputs);
    const diff = (KINDS[r.kind] as KindModule<ResourceKind>).diff(filled as never, ctx);
    if (diff.outputs) outputs[r.id] = diff.outputs;
    const action = diff.calls.length === 0 ? 'noop' : diff.exists ? 'update' : 'create';
    const step: ApplyStep = {
      id: r.id, kind: r.kind, action, reason: action === 'noop' ? 'up to date' : diff.reason, calls: diff.calls,
      dependsOn: depsOf(r), resource: filled, outputs: diff.outputs ?? {},
    };
    if (r.kind === 'invokeAfterDeploy') invokes.push(step);
    else steps.push(step);
  }

  // The sweep runs after everything else, in teardown order.
  const lost = orphans(remote, steps.map((s) => s.resource as Resource), input.sweep);
  const applyIds = steps.filter((s) => s.action !== 'noop').map((s) => s.id);
  const deletes = orderedDeletes(lost, applyIds, remote, (o) => deletionReason(o, input));

  // After-deploy invocations run when the deploy changed something (a registrar re-registers).
  const changed = applyIds.length > 0 || deletes.length > 0;
  const pending = new Set(input.pendingInvokes ?? []);
  invokes = invokes.map((s) => {
    const run = changed || pending.has(s.id);
    const reason = changed ? s.reason : pending.has(s.id) ? 'left undone by an interrupted deploy' : 'nothing changed';
    return { ...s, action: run ? 'create' : 'noop', reason, calls: run ? s.calls : [], dependsOn: [...applyIds, ...deletes.map((d) => d.id)] };
  });

  return {
    project: input.project, stage: input.stage, region: input.region, accountId: remote.accountId, steps: [...steps, ...deletes, ...invokes], outputs,
    kept: keptResources(input, new Set(deletes.map((d) => d.resource.id))),
  };
}

/** Why an orphan goes: the teardown, a duplicate an interrupted create left, or its removal from the config. */
function deletionReason(o: Orphan, input: PlanInput): string {
  if (o.kind === 'table') return input.teardown ? `stage ${input.stage} is torn down with --delete-data: the table and its data` : 'not in the config (--delete-data)';
  if (input.teardown) return `stage ${input.stage} is torn down`;
  // Same name as a wanted resource but another id: a second copy (an interrupted create, or made by hand).
  if (o.physicalId && input.resources.some((r) => r.kind === o.kind && 'name' in r && r.name === o.name)) {
    return `a duplicate of ${o.name} (another id is the one in use), left by an interrupted run or made outside discovery-cli`;
  }
  return 'no longer in the config';
}

/** What exists, is not wanted, and is kept on purpose: tables (their data), account-wide settings. */
function keptResources(input: PlanInput, deleted: Set<string>): KeptResource[] {
  const kept: KeptResource[] = [];
  const wantedTables = new Set(input.resources.flatMap((r) => (r.kind === 'table' ? [r.name] : [])));
  for (const t of Object.values(input.remote.tables)) {
    if (wantedTables.has(t.name) || deleted.has(`table:${t.name}`)) continue;
    kept.push({
      id: `table:${t.name}`,
      reason: input.teardown ? 'it holds data; pass --delete-data to delete it' : 'no longer in the config, but it holds data; teardown --delete-data deletes it',
    });
  }
  const role = input.remote.apiGatewayAccount?.cloudwatchRoleArn;
  if (input.teardown && role) kept.push({ id: `apiGatewayAccount:${role.split('/').pop()}`, reason: "API Gateway's CloudWatch Logs role of the account: every API of the account and region may log through it" });
  return kept;
}

function orderedDeletes(lost: Orphan[], applyIds: string[], remote: RemoteState, reasonOf: (o: Orphan) => string): DeleteStep[] {
  const withCalls = lost.map((o) => ({ o, calls: (KINDS[o.kind] as KindModule<ResourceKind>).deleteCalls(o, remote) as ApiCall[] })).filter((x) => x.calls.length);
  const ranks = [...new Set(withCalls.map(({ o }) => DELETE_RANK[o.kind]))].sort((a, b) => a - b);
  return withCalls.map(({ o, calls }) => {
    const rank = DELETE_RANK[o.kind];
    const previous = ranks.filter((x) => x < rank).at(-1);
    const before = previous === undefined ? [] : withCalls.filter((x) => DELETE_RANK[x.o.kind] === previous).map((x) => `delete:${x.o.id}`);
    return {
      id: `delete:${o.id}`, kind: o.kind, action: 'delete', reason: reasonOf(o),
      calls, dependsOn: [...applyIds, ...before], resource: o,
    };
  });
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
