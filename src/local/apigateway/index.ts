// API Gateway (REST API, v1) control plane. State lives in one persisted document that the
// execute-api data plane (../gateway) reads through ctx.ports.apigateway.
import { randomUUID } from 'node:crypto';
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import { renderError } from '../protocol/render.js';
import type { AwsRequest, AwsResponse } from '../protocol/request.js';
import type { LocalService } from '../service.js';
import { TooManyRequestsError } from './errors.js';
import { accountRoutes } from './ops/account.js';
import { authorizerRoutes } from './ops/authorizers.js';
import type { OpsContext } from './ops/context.js';
import { deploymentRoutes } from './ops/deployments.js';
import { exportRoutes } from './ops/export.js';
import { gatewayResponseRoutes } from './ops/gateway-responses.js';
import { apiKeyRoutes } from './ops/keys.js';
import { modelRoutes } from './ops/models.js';
import { resourceRoutes } from './ops/resources.js';
import { resourceUpdateRoutes } from './ops/resource-update.js';
import { restApiRoutes } from './ops/restapis.js';
import { runtimeRoutes } from './ops/runtime.js';
import { tagRoutes } from './ops/tags.js';
import { usagePlanRoutes } from './ops/usageplans.js';
import { QuotaGuard } from './quota.js';
import { matchRoute, type OpReply, type Route } from './router.js';
import { ApiGatewayStore } from './store.js';

export function createApiGatewayService(ctx: CloudContext): LocalService {
  const store = new ApiGatewayStore(ctx);
  ctx.ports.apigateway = { data: store.untrackedData };
  const ops: OpsContext = { ctx, store, quota: new QuotaGuard(ctx) };
  const routes: Route[] = [
    ...restApiRoutes(ops),
    ...resourceRoutes(ops),
    ...resourceUpdateRoutes(ops),
    ...modelRoutes(ops),
    ...deploymentRoutes(ops),
    ...exportRoutes(ops),
    ...apiKeyRoutes(ops),
    ...usagePlanRoutes(ops),
    ...tagRoutes(ops),
    ...accountRoutes(ops),
    ...authorizerRoutes(ops),
    ...gatewayResponseRoutes(ops),
    ...runtimeRoutes(ops),
  ];

  return {
    name: 'apigateway',
    protocol: 'rest-json',
    shapeError: apiGatewayError,
    async handle(req: AwsRequest): Promise<AwsResponse> {
      const match = matchRoute(routes, req);
      if (!match) {
        return renderError('rest-json', `${req.method} ${req.path}`, new AwsServiceError(
          'UnknownOperationException',
          `The local cloud's API Gateway has no operation ${req.method} ${req.path}. See the API Gateway REST API reference for the supported calls.`,
          404,
        ));
      }
      const operation = match.route.operation === 'CreateRestApi' && req.query.get('mode') === 'import' ? 'ImportRestApi' : match.route.operation;
      try {
        return toResponse(operation, await match.route.handler(match.request));
      } catch (err) {
        const answer = apiGatewayError(renderError('rest-json', operation, err));
        if (err instanceof TooManyRequestsError) answer.headers = { ...answer.headers, 'retry-after': String(err.retryAfterSeconds) };
        return answer;
      }
    },
  };
}

function toResponse(operation: string, reply: OpReply): AwsResponse {
  const status = reply.status ?? 200;
  const headers: Record<string, string> = { 'x-amzn-requestid': randomUUID(), ...(reply.headers ?? {}) };
  if (reply.raw !== undefined) return { status, operation, headers, body: reply.raw };
  if (reply.body === undefined) return { status, operation, headers, body: '' };
  return { status, operation, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(reply.body) };
}

/** API Gateway's error bodies hold only `message` (the code travels in x-amzn-ErrorType). */
function apiGatewayError(answer: AwsResponse): AwsResponse {
  try {
    const { message } = JSON.parse(String(answer.body)) as { message?: unknown };
    return { ...answer, body: JSON.stringify({ message }) };
  } catch {
    return answer;
  }
}
