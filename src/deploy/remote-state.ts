// What exists on the target, as plain data: the planner's only input besides the desired model,
// so plans are unit-tested from hand-written remote states. Read by remote-reader.ts (each kind's `read`).
import type { LoadedProject } from '../config/project.js';
import { stageWritesLogs, type FunctionSettings, type MethodSettingValues, type Tags } from './model.js';

export interface RemoteStatement {
  sid: string;
  principal?: string;
  sourceArn?: string;
}

export interface RemoteVersion {
  version: string;
  codeSha256: string;
  settings: FunctionSettings;
}

export interface RemoteFunction {
  name: string;
  arn: string;
  settings: FunctionSettings;
  codeSha256: string;
  tags: Tags;
  /** Published versions (not $LATEST), oldest first. */
  versions: RemoteVersion[];
  aliases: Record<string, { version: string }>;
  /** Resource policy statements by qualifier ("" for the unqualified function). */
  policies: Record<string, RemoteStatement[]>;
}

export interface RemoteRole {
  name: string;
  arn: string;
  tags: Tags;
  /** Services its trust policy lets assume it. */
  trustedServices: string[];
  /** Inline policies read (those the engine names), parsed. */
  policies: Record<string, unknown>;
  /** Names of every inline policy, and ARNs of attached managed ones: what a delete removes first. */
  policyNames?: string[];
  attachedPolicyArns?: string[];
}

export interface RemoteTable {
  name: string;
  arn: string;
  status: string;
  partitionKey?: { name: string; type: string };
  sortKey?: { name: string; type: string };
  ttl?: { attribute: string; enabled: boolean };
}

export interface RemoteStage {
  name: string;
  deploymentId?: string;
  variables: Record<string, string>;
  /** Keys normalised to the config's form: "*\/*" or "/path/GET". */
  methodSettings: Record<string, MethodSettingValues>;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  accessLog?: { destinationArn: string; format: string };
  tags: Tags;
}

export interface RemoteRestApi {
  id: string;
  name: string;
  tags: Tags;
  createdDate?: number;
  stages: Record<string, RemoteStage>;
  /** Deployment id -> description (the engine writes `discovery:<definition hash>`). */
  deployments: Record<string, string>;
}

export interface RemoteApiKey {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: Tags;
  createdDate?: number;
}

export interface RemoteUsagePlan {
  id: string;
  name: string;
  description: string;
  apiStages: { apiId: string; stage: string }[];
  throttle?: { rateLimit?: number; burstLimit?: number };
  quota?: { limit: number; period: string; offset?: number };
  tags: Tags;
  keyIds: string[];
}

export interface RemoteRule {
  name: string;
  arn: string;
  expression?: string;
  enabled: boolean;
  targets: { id: string; arn: string; input?: string }[];
}

export interface RemoteState {
  accountId: string;
  roles: Record<string, RemoteRole>;
  functions: Record<string, RemoteFunction>;
  tables: Record<string, RemoteTable>;
  logGroups: string[];
  /** Ours by name or tag; may hold duplicates by name (an interrupted create). */
  restApis: RemoteRestApi[];
  apiKeys: RemoteApiKey[];
  usagePlans: RemoteUsagePlan[];
  rules: Record<string, RemoteRule>;
  /** API Gateway account settings; read only when a stage logs. */
  apiGatewayAccount?: { cloudwatchRoleArn?: string };
}

export const emptyRemoteState = (accountId = '000000000000'): RemoteState => ({
  accountId, roles: {}, functions: {}, tables: {}, logGroups: [], restApis: [], apiKeys: [], usagePlans: [], rules: {},
});

/** Names to read directly (in parallel) rather than discover by listing. */
export interface Lookup {
  project: string;
  stage: string;
  prefix: string;
  functions: string[];
  /** Role name -> inline policy name, for engine-made roles. */
  roles: Record<string, string>;
  tables: string[];
  /** Function name -> aliases whose resource policies are read. */
  qualifiers: Record<string, string[]>;
  /** Names that are ours even untagged (a create interrupted before its tags). */
  apis: string[];
  apiKeys: string[];
  usagePlans: string[];
  rules: string[];
  /** Whether some stage logs, so API Gateway's account CloudWatch role matters. */
  apiGatewayAccount: boolean;
  /** Also find tables by tag (teardown: one made under a name neither config nor state file knows). */
  tablesByTag?: boolean;
}

export function lookupFor(project: LoadedProject): Lookup {
  const { config, stage } = project;
  const prefix = `${config.project}-${stage}-`;
  const qualifiers: Record<string, string[]> = {};
  for (const [key, fn] of Object.entries(config.functions)) qualifiers[`${prefix}${key}`] = Object.keys(fn.aliases ?? {});
  for (const [apiKey, api] of Object.entries(project.apis)) {
    for (const stageName of api.stageNames) {
      const alias = config.apis?.[apiKey]?.stages?.[stageName]?.alias;
      if (!alias) continue;
      for (const fnKey of api.functionMarkers) qualifiers[`${prefix}${fnKey}`]?.push(alias);
    }
  }
  for (const [name, list] of Object.entries(qualifiers)) qualifiers[name] = [...new Set(list)];
  const functions = Object.keys(config.functions).map((k) => `${prefix}${k}`);
  return {
    project: config.project,
    stage,
    prefix,
    functions,
    roles: config.role ? {} : Object.fromEntries(functions.map((n) => [n, `${n}-policy`])),
    tables: Object.entries(config.tables ?? {}).map(([k, t]) => t.name ?? `${prefix}${k}`),
    qualifiers,
    apis: Object.keys(project.apis).map((k) => `${prefix}${k}`),
    apiKeys: Object.keys(config.apiKeys ?? {}).map((k) => `${prefix}${k}`),
    usagePlans: Object.keys(config.usagePlans ?? {}).map((k) => `${prefix}${k}`),
    rules: Object.entries(config.functions).filter(([, f]) => f.schedule).map(([k]) => `${prefix}${k}-schedule`),
    apiGatewayAccount: Object.values(config.apis ?? {}).some((api) => Object.values(api.stages ?? {}).some(stageWritesLogs)),
  };
}
