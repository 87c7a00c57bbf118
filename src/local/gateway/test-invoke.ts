// TestInvokeMethod (the console's TEST button): runs a method's integration on the API as it is
// now, without a deployment, authorizers or API keys, and answers status, body, headers and the
// execution log, as API Gateway does.
import { randomUUID } from 'node:crypto';
import type { Resource, RestApi, Stage } from '../apigateway/model.js';
import type { CloudContext } from '../context.js';
import { executionTrace, testInvokeLog } from './execution-log.js';
import { integrate } from './integrations/index.js';
import { clientCaseHeaders, mediaType, singleValueHeaders, singleValueQuery, type Identity, type Invocation } from './invocation.js';
import { GatewayError, gatewayErrorResponse } from './responses.js';
import type { GatewayRequest, GatewayResponse } from './types.js';

export interface TestInvokeInput {
  api: RestApi;
  resource: Resource;
  httpMethod: string;
  pathWithQueryString?: string;
  body?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  stageVariables?: Record<string, string>;
}

export interface TestInvokeOutput {
  status: number;
  body: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  log: string;
  latency: number;
}

/** Path parameters of `path` under the resource's template; {} when the path does not fit it (as AWS). */
function pathParametersOf(template: string, path: string): Record<string, string> {
  const names: string[] = [];
  const pattern = template.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{([^}+]+)(\+)?\}/g, (_, name: string, greedy?: string) => {
    names.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  const m = new RegExp(`^${pattern}$`).exec(path);
  if (!m) return {};
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]));
}

/** The request a test invocation simulates, on a stage that is not deployed ("test-invoke-stage"). */
export function testInvocation(ctx: CloudContext, input: TestInvokeInput): Invocation {
  const startedMs = ctx.clock.now();
  const requestId = randomUUID();
  const { api, resource } = input;
  const method = resource.resourceMethods[input.httpMethod] ?? { httpMethod: input.httpMethod, authorizationType: 'NONE', apiKeyRequired: false };
  const [pathPart, queryPart = ''] = (input.pathWithQueryString ?? resource.path).split('?', 2) as [string, string?];
  const path = pathPart || resource.path;
  const rawHeaders = Object.entries(input.multiValueHeaders ?? {}).flatMap(([k, vs]) => vs.flatMap((v) => [k, v]))
    .concat(Object.entries(input.headers ?? {}).flatMap(([k, v]) => [k, v]));
  const headers: GatewayRequest['headers'] = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1];
  const query = new URLSearchParams(queryPart);
  const req: GatewayRequest = {
    method: input.httpMethod, apiId: api.id, stage: 'test-invoke-stage', path, query, headers, body: Buffer.from(input.body ?? '', 'utf8'),
    rawPath: path, rawQuery: queryPart, host: `${api.id}.execute-api.localhost`, sourceIp: 'test-invoke-source-ip', rawHeaders,
  };
  const now = Math.floor(startedMs / 1000);
  const stage: Stage = {
    stageName: 'test-invoke-stage', deploymentId: 'test-invoke-deployment-id', variables: input.stageVariables ?? {}, methodSettings: {},
    cacheClusterEnabled: false, tags: {}, createdDate: now, lastUpdatedDate: now,
  };
  const region = api.region ?? ctx.defaultRegion;
  const identity: Identity = {
    sourceIp: 'test-invoke-source-ip', userAgent: singleValueHeaders(headers)['user-agent'] ?? null, apiKey: 'test-invoke-api-key', apiKeyId: 'test-invoke-api-key-id',
    accessKey: null, caller: null, user: null, userArn: null, accountId: null,
  };
  const inv: Invocation = {
    req, requestId, extendedRequestId: `${requestId.slice(0, 8)}${requestId.slice(24, 32)}`, startedMs, region, accountId: ctx.accountId,
    api, stage,
    snapshot: {
      resources: api.resources, models: api.models, requestValidators: api.requestValidators, policy: api.policy, apiKeySource: api.apiKeySource,
      binaryMediaTypes: api.binaryMediaTypes, authorizers: api.authorizers, gatewayResponses: api.gatewayResponses,
    },
    resource, method, pathParameters: pathParametersOf(resource.path, path), headers: singleValueHeaders(headers), clientHeaders: clientCaseHeaders(req),
    querystring: singleValueQuery(query), bodyText: input.body ?? '', contentType: mediaType(singleValueHeaders(headers)['content-type']), identity,
    executeArn: `arn:aws:execute-api:${region}:${ctx.accountId}:${api.id}/test-invoke-stage/${input.httpMethod}/${path.replace(/^\//, '')}`,
  };

  return inv;
}

export async function testInvoke(ctx: CloudContext, input: TestInvokeInput): Promise<TestInvokeOutput> {
  const started = performance.now();
  const inv = testInvocation(ctx, input);
  const { requestId } = inv;
  const path = inv.req.path;
  let response: GatewayResponse;
  let error: GatewayError | undefined;
  try {
    response = await integrate(ctx.ports.lambda, inv);
  } catch (err) {
    error = err instanceof GatewayError ? err : new GatewayError('INTEGRATION_FAILURE', undefined, String((err as Error)?.message ?? err));
    response = gatewayErrorResponse(error, requestId);
    delete response.headers['x-local-cloud-detail'];
  }
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (name === 'x-amzn-RequestId') continue;
    const key = name.toLowerCase() === 'content-type' ? 'Content-Type' : name;
    multi[key] = Array.isArray(value) ? value : [value];
    single[key] = multi[key]!.join(',');
  }
  const lines = executionTrace(inv, response, error, path);
  return {
    status: response.status,
    body: typeof response.body === 'string' ? response.body : response.body.toString('utf8'),
    headers: single,
    multiValueHeaders: multi,
    log: testInvokeLog(requestId, lines, ctx.clock.now()),
    latency: Math.round(performance.now() - started),
  };
}

