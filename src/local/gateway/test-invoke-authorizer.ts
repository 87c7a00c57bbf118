// TestInvokeAuthorizer: runs a Lambda authorizer once on a simulated request (no cache, no method,
// so no policy check) and answers what the client would get, the principal, the policy and a log.
import type { Authorizer, RestApi } from '../apigateway/model.js';
import type { CloudContext } from '../context.js';
import { runAuthorizer } from './auth/authorizers.js';
import { testInvokeLog, type TraceLine } from './execution-log.js';
import { GatewayError, gatewayErrorResponse } from './responses.js';
import { testInvocation } from './test-invoke.js';

export interface TestInvokeAuthorizerInput {
  api: RestApi;
  authorizer: Authorizer;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  pathWithQueryString?: string;
  body?: string;
  stageVariables?: Record<string, string>;
}

export interface TestInvokeAuthorizerOutput {
  clientStatus: number;
  log: string;
  latency: number;
  principalId?: string;
  policy?: string;
  authorization?: Record<string, string[]>;
  claims?: Record<string, string>;
}

export async function testInvokeAuthorizer(ctx: CloudContext, input: TestInvokeAuthorizerInput): Promise<TestInvokeAuthorizerOutput> {
  const started = performance.now();
  const root = input.api.resources[input.api.rootResourceId]!;
  const inv = testInvocation(ctx, { ...input, resource: root, httpMethod: 'GET' });
  const lines: TraceLine[] = [{ text: `Starting authorizer: ${input.authorizer.id} for request: ${inv.requestId}` }];
  const finish = (clientStatus: number, extra: Partial<TestInvokeAuthorizerOutput> = {}): TestInvokeAuthorizerOutput => ({
    clientStatus, log: testInvokeLog(inv.requestId, lines, ctx.clock.now()), latency: Math.round(performance.now() - started), ...extra,
  });
  if (input.authorizer.type === 'COGNITO_USER_POOLS') {
    lines.push({ text: 'Unauthorized request: Cognito user pools are not emulated by the local cloud, no token verifies' });
    return finish(401);
  }
  try {
    const { result } = await runAuthorizer(ctx.ports.lambda, input.authorizer, inv);
    lines.push(
      { text: `Authorizer result body before parsing: ${JSON.stringify({ principalId: result.principalId, policyDocument: result.policy, context: result.context })}` },
      { text: `Using valid authorizer policy for principal: ${result.principalId}` },
      { text: 'Successfully completed authorizer execution' },
    );
    return finish(200, { principalId: result.principalId, policy: JSON.stringify(result.policy), authorization: {}, claims: {} });
  } catch (err) {
    const error = err instanceof GatewayError ? err : new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', undefined, String(err));
    lines.push({ text: error.kind === 'UNAUTHORIZED' ? `Unauthorized request: ${inv.requestId}` : `Execution failed due to configuration error: ${error.detail ?? error.message}` });
    return finish(gatewayErrorResponse(error, inv.requestId).status);
  }
}
