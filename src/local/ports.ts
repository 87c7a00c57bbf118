// In-process interfaces between emulated services. A service that needs another one
// (the gateway invoking Lambda, Lambda writing to Logs) uses these, never its internals.

export interface InvokeResult {
  statusCode: number;
  /** Raw response payload (JSON text for RequestResponse). */
  payload: Buffer;
  /** 'Unhandled' when the handler threw or timed out. */
  functionError?: string;
  executedVersion: string;
}

export interface InvokeOptions {
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** When set, the function's resource policy for that qualifier must allow this principal/source. */
  caller?: { principal: string; sourceArn: string };
  /** The payload is JSON this process serialised itself (the proxy event): not parsed again to check it. */
  serialisedJson?: boolean;
  /** Told the invocation's log events once written (the call journal shows them under the request). */
  onLogs?: LogSink;
}

/** Where the log events of a function's invocation go besides CloudWatch Logs. */
export type LogSink = (functionName: string, events: LogEventInput[]) => void;

export interface LambdaPort {
  /** Function name, partial or full ARN; qualifier may also come from the ARN. */
  invoke(functionRef: string, qualifier: string | undefined, payload: Buffer, options?: InvokeOptions): Promise<InvokeResult>;
  /** True when the function (at that qualifier) exists. */
  exists(functionRef: string, qualifier?: string): boolean;
  /** Whether the qualifier's resource policy allows principal from sourceArn to lambda:InvokeFunction. */
  isInvokeAllowed(functionRef: string, qualifier: string | undefined, principal: string, sourceArn: string): boolean;
  /** Every function as stored, read-only (the console shows configuration, versions and aliases). */
  functions(): readonly Readonly<import('./lambda/model.js').FunctionRecord>[];
  /** The function policy of that qualifier (AddPermission's statements), for IAM evaluation. */
  functionPolicy(functionRef: string, qualifier: string | undefined): import('./iam/evaluate/index.js').PolicyDocument | undefined;
}

export interface LogEventInput {
  timestamp: number;
  message: string;
}

export interface LogsPort {
  /** Whether the group (and, when named, its stream) exists: Lambda asks before writing as the role. */
  exists(groupName: string, streamName?: string): boolean;
  /** Creates group and stream when missing, then appends. */
  append(groupName: string, streamName: string, events: LogEventInput[]): void;
  /** The group's last `limit` events across its streams, oldest first; [] when there is no such group. */
  recent(groupName: string, limit: number): { stream: string; timestamp: number; message: string }[];
}

export interface IamPort {
  roleExists(roleArn: string): boolean;
  /** Epoch ms the role was created (for the IAM-propagation fault); undefined if unknown. */
  roleCreatedAt(roleArn: string): number | undefined;
  /** Whether a service may assume the role now: it exists and, under the IAM-propagation fault, is old enough. */
  roleAssumable(roleArn: string): boolean;
  /** The role's unique id (AROA...) and MaxSessionDuration in seconds, for sts:AssumeRole; undefined if no such role. */
  roleForSession(roleArn: string): { roleId: string; maxSessionDuration: number } | undefined;
  /** The secret of an active access key CreateAccessKey issued (an IAM user's long-term key). */
  findAccessKey(accessKeyId: string): import('./auth/sigv4/credentials.js').CredentialRecord | undefined;
  /** Who an access key stands for: the account root (test/test and unknown keys), an IAM user, or an assumed role. */
  resolvePrincipal(accessKeyId: string | undefined): { kind: 'root' | 'user' | 'assumed-role'; arn: string; userId: string; accountId: string };
  /**
   * Evaluates the key's principal's policies (and the resource's policy, if given) for the action on
   * every resource; denied answers carry AWS's message. The root identity is always allowed.
   */
  authorize(
    accessKeyId: string | undefined,
    action: string,
    resources: string[],
    context?: Record<string, import('./iam/evaluate/index.js').ContextValue | undefined>,
    options?: import('./iam/authorize.js').AuthorizeOptions,
  ): import('./iam/authorize.js').Authorization;
  /** The stored ARN (with its path) of a role or user by name. */
  arnOf(kind: 'role' | 'user', name: string): string | undefined;
  /** A role's trust policy (AssumeRolePolicyDocument), parsed. */
  trustPolicy(roleArn: string): import('./iam/evaluate/index.js').PolicyDocument | undefined;
}

/** Temporary credentials the local STS issued, so signature checks can find their secret and token. */
export interface StsPort {
  findSession(accessKeyId: string): import('./auth/sigv4/credentials.js').CredentialRecord | undefined;
  /**
   * Temporary credentials for a role a service assumes on its own behalf (Lambda for a function's
   * execution role): assumed-role/<role>/<session>, ASIA key, secret, token. Not limited by the
   * role's MaxSessionDuration, as Lambda's own sessions are not.
   */
  issueServiceSession(roleArn: string, sessionName: string, durationSeconds: number): import('./sts/sessions.js').SessionRecord;
}

/** Read access for the data plane (../gateway) to what the control plane holds. */
export interface ApiGatewayPort {
  readonly data: import('./apigateway/model.js').ApiGatewayData;
}

/** What the execute-api data plane counts and caches, for the control plane (GetUsage, Flush*Cache, TestInvokeMethod). */
export interface GatewayPort {
  /** Requests a key made under a usage plan on one UTC day (YYYY-MM-DD). */
  usage(planId: string, keyId: string, day: string): number;
  flushStageCache(apiId: string, stageName: string): void;
  flushAuthorizersCache(apiId: string, stageName: string): void;
  testInvoke(input: import('./gateway/test-invoke.js').TestInvokeInput): Promise<import('./gateway/test-invoke.js').TestInvokeOutput>;
  testInvokeAuthorizer(input: import('./gateway/test-invoke-authorizer.js').TestInvokeAuthorizerInput): Promise<import('./gateway/test-invoke-authorizer.js').TestInvokeAuthorizerOutput>;
}

/** What the EventBridge scheduler has fired (for tests and /_local introspection). */
export interface EventsPort {
  firings(): import('./events/scheduler.js').ScheduleFiring[];
}

export interface DynamoDbPort {
  /** Deletes the expired items of tables with TTL enabled (also done every minute). */
  sweepExpiredItems(): Promise<number>;
  /** One DynamoDB operation in process (JSON 1.0 input and output); rejects with a DynamoDbCallError. */
  call<T = Record<string, unknown>>(operation: string, input: unknown): Promise<T>;
}

export interface ServicePorts {
  dynamodb?: DynamoDbPort;
  apigateway?: ApiGatewayPort;
  gateway?: GatewayPort;
  lambda?: LambdaPort;
  logs?: LogsPort;
  iam?: IamPort;
  sts?: StsPort;
  events?: EventsPort;
  /** IAM enforcement in the dispatch (mode and the decisions it recorded). */
  iamEnforcement?: import('./iam/enforce/index.js').IamEnforcer;
}
