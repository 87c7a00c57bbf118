// The desired resources of a deploy as plain data: one discriminated union by `kind`. Built from
// the loaded and built project (desired.ts); compared against remote state by the planner;
// created by the executor. Values known only later are tokens (refs.ts).

export type Tags = Record<string, string>;

export const TAG_PROJECT = 'discovery:project';
export const TAG_STAGE = 'discovery:stage';
/** sha256 of the rendered API definition last put, kept on the API. */
export const TAG_DEFINITION = 'discovery:definition';
/** Statement ids of permissions the engine adds start with this, so it only sweeps its own. */
export const STATEMENT_PREFIX = 'discovery-';

export interface PolicyStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

interface Base {
  /** Logical id, unique in a deploy: `${kind}:${key}`. */
  id: string;
  /** Ids this resource needs made first, beyond those its tokens name. */
  after?: string[];
}

export interface RoleResource extends Base {
  kind: 'role';
  name: string;
  arn: string;
  service: string;
  tags: Tags;
}

export interface RolePolicyResource extends Base {
  kind: 'rolePolicy';
  roleName: string;
  policyName: string;
  document: PolicyDocument;
}

export interface KeyAttr {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface TableResource extends Base {
  kind: 'table';
  name: string;
  arn: string;
  partitionKey: KeyAttr;
  sortKey?: KeyAttr;
  /** The TTL attribute the config names (set by its tableTtl resource); without one, TTL is off. */
  ttlAttribute?: string;
  tags: Tags;
}

export interface TableTtlResource extends Base {
  kind: 'tableTtl';
  tableName: string;
  attribute: string;
}

export interface LogGroupResource extends Base {
  kind: 'logGroup';
  name: string;
  arn: string;
  tags: Tags;
}

/** What a function's configuration is compared on (and what a published version froze). */
export interface FunctionSettings {
  runtime: string;
  handler: string;
  memory: number;
  timeout: number;
  description: string;
  environment: Record<string, string>;
  roleArn: string;
}

export interface FunctionResource extends Base {
  kind: 'function';
  key: string;
  name: string;
  arn: string;
  settings: FunctionSettings;
  codeSha256: string;
  zipBytes: number;
  tags: Tags;
}

/** A published version matching the function's current code and settings. */
export interface FunctionVersionResource extends Base {
  kind: 'functionVersion';
  functionName: string;
  codeSha256: string;
  settings: FunctionSettings;
}

export interface AliasResource extends Base {
  kind: 'alias';
  functionName: string;
  aliasName: string;
  /** A version number, "$LATEST", or a token for the newest published version. */
  version: string;
}

export interface PermissionResource extends Base {
  kind: 'permission';
  functionName: string;
  qualifier?: string;
  statementId: string;
  principal: string;
  sourceArn: string;
}

export interface RestApiResource extends Base {
  kind: 'restApi';
  key: string;
  name: string;
  definitionHash: string;
  tags: Tags;
}

/** The stage exists and serves a deployment of the current definition. */
export interface DeploymentResource extends Base {
  kind: 'deployment';
  apiKey: string;
  restApiId: string;
  stageName: string;
  definitionHash: string;
}

export interface MethodSettingValues {
  throttlingRateLimit?: number;
  throttlingBurstLimit?: number;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  loggingLevel?: string;
  metricsEnabled?: boolean;
  dataTraceEnabled?: boolean;
}

export interface StageSettingsResource extends Base {
  kind: 'stageSettings';
  restApiId: string;
  stageName: string;
  stageArn: string;
  variables: Record<string, string>;
  /** Keyed "*\/*" or "/path/GET" (unescaped). */
  methodSettings: Record<string, MethodSettingValues>;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  accessLog?: { destinationArn: string; format: string };
  tags: Tags;
}

export interface ApiKeyResource extends Base {
  kind: 'apiKey';
  key: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: Tags;
}

export interface UsagePlanResource extends Base {
  kind: 'usagePlan';
  key: string;
  name: string;
  description: string;
  apiStages: { apiId: string; stage: string }[];
  throttle?: { rateLimit?: number; burstLimit?: number };
  quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH'; offset?: number };
  tags: Tags;
}

export interface UsagePlanKeyResource extends Base {
  kind: 'usagePlanKey';
  usagePlanId: string;
  keyId: string;
}

export interface ScheduleRuleResource extends Base {
  kind: 'scheduleRule';
  name: string;
  arn: string;
  expression: string;
  enabled: boolean;
  tags: Tags;
}

export interface ScheduleTargetResource extends Base {
  kind: 'scheduleTarget';
  ruleName: string;
  targetId: string;
  functionArn: string;
  /** JSON text, or undefined for the default event. */
  input?: string;
}

/**
 * API Gateway's account-level CloudWatch Logs role, which AWS requires before any stage may write
 * access or execution logs. Made only when the account and region have none. It is account-wide
 * and other APIs rely on it, so teardown keeps it.
 */
export interface ApiGatewayAccountResource extends Base {
  kind: 'apiGatewayAccount';
  roleName: string;
  roleArn: string;
  /** AWS's managed policy AmazonAPIGatewayPushToCloudWatchLogs, in the target's partition. */
  policyArn: string;
}

export interface InvokeAfterDeployResource extends Base {
  kind: 'invokeAfterDeploy';
  functionName: string;
  qualifier?: string;
  /** JSON text. */
  input: string;
}

export type Resource =
  | RoleResource
  | RolePolicyResource
  | TableResource
  | TableTtlResource
  | LogGroupResource
  | FunctionResource
  | FunctionVersionResource
  | AliasResource
  | PermissionResource
  | RestApiResource
  | DeploymentResource
  | StageSettingsResource
  | ApiKeyResource
  | UsagePlanResource
  | UsagePlanKeyResource
  | ScheduleRuleResource
  | ScheduleTargetResource
  | ApiGatewayAccountResource
  | InvokeAfterDeployResource;

export type ResourceKind = Resource['kind'];
export type ResourceOf<K extends ResourceKind> = Extract<Resource, { kind: K }>;

/** Something that exists remotely and is no longer wanted: enough to delete it. */
export interface Orphan {
  id: string;
  kind: ResourceKind;
  /** Name, statement id, alias name, stage name, or physical id. */
  name: string;
  /** Physical id when different from the name (API, key, plan ids). */
  physicalId?: string;
  /** Function name, API id, rule name or plan id the thing belongs to. */
  parent?: string;
  qualifier?: string;
}

/** Name of the role the engine makes for API Gateway's account logging (account-wide, kept). */
export const API_GATEWAY_LOGS_ROLE = 'discovery-cli-apigateway-cloudwatch';

/** A stage writes logs (access logs, or execution logs at ERROR/INFO): AWS then needs the account role. */
export function stageWritesLogs(stage: { accessLog?: unknown; methodSettings?: Record<string, { loggingLevel?: string }> }): boolean {
  return Boolean(stage.accessLog) || Object.values(stage.methodSettings ?? {}).some((m) => m.loggingLevel !== undefined && m.loggingLevel !== 'OFF');
}

/** Large inputs kept beside the model so plans stay printable. */
export interface Artifacts {
  zips: Record<string, Buffer>;
  apiBodies: Record<string, string>;
}

export interface DesiredState {
  project: string;
  stage: string;
  region: string;
  accountId: string;
  /** `${project}-${stage}-`: every resource name starts with it. */
  prefix: string;
  resources: Resource[];
  artifacts: Artifacts;
  /** Tables whose data teardown keeps unless --delete-data. */
  tableNames: string[];
}
