// Desired against remote, one comparison per kind. Pure. A Record over every kind, so the
// compiler checks none is forgotten.
import type { FunctionSettings, MethodSettingValues, ResourceKind, ResourceOf, Tags } from './model.js';
import { TAG_DEFINITION } from './model.js';
import { hasTokens, type Outputs } from './refs.js';
import type { RemoteApiKey, RemoteRestApi, RemoteState, RemoteUsagePlan } from './remote-state.js';

export interface Diff {
  action: 'create' | 'update' | 'noop';
  reason: string;
  changes: string[];
  /** Outputs known from what exists (ids, versions). */
  outputs?: Record<string, string>;
}

type Compare<K extends ResourceKind> = (desired: ResourceOf<K>, remote: RemoteState, outputs: Outputs) => Diff;

const create = (reason: string, changes: string[] = []): Diff => ({ action: 'create', reason, changes });
const noop = (outputs?: Record<string, string>): Diff => ({ action: 'noop', reason: 'up to date', changes: [], outputs });

function update(changes: string[], outputs?: Record<string, string>, detail?: string): Diff {
  return changes.length === 0
    ? noop(outputs)
    : { action: 'update', reason: detail ?? `${changes.join(', ')} differ${changes.length === 1 ? 's' : ''}`, changes, outputs };
}

export function tagsMissing(desired: Tags, actual: Tags | undefined): boolean {
  return Object.entries(desired).some(([k, v]) => actual?.[k] !== v);
}

export function settingsDiffer(a: FunctionSettings, b: FunctionSettings): string[] {
  const fields: (keyof FunctionSettings)[] = ['runtime', 'handler', 'memory', 'timeout', 'description', 'roleArn'];
  const differ: string[] = fields.filter((f) => a[f] !== b[f]);
  if (canonical(a.environment) !== canonical(b.environment)) differ.push('environment');
  return differ;
}

/** JSON with sorted keys, string arrays sorted, singletons as arrays: policy documents compare by meaning. */
export function canonical(value: unknown): string {
  const norm = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((x) => norm(x));
      return items.every((x) => typeof x === 'string') ? [...(items as string[])].sort() : items;
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Record<string, unknown>)[k], k)]));
    }
    if (typeof v === 'string' && (key === 'Action' || key === 'Resource')) return [v];
    return v;
  };
  return JSON.stringify(norm(value)) ?? 'undefined';
}

/** Of several remote things with one name (an interrupted create), the one to keep. */
export function primaryApi(remote: RemoteState, name: string): RemoteRestApi | undefined {
  const same = remote.restApis.filter((a) => a.name === name);
  return same.find((a) => a.tags[TAG_DEFINITION]) ?? oldest(same);
}

export function primaryKey(remote: RemoteState, name: string): RemoteApiKey | undefined {
  return oldest(remote.apiKeys.filter((k) => k.name === name));
}

export function primaryPlan(remote: RemoteState, name: string): RemoteUsagePlan | undefined {
  const same = remote.usagePlans.filter((p) => p.name === name);
  return same.find((p) => p.keyIds.length > 0 || p.apiStages.length > 0) ?? same[0];
}

function oldest<T extends { createdDate?: number; id: string }>(items: T[]): T | undefined {
  return [...items].sort((a, b) => (a.createdDate ?? 0) - (b.createdDate ?? 0) || a.id.localeCompare(b.id))[0];
}

export function deploymentDescription(hash: string): string {
  return `discovery:${hash}`;
}

function methodSettingsDiffer(desired: Record<string, MethodSettingValues>, actual: Record<string, MethodSettingValues>): boolean {
  for (const [key, values] of Object.entries(desired)) {
    const have = actual[key];
    if (!have) return true;
    for (const [field, value] of Object.entries(values)) if (have[field as keyof MethodSettingValues] !== value) return true;
  }
  // Settings of methods no longer configured are drift too: the next deploy removes them.
  return Object.keys(actual).some((key) => !(key in desired));
}

export const compare: { [K in ResourceKind]: Compare<K> } = {
  role(d, remote) {
    const r = remote.roles[d.name];
    if (!r) return create('role does not exist');
    const changes: string[] = [];
    if (!r.trustedServices.includes(d.service)) changes.push('trust');
    if (tagsMissing(d.tags, r.tags)) changes.push('tags');
    return update(changes, { arn: r.arn });
  },
  rolePolicy(d, remote) {
    const role = remote.roles[d.roleName];
    const current = role?.policies[d.policyName];
    if (current === undefined) return create('inline policy missing');
    return canonical(current) === canonical(d.document) ? noop() : update(['policy']);
  },
  table(d, remote) {
    const t = remote.tables[d.name];
    if (!t) return create('table does not exist');
    const keyOf = (k?: { name: string; type: string }) => (k ? `${k.name}:${k.type}` : '');
    if (keyOf(t.partitionKey) !== keyOf(d.partitionKey) || keyOf(t.sortKey) !== keyOf(d.sortKey)) {
      throw new Error(`Table ${d.name} exists with keys (${keyOf(t.partitionKey)} ${keyOf(t.sortKey)}) but the config says (${keyOf(d.partitionKey)} ${keyOf(d.sortKey)}). DynamoDB cannot change a table's keys: give the table another name in discovery.config.json, or delete it (discovery-cli teardown --delete-data).`);
    }
    return noop({ arn: t.arn, name: t.name });
  },
  tableTtl(d, remote) {
    const t = remote.tables[d.tableName];
    if (!t) return create('table is new');
    if (t.ttl?.enabled && t.ttl.attribute === d.attribute) return noop();
    return update(['ttl'], undefined, `TTL ${t.ttl?.enabled ? `on ${t.ttl.attribute}` : 'off'}, want ${d.attribute}`);
  },
  logGroup(d, remote) {
    return remote.logGroups.includes(d.name) ? noop() : create('log group missing');
  },
  function(d, remote) {
    const f = remote.functions[d.name];
    if (!f) return create('function does not exist', ['code', 'configuration']);
    const changes: string[] = [];
    if (f.codeSha256 !== d.codeSha256) changes.push('code');
    const differ = settingsDiffer(d.settings, f.settings);
    if (differ.length) changes.push('configuration');
    if (tagsMissing(d.tags, f.tags)) changes.push('tags');
    const detail = changes.length ? [changes.includes('code') ? 'code' : '', differ.join(', '), changes.includes('tags') ? 'tags' : ''].filter(Boolean).join(', ') + ' changed' : undefined;
    return update(changes, { arn: f.arn, name: f.name }, detail);
  },
  functionVersion(d, remote) {
    const f = remote.functions[d.functionName];
    const latest = f?.versions.at(-1);
    if (!latest) return create('no published version');
    if (latest.codeSha256 === d.codeSha256 && settingsDiffer(d.settings, latest.settings).length === 0) return noop({ version: latest.version });
    return create(`version ${latest.version} differs from the code or configuration`);
  },
  alias(d, remote) {
    const f = remote.functions[d.functionName];
    const a = f?.aliases[d.aliasName];
    if (!a) return create('alias missing');
    if (hasTokens(d.version)) return update(['version'], undefined, 'moves to the version this deploy publishes');
    return a.version === d.version ? noop() : update(['version'], undefined, `points to ${a.version}, want ${d.version}`);
  },
  permission(d, remote) {
    const f = remote.functions[d.functionName];
    const st = f?.policies[d.qualifier ?? '']?.find((s) => s.sid === d.statementId);
    if (!st) return create('permission missing');
    if (hasTokens(d.sourceArn)) return update(['replace'], undefined, 'API is new: permission re-scoped');
    if (st.sourceArn !== d.sourceArn || (st.principal !== undefined && st.principal !== d.principal)) {
      return update(['replace'], undefined, `scoped to ${st.sourceArn ?? 'any source'}, want ${d.sourceArn}`);
    }
    return noop();
  },
  restApi(d, remote) {
    const api = primaryApi(remote, d.name);
    if (!api) return create('API does not exist');
    const changes: string[] = [];
    // Where an endpoint cannot tag APIs (moto), a stage serving this definition proves it was put.
    const served = !api.tags[TAG_DEFINITION] && Object.values(api.stages).some((s) => s.deploymentId && api.deployments[s.deploymentId] === deploymentDescription(d.definitionHash));
    if (api.tags[TAG_DEFINITION] !== d.definitionHash && !served) changes.push('definition');
    if (tagsMissing(d.tags, api.tags) && !served) changes.push('tags');
    return update(changes, { id: api.id });
  },
  deployment(d, remote) {
    const api = remote.restApis.find((a) => a.id === d.restApiId);
    const stage = api?.stages[d.stageName];
    if (!stage) return create('stage does not exist');
    const description = stage.deploymentId ? api!.deployments[stage.deploymentId] : undefined;
    return description === deploymentDescription(d.definitionHash) ? noop({ deploymentId: stage.deploymentId! }) : update(['deployment'], undefined, 'stage serves an older definition');
  },
  stageSettings(d, remote) {
    const api = remote.restApis.find((a) => a.id === d.restApiId);
    const stage = api?.stages[d.stageName];
    if (!stage) return create('stage is new', ['variables', 'methodSettings', 'cache', 'accessLog', 'tags']);
    const changes: string[] = [];
    if (canonical(stage.variables) !== canonical(d.variables)) changes.push('variables');
    if (methodSettingsDiffer(d.methodSettings, stage.methodSettings)) changes.push('methodSettings');
    if (stage.cacheClusterEnabled !== d.cacheClusterEnabled || (d.cacheClusterEnabled && d.cacheClusterSize && stage.cacheClusterSize !== d.cacheClusterSize)) changes.push('cache');
    if (canonical(stage.accessLog ?? null) !== canonical(d.accessLog ?? null)) changes.push('accessLog');
    if (tagsMissing(d.tags, stage.tags)) changes.push('tags');
    return update(changes);
  },
  apiKey(d, remote) {
    const k = primaryKey(remote, d.name);
    if (!k) return create('API key does not exist');
    const changes: string[] = [];
    if (k.description !== d.description || k.enabled !== d.enabled) changes.push('settings');
    if (tagsMissing(d.tags, k.tags)) changes.push('tags');
    return update(changes, { id: k.id });
  },
  usagePlan(d, remote) {
    const p = primaryPlan(remote, d.name);
    if (!p) return create('usage plan does not exist');
    const changes: string[] = [];
    const stageKey = (s: { apiId: string; stage: string }) => `${s.apiId}/${s.stage}`;
    if (canonical(p.apiStages.map(stageKey)) !== canonical(d.apiStages.map(stageKey))) changes.push('apiStages');
    if (p.description !== d.description) changes.push('description');
    if (canonical(p.throttle ?? null) !== canonical(d.throttle ?? null)) changes.push('throttle');
    if (canonical(p.quota ? { offset: 0, ...p.quota } : null) !== canonical(d.quota ? { offset: 0, ...d.quota } : null)) changes.push('quota');
    if (tagsMissing(d.tags, p.tags)) changes.push('tags');
    return update(changes, { id: p.id });
  },
  usagePlanKey(d, remote) {
    const p = remote.usagePlans.find((x) => x.id === d.usagePlanId);
    if (!p || hasTokens(d.keyId)) return create('key not bound to the plan');
    return p.keyIds.includes(d.keyId) ? noop() : create('key not bound to the plan');
  },
  scheduleRule(d, remote) {
    const r = remote.rules[d.name];
    if (!r) return create('rule does not exist');
    const changes: string[] = [];
    if (r.expression !== d.expression) changes.push('expression');
    if (r.enabled !== d.enabled) changes.push('state');
    return update(changes);
  },
  scheduleTarget(d, remote) {
    const t = remote.rules[d.ruleName]?.targets.find((x) => x.id === d.targetId);
    if (!t) return create('target missing');
    return t.arn === d.functionArn && (t.input ?? undefined) === d.input ? noop() : update(['target']);
  },
  apiGatewayAccount(_d, remote) {
    // Any role the account already has is the owner's choice: the engine only fills a gap.
    return remote.apiGatewayAccount?.cloudwatchRoleArn ? noop() : create('API Gateway has no CloudWatch Logs role in this account and region; stage logging needs one');
  },
  invokeAfterDeploy() {
    // Decided by the planner once every other step is known: invoked when anything changed.
    return noop();
  },
};
