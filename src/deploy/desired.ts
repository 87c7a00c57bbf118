// From the loaded and built project to the desired resources (model.ts). Pure: the account id
// and target come in, nothing is read from AWS here.
import { createHash } from 'node:crypto';
import type { BuiltProject } from '../build/types.js';
import type { FunctionConfig, ProjectConfig, StageConfig } from '../config/types.js';
import { resolveReferences, type Reference } from '../config/references.js';
import { stageUrl, type Target } from '../aws/target.js';
import { arns, type ArnContext } from './arns.js';
import { ref } from './refs.js';
import {
  API_GATEWAY_LOGS_ROLE, STATEMENT_PREFIX, TAG_PROJECT, TAG_STAGE, stageWritesLogs,
  type DesiredState, type FunctionSettings, type PolicyStatement, type Resource, type Tags,
} from './model.js';

const DEFAULT_MEMORY = 128;
const DEFAULT_TIMEOUT = 10;

export const ACCESS_LOG_FORMATS: Record<string, string> = {
  json: JSON.stringify({
    requestId: '$context.requestId', ip: '$context.identity.sourceIp', requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod', resourcePath: '$context.resourcePath', status: '$context.status',
    protocol: '$context.protocol', responseLength: '$context.responseLength',
  }),
  clf: '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId',
};

const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'],
};

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function functionLogGroup(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

export function accessLogGroup(prefix: string, apiKey: string, apiStage: string): string {
  return `/aws/apigateway/${prefix}${apiKey}/${apiStage}`;
}

export interface DesiredInput {
  built: BuiltProject;
  target: Target;
  accountId: string;
}

export function desiredState({ built, target, accountId }: DesiredInput): DesiredState {
  const project = built.project;
  const config: ProjectConfig = project.config;
  const stage = project.stage;
  const prefix = `${config.project}-${stage}-`;
  const c: ArnContext = { partition: target.partition, region: target.region, accountId };
  const tags: Tags = { [TAG_PROJECT]: config.project, [TAG_STAGE]: stage };
  const resources: Resource[] = [];
  const add = (r: Resource) => resources.push(r);

  const tableName = (key: string) => config.tables?.[key]?.name ?? `${prefix}${key}`;
  const functionName = (key: string) => `${prefix}${key}`;
  const apiStages = (key: string) => project.apis[key]?.stageNames ?? [stage];
  const apiUrl = (key: string, apiStage: string) => stageUrl(target, ref(`restApi:${key}`, 'id'), apiStage);

  const referenceValue = (r: Reference): string => {
    switch (r.kind) {
      case 'builtin':
        return { stage, region: target.region, account: accountId, project: config.project, partition: target.partition.name }[r.name];
      case 'table':
        return r.attribute === 'arn' ? arns.table(c, tableName(r.key)) : tableName(r.key);
      case 'function':
        return r.attribute === 'arn' ? arns.function(c, functionName(r.key)) : functionName(r.key);
      case 'api': {
        const id = ref(`restApi:${r.key}`, 'id');
        if (r.attribute === 'id') return id;
        if (r.attribute === 'executeArn') return arns.executeApi(c, id);
        return apiUrl(r.key, apiStages(r.key)[0]!);
      }
      case 'apiStageUrl':
        return apiUrl(r.key, r.stage);
    }
  };
  const resolve = (text: string) => resolveReferences(text, referenceValue);
  const resolveDeep = (v: unknown): unknown =>
    typeof v === 'string' ? resolve(v)
      : Array.isArray(v) ? v.map(resolveDeep)
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveDeep(x)]))
          : v;

  // Tables.
  for (const [key, table] of Object.entries(config.tables ?? {})) {
    const name = tableName(key);
    add({ id: `table:${key}`, kind: 'table', name, arn: arns.table(c, name), partitionKey: table.partitionKey, sortKey: table.sortKey, ttlAttribute: table.ttlAttribute, tags });
    if (table.ttlAttribute) add({ id: `tableTtl:${key}`, kind: 'tableTtl', tableName: name, attribute: table.ttlAttribute, after: [`table:${key}`] });
  }

  // Functions, each with its own least-privilege role unless the config names one.
  const functionArns: Record<string, string> = {};
  const settingsByKey: Record<string, FunctionSettings> = {};
  for (const [key, fn] of Object.entries(config.functions)) {
    const builtFn = built.functions[key];
    if (!builtFn) throw new Error(`The build produced no package for function "${key}".`);
    const name = functionName(key);
    const arn = arns.function(c, name);
    functionArns[key] = arn;
    const logGroup = functionLogGroup(name);
    let roleArn: string;
    const after: string[] = [];
    if (config.role) {
      roleArn = config.role.startsWith('arn:') ? config.role : arns.role(c, config.role);
    } else {
      roleArn = arns.role(c, name);
      add({ id: `role:${key}`, kind: 'role', name, arn: roleArn, service: 'lambda.amazonaws.com', tags });
      add({
        id: `rolePolicy:${key}`, kind: 'rolePolicy', roleName: name, policyName: `${name}-policy`, after: [`role:${key}`],
        document: { Version: '2012-10-17', Statement: roleStatements(fn, c, logGroup, tableName, resolve) },
      });
      // The policy is needed when the function runs, not to create it: made alongside.
      after.push(`role:${key}`);
    }
    add({ id: `logGroup:function:${key}`, kind: 'logGroup', name: logGroup, arn: arns.logGroup(c, logGroup), tags });
    const settings: FunctionSettings = {
      runtime: builtFn.runtime,
      handler: builtFn.handler,
      memory: fn.memory ?? DEFAULT_MEMORY,
      timeout: fn.timeout ?? DEFAULT_TIMEOUT,
      description: fn.description ?? '',
      environment: Object.fromEntries(Object.entries(fn.environment ?? {}).map(([k, v]) => [k, resolve(v)])),
      roleArn,
    };
    settingsByKey[key] = settings;
    add({ id: `function:${key}`, kind: 'function', key, name, arn, settings, codeSha256: builtFn.codeSha256, zipBytes: builtFn.zip.length, tags, after });
  }

  // Aliases: those the config names on a function, and the API stages' aliases (below).
  const aliasVersions = new Map<string, string>(); // `${fnKey}:${alias}` -> version or token
  const wantsPublished = new Set<string>();
  const aliasFor = (fnKey: string, aliasName: string, pinned?: string) => {
    const id = `${fnKey}:${aliasName}`;
    if (aliasVersions.has(id)) return;
    const version = pinned ?? config.functions[fnKey]?.aliases?.[aliasName]?.version ?? ref(`functionVersion:${fnKey}`, 'version');
    // A pin to a version number needs published versions too (on a fresh deploy, version 1 is
    // the one this deploy publishes), e.g. seed 002's prod alias pinned while dev follows $LATEST.
    if (version.startsWith('{{ref:') || /^\d+$/.test(version)) wantsPublished.add(fnKey);
    aliasVersions.set(id, version);
  };
  for (const [key, fn] of Object.entries(config.functions)) {
    for (const [aliasName, a] of Object.entries(fn.aliases ?? {})) aliasFor(key, aliasName, a.version);
  }

  // APIs: definition, one deployment and settings per stage, scoped invoke permissions.
  const apiBodies: Record<string, string> = {};
  for (const [apiKey, api] of Object.entries(project.apis)) {
    const name = `${prefix}${apiKey}`;
    const builtApi = built.apis[apiKey];
    if (!builtApi) throw new Error(`The build produced no definition for API "${apiKey}".`);
    const body = builtApi.render({ name, functionArns });
    apiBodies[apiKey] = body;
    const definitionHash = sha256Hex(body);
    const restApiId = ref(`restApi:${apiKey}`, 'id');
    add({ id: `restApi:${apiKey}`, kind: 'restApi', key: apiKey, name, definitionHash, tags });
    const stageConfigs: Record<string, StageConfig> = config.apis?.[apiKey]?.stages ?? {};
    const variablesOf = (apiStage: string): Record<string, string> => {
      const sc = stageConfigs[apiStage] ?? {};
      return { ...(sc.variables ?? {}), ...(sc.alias ? { lambdaAlias: sc.alias } : {}) };
    };
    for (const apiStage of api.stageNames) {
      const sc = stageConfigs[apiStage] ?? {};
      const deploymentId = `deployment:${apiKey}:${apiStage}`;
      add({ id: deploymentId, kind: 'deployment', apiKey, restApiId, stageName: apiStage, definitionHash });
      let accessLog: { destinationArn: string; format: string } | undefined;
      const after = [deploymentId];
      if (sc.accessLog) {
        const group = accessLogGroup(prefix, apiKey, apiStage);
        const logId = `logGroup:access:${apiKey}:${apiStage}`;
        add({ id: logId, kind: 'logGroup', name: group, arn: arns.logGroup(c, group), tags });
        accessLog = { destinationArn: arns.logGroup(c, group), format: ACCESS_LOG_FORMATS[sc.accessLog.format] ?? sc.accessLog.format };
        after.push(logId);
      }
      if (stageWritesLogs(sc)) {
        if (!resources.some((r) => r.id === 'apiGatewayAccount')) add({
          id: 'apiGatewayAccount', kind: 'apiGatewayAccount', roleName: API_GATEWAY_LOGS_ROLE, roleArn: arns.role(c, API_GATEWAY_LOGS_ROLE),
          policyArn: `arn:${c.partition.name}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
        });
        after.push('apiGatewayAccount');
      }
      add({
        id: `stageSettings:${apiKey}:${apiStage}`, kind: 'stageSettings', restApiId, stageName: apiStage,
        stageArn: arns.stage(c, restApiId, apiStage), variables: variablesOf(apiStage), methodSettings: sc.methodSettings ?? {},
        cacheClusterEnabled: sc.cacheClusterEnabled ?? false, cacheClusterSize: sc.cacheClusterSize, accessLog, tags, after,
      });
      if (sc.alias) for (const fnKey of api.functionMarkers) aliasFor(fnKey, sc.alias);
    }
    const sourceArn = `${arns.executeApi(c, restApiId)}/*`;
    for (const fnKey of api.functionMarkers) {
      const arn = functionArns[fnKey];
      if (!arn) continue;
      for (const qualifier of invokedQualifiers(body, arn, api.stageNames.map(variablesOf))) {
        const statementId = `${STATEMENT_PREFIX}${apiKey}-${qualifier ?? 'unqualified'}`.replace(/[^A-Za-z0-9_-]/g, '_');
        add({
          id: `permission:${fnKey}:${statementId}`, kind: 'permission', functionName: functionName(fnKey), qualifier, statementId,
          principal: 'apigateway.amazonaws.com', sourceArn,
          after: [`function:${fnKey}`, ...(qualifier && !/^\d+$/.test(qualifier) ? [`alias:${fnKey}:${qualifier}`] : [])],
        });
      }
    }
  }

  for (const fnKey of wantsPublished) {
    const fn = resources.find((r) => r.id === `function:${fnKey}`);
    if (fn?.kind !== 'function') continue;
    add({ id: `functionVersion:${fnKey}`, kind: 'functionVersion', functionName: fn.name, codeSha256: fn.codeSha256, settings: fn.settings, after: [fn.id] });
  }
  for (const [id, version] of aliasVersions) {
    const [fnKey, aliasName] = id.split(':') as [string, string];
    const published = /^\d+$/.test(version) ? [`functionVersion:${fnKey}`] : [];
    add({ id: `alias:${id}`, kind: 'alias', functionName: functionName(fnKey), aliasName, version, after: [`function:${fnKey}`, ...published] });
  }

  // API keys and usage plans.
  for (const [key, k] of Object.entries(config.apiKeys ?? {})) {
    add({ id: `apiKey:${key}`, kind: 'apiKey', key, name: `${prefix}${key}`, description: k.description ?? '', enabled: k.enabled ?? true, tags });
  }
  for (const [key, plan] of Object.entries(config.usagePlans ?? {})) {
    const stagesOf = plan.apiStages.flatMap((s) => (s.stages ?? apiStages(s.api)).map((st) => ({ api: s.api, stage: st })));
    add({
      id: `usagePlan:${key}`, kind: 'usagePlan', key, name: `${prefix}${key}`, description: plan.description ?? '',
      apiStages: stagesOf.map((s) => ({ apiId: ref(`restApi:${s.api}`, 'id'), stage: s.stage })),
      throttle: plan.throttle, quota: plan.quota, tags,
      after: stagesOf.map((s) => `deployment:${s.api}:${s.stage}`),
    });
    for (const keyName of plan.keys ?? []) {
      add({ id: `usagePlanKey:${key}:${keyName}`, kind: 'usagePlanKey', usagePlanId: ref(`usagePlan:${key}`, 'id'), keyId: ref(`apiKey:${keyName}`, 'id') });
    }
  }

  // Schedules and after-deploy invocations.
  for (const [key, fn] of Object.entries(config.functions)) {
    const name = functionName(key);
    if (fn.schedule) {
      const s = typeof fn.schedule === 'string' ? { expression: fn.schedule } : fn.schedule;
      const ruleName = `${name}-schedule`;
      const ruleArn = arns.rule(c, ruleName);
      add({ id: `scheduleRule:${key}`, kind: 'scheduleRule', name: ruleName, arn: ruleArn, expression: s.expression, enabled: ('enabled' in s ? s.enabled : undefined) ?? true, tags });
      add({
        id: `scheduleTarget:${key}`, kind: 'scheduleTarget', ruleName, targetId: 'discovery', functionArn: functionArns[key]!,
        input: 'input' in s && s.input !== undefined ? JSON.stringify(resolveDeep(s.input)) : undefined,
        after: [`scheduleRule:${key}`, `function:${key}`],
      });
      add({
        id: `permission:${key}:${STATEMENT_PREFIX}schedule`, kind: 'permission', functionName: name, statementId: `${STATEMENT_PREFIX}schedule`,
        principal: 'events.amazonaws.com', sourceArn: ruleArn, after: [`function:${key}`, `scheduleRule:${key}`],
      });
    }
  }
  const ordinary = resources.map((r) => r.id);
  for (const [key, fn] of Object.entries(config.functions)) {
    if (!fn.invokeAfterDeploy) continue;
    const input = typeof fn.invokeAfterDeploy === 'object' && fn.invokeAfterDeploy.input !== undefined ? resolveDeep(fn.invokeAfterDeploy.input) : {};
    add({ id: `invokeAfterDeploy:${key}`, kind: 'invokeAfterDeploy', functionName: functionName(key), input: JSON.stringify(input), after: ordinary });
  }

  return {
    project: config.project, stage, region: target.region, accountId, prefix, resources,
    artifacts: { zips: Object.fromEntries(Object.values(built.functions).map((f) => [`function:${f.key}`, f.zip])), apiBodies },
    tableNames: Object.keys(config.tables ?? {}).map(tableName),
  };
}

function roleStatements(fn: FunctionConfig, c: ArnContext, logGroup: string, tableName: (k: string) => string, resolve: (t: string) => string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    // The engine creates the log group itself (kinds/log-group.ts): the function only writes to it.
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${arns.logGroup(c, logGroup)}:*`] },
  ];
  for (const [key, access] of Object.entries(fn.tables ?? {})) {
    const actions = access === 'readwrite' ? [...new Set([...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write])] : TABLE_ACTIONS[access];
    const arn = arns.table(c, tableName(key));
    statements.push({ Effect: 'Allow', Action: actions, Resource: [arn, `${arn}/index/*`] });
  }
  for (const st of fn.permissions ?? []) {
    statements.push({ Effect: 'Allow', Action: st.actions, Resource: st.resources.map(resolve) });
  }
  return statements;
}

/**
 * The qualifiers an API definition invokes a function with: none (the unqualified ARN), a
 * literal alias or version, or `${stageVariables.X}` resolved per stage.
 */
export function invokedQualifiers(body: string, functionArn: string, stageVariables: Record<string, string>[]): (string | undefined)[] {
  const found = new Set<string | undefined>();
  const escaped = functionArn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}(?::(\\$\\{stageVariables\\.([A-Za-z0-9_]+)\\}|[A-Za-z0-9_$-]+))?(?![A-Za-z0-9_-])`, 'g');
  for (const m of body.matchAll(pattern)) {
    if (m[2]) {
      for (const vars of stageVariables) if (vars[m[2]]) found.add(vars[m[2]]);
    } else {
      found.add(m[1]);
    }
  }
  return [...found];
}
