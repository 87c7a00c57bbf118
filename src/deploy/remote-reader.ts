// Reads what exists on the target into a RemoteState: reads only, all in parallel; a second
// round only for things found by listing (stages of an API, keys of a plan, tags of a candidate).
import {
  GetAccountCommand, GetApiKeysCommand, GetDeploymentsCommand, GetRestApisCommand, GetStagesCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ListRulesCommand, ListTagsForResourceCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetRoleCommand, GetRolePolicyCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  GetFunctionCommand, GetPolicyCommand, type GetFunctionCommandOutput, ListAliasesCommand, ListFunctionsCommand, ListVersionsByFunctionCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { parallel } from '../aws/call-log.js';
import type { Aws } from '../aws/clients.js';
import { TAG_PROJECT, TAG_STAGE, type FunctionSettings, type MethodSettingValues, type Tags } from './model.js';
import type {
  Lookup, RemoteApiKey, RemoteFunction, RemoteRestApi, RemoteRole, RemoteRule, RemoteStage, RemoteState, RemoteStatement, RemoteTable, RemoteUsagePlan,
} from './remote-state.js';

export async function readRemoteState(aws: Aws, lookup: Lookup, extraTables: string[] = []): Promise<RemoteState> {
  const ours = (tags: Tags | undefined) => tags?.[TAG_PROJECT] === lookup.project && tags?.[TAG_STAGE] === lookup.stage;
  const state: RemoteState = { accountId: '', roles: {}, functions: {}, tables: {}, logGroups: [], restApis: [], apiKeys: [], usagePlans: [], rules: {} };
  const tables = [...new Set([...lookup.tables, ...extraTables])];

  await parallel<unknown>([
    async () => {
      const id = await aws.call('sts:GetCallerIdentity', undefined, () => aws.sts.send(new GetCallerIdentityCommand({})));
      state.accountId = id.Account ?? '';
    },
    async () => {
      if (!lookup.apiGatewayAccount) return;
      const account = await aws.call('apigateway:GetAccount', undefined, () => aws.apigateway.send(new GetAccountCommand({})));
      state.apiGatewayAccount = { cloudwatchRoleArn: account.cloudwatchRoleArn || undefined };
    },
    // Functions and roles the config names, directly; others of this stage by prefix and tag.
    ...lookup.functions.map((name) => async () => {
      const fn = await readFunction(aws, name, lookup.qualifiers[name] ?? []);
      if (fn) state.functions[name] = fn;
    }),
    async () => {
      const names = await listFunctionNames(aws, lookup.prefix);
      await parallel(names.filter((n) => !lookup.functions.includes(n)).map((name) => async () => {
        const got = await aws.find('lambda:GetFunction', name, () => aws.lambda.send(new GetFunctionCommand({ FunctionName: name })));
        if (got?.Configuration && ours(got.Tags)) state.functions[name] = toRemoteFunction(got.Configuration, got.Tags ?? {});
      }));
    },
    ...Object.entries(lookup.roles).map(([name, policy]) => async () => {
      const role = await readRole(aws, name, policy);
      if (role) state.roles[name] = role;
    }),
    async () => {
      const names = await listRoleNames(aws, lookup.prefix);
      await parallel(names.filter((n) => !(n in lookup.roles)).map((name) => async () => {
        const role = await readRole(aws, name, undefined);
        if (role && ours(role.tags)) state.roles[name] = role;
      }));
    },
    ...tables.map((name) => async () => {
      const table = await readTable(aws, name);
      if (table) state.tables[name] = table;
    }),
    async () => {
      state.logGroups = (await parallel([`/aws/lambda/${lookup.prefix}`, `/aws/apigateway/${lookup.prefix}`].map((p) => () => listLogGroups(aws, p)))).flat();
    },
    async () => {
      const apis = await listRestApis(aws);
      const mine = apis.filter((a) => lookup.apis.includes(a.name) || (a.name.startsWith(lookup.prefix) && ours(a.tags)));
      state.restApis = await parallel(mine.map((a) => () => readStages(aws, a)));
    },
    async () => {
      const keys = await listApiKeys(aws, lookup.prefix);
      state.apiKeys = keys.filter((k) => lookup.apiKeys.includes(k.name) || (k.name.startsWith(lookup.prefix) && ours(k.tags)));
    },
    async () => {
      const plans = await listUsagePlans(aws);
      const mine = plans.filter((p) => lookup.usagePlans.includes(p.name) || (p.name.startsWith(lookup.prefix) && ours(p.tags)));
      state.usagePlans = await parallel(mine.map((p) => async () => ({ ...p, keyIds: await listPlanKeyIds(aws, p.id) })));
    },
    async () => {
      const rules = await listRules(aws, lookup.prefix);
      await parallel(rules.map((rule) => async () => {
        const [targets, tags] = await parallel<unknown>([
          () => listTargets(aws, rule.name),
          () => lookup.rules.includes(rule.name) ? Promise.resolve(undefined) : ruleTags(aws, rule.arn),
        ]) as [RemoteRule['targets'], Tags | undefined];
        if (lookup.rules.includes(rule.name) || ours(tags)) state.rules[rule.name] = { ...rule, targets };
      }));
    },
  ]);
  return state;
}

export function settingsOf(c: FunctionConfiguration): FunctionSettings {
  return {
    runtime: c.Runtime ?? '',
    handler: c.Handler ?? '',
    memory: c.MemorySize ?? 128,
    timeout: c.Timeout ?? 3,
    description: c.Description ?? '',
    environment: c.Environment?.Variables ?? {},
    roleArn: c.Role ?? '',
  };
}

function toRemoteFunction(c: FunctionConfiguration, tags: Tags): RemoteFunction {
  return { name: c.FunctionName ?? '', arn: (c.FunctionArn ?? '').replace(/:\$LATEST$/, ''), settings: settingsOf(c), codeSha256: c.CodeSha256 ?? '', tags, versions: [], aliases: {}, policies: {} };
}

async function readFunction(aws: Aws, name: string, qualifiers: string[]): Promise<RemoteFunction | undefined> {
  const [got, versions, aliases, ...policies] = await parallel<unknown>([
    () => aws.find('lambda:GetFunction', name, () => aws.lambda.send(new GetFunctionCommand({ FunctionName: name }))),
    () => listVersions(aws, name),
    () => listAliases(aws, name),
    ...['', ...qualifiers].map((q) => () => readPolicy(aws, name, q)),
  ]) as [GetFunctionCommandOutput | undefined, RemoteFunction['versions'], RemoteFunction['aliases'], RemoteStatement[][]];
  if (!got?.Configuration) return undefined;
  const fn = toRemoteFunction(got.Configuration, got.Tags ?? {});
  fn.versions = versions;
  fn.aliases = aliases;
  ['', ...qualifiers].forEach((q, i) => { fn.policies[q] = (policies as unknown as RemoteStatement[][])[i] ?? []; });
  return fn;
}

async function listVersions(aws: Aws, name: string): Promise<RemoteFunction['versions']> {
  const out: RemoteFunction['versions'] = [];
  let marker: string | undefined;
  do {
    const page = await aws.find('lambda:ListVersionsByFunction', name, () => aws.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name, Marker: marker })));
    if (!page) return [];
    for (const v of page.Versions ?? []) {
      if (v.Version && v.Version !== '$LATEST') out.push({ version: v.Version, codeSha256: v.CodeSha256 ?? '', settings: settingsOf(v) });
    }
    marker = page.NextMarker;
  } while (marker);
  return out.sort((a, b) => Number(a.version) - Number(b.version));
}

async function listAliases(aws: Aws, name: string): Promise<RemoteFunction['aliases']> {
  const out: RemoteFunction['aliases'] = {};
  let marker: string | undefined;
  do {
    const page = await aws.find('lambda:ListAliases', name, () => aws.lambda.send(new ListAliasesCommand({ FunctionName: name, Marker: marker })));
    if (!page) return {};
    for (const a of page.Aliases ?? []) if (a.Name) out[a.Name] = { version: a.FunctionVersion ?? '' };
    marker = page.NextMarker;
  } while (marker);
  return out;
}

async function readPolicy(aws: Aws, name: string, qualifier: string): Promise<RemoteStatement[]> {
  const got = await aws.find('lambda:GetPolicy', qualifier ? `${name}:${qualifier}` : name,
    () => aws.lambda.send(new GetPolicyCommand({ FunctionName: name, Qualifier: qualifier || undefined })));
  return got?.Policy ? parseStatements(got.Policy) : [];
}

export function parseStatements(policy: string): RemoteStatement[] {
  const doc = JSON.parse(policy) as { Statement?: { Sid?: string; Principal?: string | { Service?: string }; Condition?: Record<string, Record<string, string>> }[] };
  return (doc.Statement ?? []).map((s) => ({
    sid: s.Sid ?? '',
    principal: typeof s.Principal === 'string' ? s.Principal : s.Principal?.Service,
    sourceArn: s.Condition?.ArnLike?.['AWS:SourceArn'] ?? s.Condition?.ArnEquals?.['AWS:SourceArn'],
  }));
}

async function listFunctionNames(aws: Aws, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const page = await aws.call('lambda:ListFunctions', undefined, () => aws.lambda.send(new ListFunctionsCommand({ Marker: marker })));
    for (const f of page.Functions ?? []) if (f.FunctionName?.startsWith(prefix)) out.push(f.FunctionName);
    marker = page.NextMarker;
  } while (marker);
  return out;
}

function decodePolicy(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    return JSON.parse(text);
  }
}

async function readRole(aws: Aws, name: string, policyName: string | undefined): Promise<RemoteRole | undefined> {
  const [got, policy] = await parallel<unknown>([
    () => aws.find('iam:GetRole', name, () => aws.iam.send(new GetRoleCommand({ RoleName: name }))),
    () => policyName ? aws.find('iam:GetRolePolicy', `${name}/${policyName}`, () => aws.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))) : Promise.resolve(undefined),
  ]) as [{ Role?: { Arn?: string; AssumeRolePolicyDocument?: string; Tags?: { Key?: string; Value?: string }[] } } | undefined, { PolicyDocument?: string } | undefined];
  if (!got?.Role) return undefined;
  const trust = decodePolicy(got.Role.AssumeRolePolicyDocument) as { Statement?: { Principal?: { Service?: string | string[] } }[] } | undefined;
  const trustedServices = (trust?.Statement ?? []).flatMap((s) => [s.Principal?.Service ?? []].flat());
  const policies: Record<string, unknown> = {};
  if (policyName && policy?.PolicyDocument) policies[policyName] = decodePolicy(policy.PolicyDocument);
  return { name, arn: got.Role.Arn ?? '', tags: tagList(got.Role.Tags), trustedServices, policies };
}

async function listRoleNames(aws: Aws, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const page = await aws.call('iam:ListRoles', undefined, () => aws.iam.send(new ListRolesCommand({ Marker: marker })));
    for (const r of page.Roles ?? []) if (r.RoleName?.startsWith(prefix)) out.push(r.RoleName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

async function readTable(aws: Aws, name: string): Promise<RemoteTable | undefined> {
  const [got, ttl] = await parallel<unknown>([
    () => aws.find('dynamodb:DescribeTable', name, () => aws.dynamodb.send(new DescribeTableCommand({ TableName: name }))),
    () => aws.find('dynamodb:DescribeTimeToLive', name, () => aws.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }))),
  ]) as [{ Table?: { TableArn?: string; TableStatus?: string; KeySchema?: { AttributeName?: string; KeyType?: string }[]; AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[] } } | undefined,
    { TimeToLiveDescription?: { TimeToLiveStatus?: string; AttributeName?: string } } | undefined];
  if (!got?.Table) return undefined;
  const t = got.Table;
  const key = (type: string) => {
    const name = t.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
    const attr = t.AttributeDefinitions?.find((a) => a.AttributeName === name);
    return name ? { name, type: attr?.AttributeType ?? 'S' } : undefined;
  };
  const d = ttl?.TimeToLiveDescription;
  return {
    name, arn: t.TableArn ?? '', status: t.TableStatus ?? '', partitionKey: key('HASH'), sortKey: key('RANGE'),
    ttl: d?.AttributeName ? { attribute: d.AttributeName, enabled: d.TimeToLiveStatus === 'ENABLED' || d.TimeToLiveStatus === 'ENABLING' } : undefined,
  };
}

async function listLogGroups(aws: Aws, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await aws.call('logs:DescribeLogGroups', prefix, () => aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken: token })));
    for (const g of page.logGroups ?? []) if (g.logGroupName) out.push(g.logGroupName);
    token = page.nextToken;
  } while (token);
  return out;
}

async function listRestApis(aws: Aws): Promise<RemoteRestApi[]> {
  const out: RemoteRestApi[] = [];
  let position: string | undefined;
  do {
    const page = await aws.call('apigateway:GetRestApis', undefined, () => aws.apigateway.send(new GetRestApisCommand({ position, limit: 500 })));
    for (const a of page.items ?? []) {
      if (a.id && a.name) out.push({ id: a.id, name: a.name, tags: a.tags ?? {}, createdDate: a.createdDate?.getTime(), stages: {}, deployments: {} });
    }
    position = page.position;
  } while (position);
  return out;
}

async function readStages(aws: Aws, api: RemoteRestApi): Promise<RemoteRestApi> {
  const [stages, deployments] = await parallel<unknown>([
    () => aws.call('apigateway:GetStages', api.id, () => aws.apigateway.send(new GetStagesCommand({ restApiId: api.id }))),
    () => listDeployments(aws, api.id),
  ]) as [{ item?: Stage[] }, Record<string, string>];
  const out: Record<string, RemoteStage> = {};
  for (const s of stages.item ?? []) if (s.stageName) out[s.stageName] = toRemoteStage(s);
  return { ...api, stages: out, deployments };
}

export function toRemoteStage(s: Stage): RemoteStage {
  const methodSettings: Record<string, MethodSettingValues> = {};
  for (const [key, v] of Object.entries(s.methodSettings ?? {})) {
    const normal = key === '*/*' ? key : `/${key.replace(/~1/g, '/').replace(/^\/+/, '')}`;
    methodSettings[normal] = {
      throttlingRateLimit: v.throttlingRateLimit, throttlingBurstLimit: v.throttlingBurstLimit, cachingEnabled: v.cachingEnabled,
      cacheTtlInSeconds: v.cacheTtlInSeconds, loggingLevel: v.loggingLevel, metricsEnabled: v.metricsEnabled, dataTraceEnabled: v.dataTraceEnabled,
    };
  }
  return {
    name: s.stageName ?? '', deploymentId: s.deploymentId, variables: s.variables ?? {}, methodSettings,
    cacheClusterEnabled: s.cacheClusterEnabled ?? false, cacheClusterSize: s.cacheClusterSize,
    accessLog: s.accessLogSettings?.destinationArn ? { destinationArn: s.accessLogSettings.destinationArn, format: s.accessLogSettings.format ?? '' } : undefined,
    tags: s.tags ?? {},
  };
}

async function listDeployments(aws: Aws, apiId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let position: string | undefined;
  do {
    const page = await aws.call('apigateway:GetDeployments', apiId, () => aws.apigateway.send(new GetDeploymentsCommand({ restApiId: apiId, position, limit: 500 })));
    for (const d of page.items ?? []) if (d.id) out[d.id] = d.description ?? '';
    position = page.position;
  } while (position);
  return out;
}

async function listApiKeys(aws: Aws, prefix: string): Promise<RemoteApiKey[]> {
  const out: RemoteApiKey[] = [];
  let position: string | undefined;
  do {
    const page = await aws.call('apigateway:GetApiKeys', prefix, () => aws.apigateway.send(new GetApiKeysCommand({ nameQuery: prefix, position, limit: 500 })));
    for (const k of page.items ?? []) {
      if (k.id && k.name?.startsWith(prefix)) out.push({ id: k.id, name: k.name, description: k.description ?? '', enabled: k.enabled ?? false, tags: k.tags ?? {}, createdDate: k.createdDate?.getTime() });
    }
    position = page.position;
  } while (position);
  return out;
}

async function listUsagePlans(aws: Aws): Promise<RemoteUsagePlan[]> {
  const out: RemoteUsagePlan[] = [];
  let position: string | undefined;
  do {
    const page = await aws.call('apigateway:GetUsagePlans', undefined, () => aws.apigateway.send(new GetUsagePlansCommand({ position, limit: 500 })));
    for (const p of page.items ?? []) {
      if (!p.id || !p.name) continue;
      out.push({
        id: p.id, name: p.name, description: p.description ?? '',
        apiStages: (p.apiStages ?? []).map((s) => ({ apiId: s.apiId ?? '', stage: s.stage ?? '' })),
        throttle: p.throttle ? { rateLimit: p.throttle.rateLimit, burstLimit: p.throttle.burstLimit } : undefined,
        quota: p.quota?.limit !== undefined ? { limit: p.quota.limit, period: p.quota.period ?? 'DAY', offset: p.quota.offset ?? 0 } : undefined,
        tags: p.tags ?? {}, keyIds: [],
      });
    }
    position = page.position;
  } while (position);
  return out;
}

async function listPlanKeyIds(aws: Aws, planId: string): Promise<string[]> {
  const out: string[] = [];
  let position: string | undefined;
  do {
    const page = await aws.find('apigateway:GetUsagePlanKeys', planId, () => aws.apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: planId, position, limit: 500 })));
    for (const k of page?.items ?? []) if (k.id) out.push(k.id);
    position = page?.position;
  } while (position);
  return out;
}

async function listRules(aws: Aws, prefix: string): Promise<Omit<RemoteRule, 'targets'>[]> {
  const out: Omit<RemoteRule, 'targets'>[] = [];
  let token: string | undefined;
  do {
    const page = await aws.call('events:ListRules', prefix, () => aws.events.send(new ListRulesCommand({ NamePrefix: prefix, NextToken: token })));
    for (const r of page.Rules ?? []) {
      if (r.Name?.startsWith(prefix)) out.push({ name: r.Name, arn: r.Arn ?? '', expression: r.ScheduleExpression, enabled: r.State === 'ENABLED' });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

async function listTargets(aws: Aws, rule: string): Promise<RemoteRule['targets']> {
  const got = await aws.find('events:ListTargetsByRule', rule, () => aws.events.send(new ListTargetsByRuleCommand({ Rule: rule })));
  return (got?.Targets ?? []).map((t) => ({ id: t.Id ?? '', arn: t.Arn ?? '', input: t.Input }));
}

async function ruleTags(aws: Aws, arn: string): Promise<Tags | undefined> {
  const got = await aws.find('events:ListTagsForResource', arn, () => aws.events.send(new ListTagsForResourceCommand({ ResourceARN: arn })));
  return tagList(got?.Tags);
}

export function tagList(list: { Key?: string; Value?: string }[] | undefined): Tags {
  return Object.fromEntries((list ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));
}
