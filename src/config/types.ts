// The project config (discovery.config.json), as the user writes it. The JSON Schema in
// schema/discovery.config.schema.json is the published form of these types; keep them in step.
//
// Names: every AWS resource is named `${project}-${stage}-${key}` (stage = the --stage option),
// so dev and prod of one project live side by side in one account. Tables may set `name`.
//
// References: strings in `environment`, `permissions[].resources` and `schedule.input` may hold
//   ${stage} ${region} ${account} ${project} ${partition}
//   ${table:KEY} (name)      ${table:KEY.arn}
//   ${function:KEY} (name)   ${function:KEY.arn}
//   ${api:KEY.id}  ${api:KEY.url} (URL of the API's first stage, no trailing slash)
//   ${api:KEY.executeArn} (arn:PARTITION:execute-api:REGION:ACCOUNT:APIID)
//   ${api:KEY.stageUrl.STAGE}
//   ${env:NAME} (the deploying machine's environment variable NAME, read at load; unset is an error)
// A function whose references name an API is made after that API, so the order follows them;
// src/config/references.ts parses and resolves this grammar (findReferences, resolveReferences).
//
// Swagger markers: `$KEYARN$` in an API definition becomes the unqualified ARN of function KEY,
// as in the seed. To invoke through an alias per API stage, write
// `$KEYARN$:${stageVariables.lambdaAlias}` and give each stage `alias` (below).

export type Runtime = string; // validated against src/local/runtimes/catalog (supported, not retired)

export interface ProjectConfig {
  $schema?: string;
  /** Lower-case letters, digits and dashes; prefixes every resource name. */
  project: string;
  /** Default region when neither --region nor the environment gives one. */
  region?: string;
  /** Use this execution role for every function instead of the per-function least-privilege roles the engine makes. */
  role?: string;
  tables?: Record<string, TableConfig>;
  functions: Record<string, FunctionConfig>;
  apis?: Record<string, ApiConfig>;
  apiKeys?: Record<string, ApiKeyConfig>;
  usagePlans?: Record<string, UsagePlanConfig>;
}

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface TableConfig {
  /** Exact table name; default `${project}-${stage}-${key}`. */
  name?: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Attribute holding an epoch-seconds expiry (DynamoDB TTL). */
  ttlAttribute?: string;
}

export type TableAccess = 'read' | 'write' | 'readwrite';

export interface PolicyStatementConfig {
  actions: string[];
  /** ARNs; may hold references. */
  resources: string[];
}

export interface FunctionConfig {
  /** Handler source file, relative to the config file: .ts/.js/.mjs (bundled by esbuild) or .py (zipped as is). */
  handler: string;
  /** Exported function name. Default "handler" (Node) or "lambda_handler" (Python). */
  export?: string;
  /** e.g. nodejs22.x, python3.12. */
  runtime: Runtime;
  description?: string;
  /** MB, default 128. */
  memory?: number;
  /** Seconds, default 10. */
  timeout?: number;
  environment?: Record<string, string>;
  /** Per deploy stage (--stage), values merged over `environment` for that stage. */
  stageEnvironment?: Record<string, Record<string, string>>;
  /** Tables this function reads or writes; the engine's role grants exactly that, on those ARNs. */
  tables?: Record<string, TableAccess>;
  /** Further statements for the engine-made role (least privilege: name actions and ARNs). */
  permissions?: PolicyStatementConfig[];
  /**
   * Extra files or folders (relative to the config file) put beside the handler in the zip: a path
   * under the handler's folder keeps its path relative to that folder, any other goes in by its name.
   */
  files?: string[];
  /** An EventBridge schedule that invokes the function. */
  schedule?: string | { expression: string; input?: unknown; enabled?: boolean };
  /** Invoke once (RequestResponse) after every deploy that succeeds, e.g. a registrar. */
  invokeAfterDeploy?: boolean | { input?: unknown };
  /** Aliases beyond those the API stages name; `version` "$LATEST" or a pinned published version number. */
  aliases?: Record<string, { version: string }>;
}

export interface MethodSettingConfig {
  throttlingRateLimit?: number;
  throttlingBurstLimit?: number;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  loggingLevel?: 'OFF' | 'ERROR' | 'INFO';
  metricsEnabled?: boolean;
  dataTraceEnabled?: boolean;
}

export interface StageConfig {
  variables?: Record<string, string>;
  /** Keyed "*\/*" or "/path/GET" (the form API Gateway's patch paths use, unescaped). */
  methodSettings?: Record<string, MethodSettingConfig>;
  cacheClusterEnabled?: boolean;
  /** One of API Gateway's sizes: "0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237" (GB). */
  cacheClusterSize?: string;
  /**
   * Access logging to the log group `/aws/apigateway/${project}-${stage}-${api}/${apiStage}`. AWS
   * requires an account-wide CloudWatch role for API Gateway first: when the account and region
   * have none, the engine makes `discovery-cli-apigateway-cloudwatch` and sets it (teardown keeps it).
   */
  accessLog?: { format: 'json' | 'clf' | string };
  /**
   * Lambda alias this stage invokes: the engine keeps an alias of that name on every function the
   * API invokes (on the newest published version unless the function pins it), and sets the stage
   * variable `lambdaAlias` to it.
   */
  alias?: string;
}

export interface ApiConfig {
  /** Swagger 2.0 or OpenAPI 3.0, JSON or YAML, relative to the config file. */
  definition: string;
  /** API Gateway stages; default one stage named after --stage. */
  stages?: Record<string, StageConfig>;
}

export interface ApiKeyConfig {
  description?: string;
  enabled?: boolean;
}

export interface UsagePlanConfig {
  description?: string;
  /** API key and the API stages it is bound to. */
  apiStages: { api: string; stages?: string[] }[];
  throttle?: { rateLimit?: number; burstLimit?: number };
  quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH'; offset?: number };
  /** Keys (of apiKeys) bound to the plan. */
  keys?: string[];
}
