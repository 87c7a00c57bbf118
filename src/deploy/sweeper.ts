// What exists and is no longer wanted: removed from the config, duplicates left by an
// interrupted create, or everything (teardown). Pure; the executor deletes in `DELETE_RANK` order.
import type { Orphan, Resource, ResourceKind } from './model.js';
import { STATEMENT_PREFIX } from './model.js';
import { primaryApi, primaryKey, primaryPlan } from './compare.js';
import type { RemoteState } from './remote-state.js';

/** Teardown order: usage plan keys, keys, plans, stages and APIs, schedules, permissions, aliases and functions, role policies and roles; logs and tables last. */
export const DELETE_RANK: Record<ResourceKind, number> = {
  usagePlanKey: 0,
  apiKey: 1,
  usagePlan: 1,
  deployment: 2,
  stageSettings: 2,
  restApi: 3,
  scheduleTarget: 4,
  scheduleRule: 5,
  permission: 6,
  invokeAfterDeploy: 6,
  alias: 7,
  functionVersion: 7,
  function: 8,
  rolePolicy: 9,
  role: 10,
  logGroup: 11,
  tableTtl: 11,
  table: 11,
  apiGatewayAccount: 12,
};

export interface SweepOptions {
  /** Tables (and their data) are deleted only when asked. */
  deleteData?: boolean;
  /** Table names that belong to the stage (from config and state), candidates with deleteData. */
  tableNames?: string[];
}

export function orphans(remote: RemoteState, desired: Resource[], options: SweepOptions = {}): Orphan[] {
  const out: Orphan[] = [];
  const want = <K extends ResourceKind>(kind: K) => desired.filter((r): r is Extract<Resource, { kind: K }> => r.kind === kind);

  // Usage plans, their keys, API keys.
  const planNames = new Set(want('usagePlan').map((p) => p.name));
  for (const plan of remote.usagePlans) {
    const keep = planNames.has(plan.name) && primaryPlan(remote, plan.name)?.id === plan.id;
    if (!keep) {
      out.push({ id: `usagePlan:${plan.name}#${plan.id}`, kind: 'usagePlan', name: plan.name, physicalId: plan.id });
      continue;
    }
    const wantedKeys = new Set(want('usagePlanKey').filter((k) => k.usagePlanId === plan.id).map((k) => k.keyId));
    for (const keyId of plan.keyIds) {
      if (!wantedKeys.has(keyId)) out.push({ id: `usagePlanKey:${plan.id}:${keyId}`, kind: 'usagePlanKey', name: keyId, parent: plan.id });
    }
  }
  const keyNames = new Set(want('apiKey').map((k) => k.name));
  for (const key of remote.apiKeys) {
    if (!(keyNames.has(key.name) && primaryKey(remote, key.name)?.id === key.id)) {
      out.push({ id: `apiKey:${key.name}#${key.id}`, kind: 'apiKey', name: key.name, physicalId: key.id });
    }
  }

  // APIs and their stages.
  const apiNames = new Set(want('restApi').map((a) => a.name));
  for (const api of remote.restApis) {
    if (!(apiNames.has(api.name) && primaryApi(remote, api.name)?.id === api.id)) {
      out.push({ id: `restApi:${api.name}#${api.id}`, kind: 'restApi', name: api.name, physicalId: api.id });
      continue;
    }
    const stages = new Set(want('deployment').filter((d) => d.restApiId === api.id).map((d) => d.stageName));
    for (const stage of Object.keys(api.stages)) {
      if (!stages.has(stage)) out.push({ id: `stage:${api.id}:${stage}`, kind: 'deployment', name: stage, parent: api.id });
    }
  }

  // Schedules.
  const rules = new Set(want('scheduleRule').map((r) => r.name));
  const targets = new Set(want('scheduleTarget').map((t) => `${t.ruleName}/${t.targetId}`));
  for (const rule of Object.values(remote.rules)) {
    if (!rules.has(rule.name)) {
      out.push({ id: `scheduleRule:${rule.name}`, kind: 'scheduleRule', name: rule.name });
      continue;
    }
    for (const t of rule.targets) {
      if (!targets.has(`${rule.name}/${t.id}`)) out.push({ id: `scheduleTarget:${rule.name}:${t.id}`, kind: 'scheduleTarget', name: t.id, parent: rule.name });
    }
  }

  // Functions, their aliases and the engine's permissions.
  const functions = new Set(want('function').map((f) => f.name));
  const aliases = new Set(want('alias').map((a) => `${a.functionName}:${a.aliasName}`));
  const statements = new Set(want('permission').map((p) => `${p.functionName}:${p.qualifier ?? ''}:${p.statementId}`));
  for (const fn of Object.values(remote.functions)) {
    if (!functions.has(fn.name)) {
      out.push({ id: `function:${fn.name}`, kind: 'function', name: fn.name });
      continue;
    }
    for (const alias of Object.keys(fn.aliases)) {
      if (!aliases.has(`${fn.name}:${alias}`)) out.push({ id: `alias:${fn.name}:${alias}`, kind: 'alias', name: alias, parent: fn.name });
    }
    for (const [qualifier, list] of Object.entries(fn.policies)) {
      if (qualifier && !aliases.has(`${fn.name}:${qualifier}`)) continue; // goes with its alias
      for (const st of list) {
        if (st.sid.startsWith(STATEMENT_PREFIX) && !statements.has(`${fn.name}:${qualifier}:${st.sid}`)) {
          out.push({ id: `permission:${fn.name}:${qualifier}:${st.sid}`, kind: 'permission', name: st.sid, parent: fn.name, qualifier: qualifier || undefined });
        }
      }
    }
  }

  // Roles (their inline policies go with them), log groups, and tables only when asked.
  const roles = new Set(want('role').map((r) => r.name));
  for (const role of Object.values(remote.roles)) {
    if (!roles.has(role.name)) out.push({ id: `role:${role.name}`, kind: 'role', name: role.name });
  }
  const logGroups = new Set(want('logGroup').map((g) => g.name));
  for (const group of remote.logGroups) {
    if (!logGroups.has(group)) out.push({ id: `logGroup:${group}`, kind: 'logGroup', name: group });
  }
  if (options.deleteData) {
    const tables = new Set(want('table').map((t) => t.name));
    for (const table of Object.values(remote.tables)) {
      if (!tables.has(table.name)) out.push({ id: `table:${table.name}`, kind: 'table', name: table.name });
    }
  }
  return out;
}
