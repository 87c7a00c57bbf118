// Hand-built API Gateway state, a manual clock and in-process fakes of the Lambda and Logs ports,
// so the data plane can be tested on its own while those services are built elsewhere.
import type { ApiGatewayData, ApiKey, Integration, Method, MethodSetting, Model, RequestValidator, Resource, RestApi, Stage, UsagePlan } from '../../../src/local/apigateway/model.js';
import type { CloudContext, LocalCredentials } from '../../../src/local/context.js';
import { createGateway, type Gateway } from '../../../src/local/gateway/index.js';
import type { GatewayRequest, GatewayResponse } from '../../../src/local/gateway/types.js';
import type { InvokeOptions, InvokeResult, LambdaPort, LogEventInput, LogsPort } from '../../../src/local/ports.js';
import { AwsServiceError } from '../../../src/local/protocol/errors.js';
import { ManualClock as LocalManualClock } from '../../../src/local/clock.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const API_ID = 'abc123defg';
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:catalog_service`;
export const lambdaUri = (fnArn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;

/** The local cloud's own test clock, started where these tests expect it. */
export class ManualClock extends LocalManualClock {
  constructor(start = Date.UTC(2026, 10, 21, 12, 0, 0)) {
    super(start);
  }
}

export type MethodSpec = Partial<Omit<Method, 'methodIntegration'>> & { integration?: Integration };

export interface ApiSpec {
  /** path -> HTTP method -> method spec. Parents are created as needed. */
  paths: Record<string, Record<string, MethodSpec>>;
  policy?: string;
  models?: Model[];
  validators?: RequestValidator[];
  stageName?: string;
  variables?: Record<string, string>;
  methodSettings?: Record<string, MethodSetting>;
  cacheClusterEnabled?: boolean;
  accessLogSettings?: Stage['accessLogSettings'];
  binaryMediaTypes?: string[];
}

export function buildApiData(spec: ApiSpec): ApiGatewayData {
  const resources: Record<string, Resource> = {};
  const byPath = new Map<string, Resource>();
  let counter = 0;
  const ensure = (path: string): Resource => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const segments = path.split('/').filter(Boolean);
    const parent = segments.length === 0 ? undefined : ensure(`/${segments.slice(0, -1).join('/')}`);
    const resource: Resource = {
      id: `r${counter++}`,
      parentId: parent?.id,
      pathPart: segments.at(-1),
      path: segments.length === 0 ? '/' : path,
      resourceMethods: {},
    };
    resources[resource.id] = resource;
    byPath.set(resource.path, resource);
    return resource;
  };
  ensure('/');
  for (const [path, methods] of Object.entries(spec.paths)) {
    const resource = ensure(path);
    for (const [httpMethod, m] of Object.entries(methods)) {
      const { integration, ...rest } = m;
      resource.resourceMethods[httpMethod] = {
        httpMethod,
        authorizationType: 'NONE',
        apiKeyRequired: false,
        ...rest,
        methodIntegration: integration,
      };
    }
  }
  const models: Record<string, Model> = {};
  for (const model of spec.models ?? []) models[model.id] = model;
  const requestValidators: Record<string, RequestValidator> = {};
  for (const v of spec.validators ?? []) requestValidators[v.id] = v;
  const stageName = spec.stageName ?? 'dev';
  // The snapshot is a deep copy, as CreateDeployment freezes the API.
  const snapshot = structuredClone({ resources, models, requestValidators, policy: spec.policy, apiKeySource: 'HEADER' as const, binaryMediaTypes: spec.binaryMediaTypes });
  const api: RestApi = {
    id: API_ID,
    name: 'test-api',
    createdDate: 0,
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: ['EDGE'] },
    policy: spec.policy,
    tags: {},
    rootResourceId: byPath.get('/')!.id,
    resources,
    models,
    requestValidators,
    deployments: { d1: { id: 'd1', createdDate: 0, snapshot } },
    stages: {
      [stageName]: {
        stageName,
        deploymentId: 'd1',
        variables: spec.variables ?? {},
        methodSettings: spec.methodSettings ?? {},
        cacheClusterEnabled: spec.cacheClusterEnabled ?? false,
        accessLogSettings: spec.accessLogSettings,
        tags: {},
        createdDate: 0,
        lastUpdatedDate: 0,
      },
    },
  };
  return { restApis: { [API_ID]: api }, apiKeys: {}, usagePlans: {} };
}

export function addApiKey(data: ApiGatewayData, key: Partial<ApiKey> & { id: string; value: string }): ApiKey {
  const full: ApiKey = { name: key.id, enabled: true, createdDate: 0, lastUpdatedDate: 0, stageKeys: [], tags: {}, ...key };
  data.apiKeys[full.id] = full;
  return full;
}

export function addUsagePlan(data: ApiGatewayData, plan: Partial<UsagePlan> & { id: string }): UsagePlan {
  const full: UsagePlan = { name: plan.id, apiStages: [{ apiId: API_ID, stage: 'dev' }], tags: {}, keyIds: [], ...plan };
  data.usagePlans[full.id] = full;
  return full;
}

export type FakeHandler = (event: unknown, qualifier: string | undefined) => unknown;

export interface FakeLambda extends LambdaPort {
  calls: { functionRef: string; qualifier: string | undefined; event: unknown; options?: InvokeOptions }[];
}

/** Handlers by function name; `deny` lists names whose resource policy refuses API Gateway. */
export function fakeLambda(handlers: Record<string, FakeHandler>, deny: string[] = []): FakeLambda {
  const calls: FakeLambda['calls'] = [];
  const nameOf = (ref: string) => ref.split(':function:').pop()!.split(':')[0]!;
  return {
    calls,
    exists: (ref) => nameOf(ref) in handlers,
    isInvokeAllowed: (ref) => !deny.includes(nameOf(ref)),
    async invoke(functionRef, qualifier, payload, options): Promise<InvokeResult> {
      const name = nameOf(functionRef);
      const handler = handlers[name];
      if (!handler) throw new AwsServiceError('ResourceNotFoundException', `Function not found: ${functionRef}`, 404);
      if (options?.caller && deny.includes(name)) {
        throw new AwsServiceError('AccessDeniedException', `The function's resource policy does not allow ${options.caller.principal} from ${options.caller.sourceArn}`, 403);
      }
      const event = payload.length ? JSON.parse(payload.toString('utf8')) : {};
      calls.push({ functionRef, qualifier, event, options });
      try {
        const result = await handler(event, qualifier);
        const text = typeof result === 'string' && result.startsWith('RAW:') ? result.slice(4) : JSON.stringify(result ?? null);
        return { statusCode: 200, payload: Buffer.from(text), executedVersion: qualifier ?? '$LATEST' };
      } catch (err) {
        const e = err as Error;
        return {
          statusCode: 200,
          functionError: 'Unhandled',
          payload: Buffer.from(JSON.stringify({ errorMessage: e.message, errorType: e.name, trace: [] })),
          executedVersion: qualifier ?? '$LATEST',
        };
      }
    },
  };
}

export interface FakeLogs extends LogsPort {
  lines: { group: string; stream: string; event: LogEventInput }[];
}

export function fakeLogs(): FakeLogs {
  const lines: FakeLogs['lines'] = [];
  return {
    lines,
    append(group, stream, events) {
      for (const event of events) lines.push({ group, stream, event });
    },
  };
}

export interface GatewayHarness {
  gateway: Gateway;
  ctx: CloudContext;
  clock: ManualClock;
  data: ApiGatewayData;
  send(req: Partial<GatewayRequest> & { path: string; method?: string }): Promise<GatewayResponse & { text: string; json: () => unknown }>;
}

export function harness(data: ApiGatewayData, options: { lambda?: LambdaPort; logs?: LogsPort; clock?: ManualClock; credentials?: LocalCredentials[] } = {}): GatewayHarness {
  const clock = options.clock ?? new ManualClock();
  const ctx: CloudContext = {
    accountId: ACCOUNT,
    defaultRegion: REGION,
    stateDir: '/nonexistent',
    clock,
    faults: {},
    credentials: options.credentials ?? [{ accessKeyId: 'test', secretAccessKey: 'test' }],
    url: 'http://127.0.0.1:4577',
    port: 4577,
    ports: { apigateway: { data }, lambda: options.lambda, logs: options.logs },
  };
  const gateway = createGateway(ctx);
  return {
    gateway,
    ctx,
    clock,
    data,
    async send(partial) {
      const [pathOnly = '/', rawQuery = ''] = partial.path.split('?');
      const stage = partial.stage ?? 'dev';
      const req: GatewayRequest = {
        method: partial.method ?? 'GET',
        apiId: partial.apiId ?? API_ID,
        stage,
        path: decodeURIComponent(pathOnly),
        query: partial.query ?? new URLSearchParams(rawQuery),
        headers: { host: '127.0.0.1:4577', 'user-agent': 'vitest', ...partial.headers },
        body: partial.body ?? Buffer.alloc(0),
        rawPath: partial.rawPath ?? `/restapis/${partial.apiId ?? API_ID}/${stage}/_user_request_${pathOnly}`,
        rawQuery: partial.rawQuery ?? rawQuery,
        host: partial.host ?? '127.0.0.1:4577',
        sourceIp: partial.sourceIp ?? '127.0.0.1',
        rawHeaders: partial.rawHeaders,
      };
      const res = await gateway.handle(req);
      const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
      return { ...res, text, json: () => JSON.parse(text) };
    },
  };
}

export const lambdaIntegration = (extra: Partial<Integration> = {}): Integration => ({
  type: 'AWS',
  httpMethod: 'POST',
  uri: lambdaUri(FUNCTION_ARN),
  passthroughBehavior: 'WHEN_NO_MATCH',
  integrationResponses: { '200': { statusCode: '200' } },
  ...extra,
});

export const mockIntegration = (extra: Partial<Integration> = {}): Integration => ({
  type: 'MOCK',
  requestTemplates: { 'application/json': '{"statusCode": 200}' },
  integrationResponses: { '200': { statusCode: '200' } },
  ...extra,
});
