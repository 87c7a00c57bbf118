// The execute-api data plane: answers requests to deployed REST APIs the way API Gateway does.
// Order per request: route -> SigV4 (AWS_IAM) or authorizer (CUSTOM, COGNITO_USER_POOLS) -> resource policy -> API key + usage plan ->
// stage throttle -> validators -> cache -> integration -> access log.
import { randomUUID } from 'node:crypto';
import type { Deployment, RestApi, Stage } from '../apigateway/model.js';
import type { CloudContext } from '../context.js';
import { writeAccessLog } from './access-log.js';
import { credentialLookup } from '../auth/sigv4/credentials.js';
import { verifySigV4 } from './auth/sigv4.js';
import { AuthorizerCache, authorizeWithAuthorizer } from './auth/authorizers.js';
import { enforceResourcePolicy } from './auth/resource-policy.js';
import { StageCache } from './cache.js';
import { integrate } from './integrations/index.js';
import {
  clfTime, clientCaseHeaders, mediaType, singleValueHeaders, singleValueQuery, templateContext,
  type Identity, type Invocation,
} from './invocation.js';
import { UsageCounter, type UsageCount } from './limits/usage-counter.js';
import { executionTrace, writeExecutionLog } from './execution-log.js';
import { testInvoke } from './test-invoke.js';
import { testInvokeAuthorizer } from './test-invoke-authorizer.js';
import { UsageLimiter } from './limits/usage-plans.js';
import { GatewayError, gatewayErrorResponse } from './responses.js';
import { customiseErrorResponse } from './gateway-responses.js';
import { route } from './router.js';
import type { GatewayRequest, GatewayResponse } from './types.js';
import { validateRequest } from './validate.js';

export interface Gateway {
  handle(req: GatewayRequest): Promise<GatewayResponse>;
  /** Requests per usage plan, key and day so far (in memory: a restart starts again at 0). */
  usage(): UsageCount[];
  close?(): Promise<void>;
}

interface Target {
  api: RestApi;
  stage: Stage;
  snapshot: Deployment['snapshot'];
}

/** What the access log and $context.error need to know about how a request ended. */
interface Outcome {
  response: GatewayResponse;
  inv?: Invocation;
  error?: GatewayError;
  integrationLatency?: number;
}

export function createGateway(ctx: CloudContext): Gateway {
  const limiter = new UsageLimiter();
  const cache = new StageCache();
  const authorizerCache = new AuthorizerCache();
  const usage = new UsageCounter();
  ctx.ports.gateway = {
    usage: (planId, keyId, day) => usage.usage(planId, keyId, day),
    flushStageCache: (apiId, stageName) => cache.flush(apiId, stageName),
    flushAuthorizersCache: (apiId, stageName) => authorizerCache.flush(apiId, stageName),
    testInvoke: (input) => testInvoke(ctx, input),
    testInvokeAuthorizer: (input) => testInvokeAuthorizer(ctx, input),
  };
  const credentials = credentialLookup(ctx);

  function findTarget(req: GatewayRequest): Target | undefined {
    // Ports are resolved per request: the API Gateway service may be created after the gateway.
    const api = ctx.ports.apigateway?.data.restApis[req.apiId];
    const stage = api?.stages[req.stage];
    const deployment = stage ? api!.deployments[stage.deploymentId] : undefined;
    if (!api || !stage || !deployment) return undefined;
    return { api, stage, snapshot: deployment.snapshot };
  }

  function buildInvocation(req: GatewayRequest, target: Target, requestId: string, startedMs: number): Invocation {
    const match = route(target.snapshot.resources, req.path, req.method);
    if (!match) {
      throw new GatewayError('MISSING_AUTHENTICATION_TOKEN', undefined,
        `No method ${req.method} ${req.path} in deployment ${target.stage.deploymentId} of API ${target.api.id}, stage ${target.stage.stageName}.`);
    }
    const headers = singleValueHeaders(req.headers);
    const identity: Identity = {
      sourceIp: req.sourceIp.replace(/^::ffff:/, ''),
      userAgent: headers['user-agent'] ?? null,
      apiKey: null,
      apiKeyId: null,
      accessKey: null,
      caller: null,
      user: null,
      userArn: null,
      accountId: null,
    };
    const region = target.api.region ?? ctx.defaultRegion;
    let clientHeaders: Invocation['clientHeaders'] | undefined;
    // The ARN the resource policy judges names the path the router matched, never the raw one.
    const pathNoSlash = match.path.replace(/^\//, '');
    return {
      req,
      requestId,
      // Derived from the request id: crypto.randomBytes per request costs more than the whole route.
      extendedRequestId: `${requestId.slice(0, 8)}${requestId.slice(24, 32)}`,
      startedMs,
      region,
      accountId: ctx.accountId,
      api: target.api,
      stage: target.stage,
      snapshot: target.snapshot,
      resource: match.resource,
      method: match.method,
      pathParameters: match.pathParameters,
      headers,
      // Built when first read (proxy events, templates that read headers): a MOCK route never does.
      get clientHeaders() {
        return (clientHeaders ??= clientCaseHeaders(req));
      },
      querystring: singleValueQuery(req.query),
      bodyText: req.body.toString('utf8'),
      contentType: mediaType(headers['content-type']),
      identity,
      executeArn: `arn:aws:execute-api:${region}:${ctx.accountId}:${target.api.id}/${target.stage.stageName}/${req.method}/${pathNoSlash}`,
    };
  }

  async function process(req: GatewayRequest, outcome: Partial<Outcome>, target: Target | undefined, requestId: string, startedMs: number): Promise<GatewayResponse> {
    if (!target) {
      throw new GatewayError('MISSING_AUTHENTICATION_TOKEN', undefined, `No deployed stage "${req.stage}" of REST API "${req.apiId}" in the local cloud.`);
    }
    const inv = buildInvocation(req, target, requestId, startedMs);
    outcome.inv = inv;
    const { method } = inv;
    const nowMs = () => ctx.clock.now();

    if (method.authorizationType === 'AWS_IAM') {
      const caller = verifySigV4(req, credentials, nowMs(), inv.region);
      Object.assign(inv.identity, {
        accessKey: caller.accessKeyId,
        accountId: ctx.accountId,
        caller: caller.accessKeyId,
        user: caller.accessKeyId,
        userArn: caller.arn ?? `arn:aws:iam::${ctx.accountId}:root`,
      });
    }
    let usageIdentifierKey: string | undefined;
    if (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS') {
      const { usageIdentifierKey: key, ...authorizer } = await authorizeWithAuthorizer(inv, { lambda: ctx.ports.lambda, clock: ctx.clock, cache: authorizerCache });
      usageIdentifierKey = key;
      inv.authorizer = authorizer;
      inv.cachedContext = undefined; // a REQUEST authorizer's event built it before $context.authorizer was known
    }
    const policyAllowed = enforceResourcePolicy(target.snapshot.policy, {
      arn: inv.executeArn,
      region: inv.region,
      accountId: inv.accountId,
      apiId: inv.api.id,
      sourceIp: inv.identity.sourceIp,
      callerArn: inv.identity.userArn ?? undefined,
    });
    // AWS_IAM: besides the signature, the caller's identity must allow execute-api:Invoke on the method ARN.
    if (method.authorizationType === 'AWS_IAM' && !policyAllowed) {
      const denied = ctx.ports.iamEnforcement?.refusal('execute-api', `${req.method} ${inv.resource.path}`, inv.identity.accessKey ?? undefined, [{ action: 'execute-api:Invoke', resources: [inv.executeArn] }]);
      if (denied) {
        const explicit = denied.decision === 'ExplicitDeny' ? ' with an explicit deny' : '';
        throw new GatewayError('ACCESS_DENIED', `User: ${denied.principalArn} is not authorized to perform: execute-api:Invoke on resource: ${inv.executeArn}${explicit}`);
      }
    }

    const limitTarget = { apiId: inv.api.id, stage: inv.stage, resourcePath: inv.resource.path, httpMethod: method.httpMethod };
    if (method.apiKeyRequired) {
      const data = ctx.ports.apigateway!.data;
      const keyValue = target.snapshot.apiKeySource === 'AUTHORIZER' ? usageIdentifierKey : inv.headers['x-api-key'];
      const { key, plan } = limiter.authorizeApiKey(data, keyValue, inv.api.id, inv.stage.stageName);
      inv.apiKey = key;
      inv.identity.apiKey = key.value;
      inv.identity.apiKeyId = key.id;
      limiter.enforcePlan(plan, key, limitTarget, nowMs());
      usage.record(plan.id, key.id, nowMs());
    }
    limiter.enforceStage(limitTarget, nowMs());

    validateRequest({
      apiId: inv.api.id,
      method,
      validator: method.requestValidatorId ? target.snapshot.requestValidators[method.requestValidatorId] : undefined,
      models: target.snapshot.models,
      pathParameters: inv.pathParameters,
      query: req.query,
      headers: req.headers,
      contentType: inv.contentType,
      body: inv.bodyText,
    });

    const cachePolicy = req.method === 'GET' ? cache.policy(inv) : undefined;
    if (cachePolicy) {
      const hit = cache.get(cachePolicy.key, nowMs());
      if (hit) return hit;
    }
    const integrationStart = performance.now();
    const response = await integrate(ctx.ports.lambda, inv);
    outcome.integrationLatency = Math.round(performance.now() - integrationStart);
    if (cachePolicy && response.status < 500) cache.put(cachePolicy.key, response, nowMs(), cachePolicy.ttlMs);
    return response;
  }

  return {
    usage: () => usage.all(),
    async handle(req) {
      const startedMs = ctx.clock.now();
      const started = performance.now();
      const requestId = randomUUID();
      const outcome: Partial<Outcome> = {};
      let target: Target | undefined;
      let response: GatewayResponse;
      try {
        target = findTarget(req);
        response = await process(req, outcome, target, requestId, startedMs);
      } catch (err) {
        const error = err instanceof GatewayError
          ? err
          : new GatewayError('INTEGRATION_FAILURE', undefined, `Unexpected failure in the local gateway: ${(err as Error)?.stack ?? String(err)}`);
        outcome.error = error;
        response = customiseErrorResponse(error, gatewayErrorResponse(error, requestId), target?.snapshot.gatewayResponses, { req, stage: target?.stage, inv: outcome.inv });
      }
      const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
      // Assigned, not spread with added fields: that costs microseconds per request in this V8.
      const headers: Record<string, string | string[]> = Object.assign({}, response.headers);
      headers['x-amzn-RequestId'] = requestId;
      headers['x-amz-apigw-id'] = outcome.inv?.extendedRequestId ?? requestId.slice(0, 12);
      headers['content-length'] = String(body.length);
      const answer: GatewayResponse = { status: response.status, headers, body };
      if (outcome.inv && Object.keys(target!.stage.methodSettings).length) {
        writeExecutionLog(ctx.ports.logs, outcome.inv, target!.stage, () => executionTrace(outcome.inv!, answer, outcome.error), ctx.clock.now());
      }
      if (target?.stage.accessLogSettings) {
        logAccess(target, req, requestId, startedMs, answer, body.length, outcome, performance.now() - started);
      }
      return answer;
    },
  };

  function logAccess(target: Target, req: GatewayRequest, requestId: string, startedMs: number, answer: GatewayResponse, length: number, outcome: Partial<Outcome>, latencyMs: number) {
    const base = outcome.inv
      ? templateContext(outcome.inv)
      : {
          accountId: ctx.accountId, apiId: target.api.id, httpMethod: req.method, path: `/${target.stage.stageName}${req.pathAsSent ?? req.path}`,
          protocol: 'HTTP/1.1', requestId, requestTime: clfTime(startedMs), requestTimeEpoch: startedMs, stage: target.stage.stageName,
          domainName: req.host.replace(/:\d+$/, ''), identity: { sourceIp: req.sourceIp.replace(/^::ffff:/, ''), userAgent: req.headers['user-agent'] ?? null },
        };
    const error = outcome.error;
    writeAccessLog(ctx.ports.logs, target.api.id, target.stage, {
      ...base,
      status: answer.status,
      responseLength: length,
      responseLatency: Math.round(latencyMs),
      integrationLatency: outcome.integrationLatency,
      error: error ? { message: error.message, messageString: JSON.stringify(error.message), responseType: error.kind } : {},
    }, ctx.clock.now());
  }
}
