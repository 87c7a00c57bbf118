// Lambda behind API Gateway: the AWS (non-proxy, mapping templates) and AWS_PROXY integrations.
import type { Integration } from '../../apigateway/model.js';
import type { InvokeResult, LambdaPort } from '../../ports.js';
import type { Invocation } from '../invocation.js';
import { GatewayError } from '../responses.js';
import type { GatewayResponse } from '../types.js';
import { integrationParameterValue, renderIntegrationResponse, renderRequest, selectIntegrationResponse, withStageVariables } from './mapping.js';
import { buildProxyEvent, parseProxyResponse } from './proxy-contract.js';

const LAMBDA_URI = /^arn:aws:apigateway:([^:]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;

export interface FunctionTarget {
  /** Function ARN without qualifier (or a bare name). */
  functionRef: string;
  qualifier: string | undefined;
}

const targets = new Map<string, FunctionTarget | Error>();

/** arn:aws:apigateway:R:lambda:path/2015-03-31/functions/arn:aws:lambda:R:A:function:NAME[:QUAL]/invocations */
export function parseLambdaUri(uri: string): FunctionTarget {
  let target = targets.get(uri);
  if (!target) {
    const m = LAMBDA_URI.exec(uri);
    if (!m) {
      target = new Error(`Integration URI "${uri}" is not a Lambda invocation URI (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations).`);
    } else {
      const fn = decodeURIComponent(m[2]!);
      const arn = /^(arn:aws[a-z-]*:lambda:[^:]+:[^:]+:function:[^:]+)(?::([^:]+))?$/.exec(fn);
      target = arn ? { functionRef: arn[1]!, qualifier: arn[2] } : { functionRef: fn, qualifier: undefined };
    }
    if (targets.size > 5000) targets.clear();
    targets.set(uri, target);
  }
  if (target instanceof Error) throw new GatewayError('INTEGRATION_FAILURE', undefined, target.message);
  return target;
}

const DEFAULT_TIMEOUT_MS = 29_000;

/** API Gateway stops waiting after the integration timeout (29 s by default): 504. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayError('INTEGRATION_TIMEOUT', undefined, `${what} did not answer within ${ms} ms (integration timeoutInMillis).`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The ARN API Gateway presents to Lambda as SourceArn. */
function sourceArn(inv: Invocation): string {
  return inv.executeArn;
}

/** integration.request.header.X-Amz-Invocation-Type mapped to 'Event' makes the call asynchronous. */
function invocationType(inv: Invocation, integration: Integration): 'Event' | 'RequestResponse' {
  for (const [target, expression] of Object.entries(integration.requestParameters ?? {})) {
    if (target.toLowerCase() !== 'integration.request.header.x-amz-invocation-type') continue;
    return integrationParameterValue(expression, { body: inv.bodyText, headers: {} }, inv) === 'Event' ? 'Event' : 'RequestResponse';
  }
  return 'RequestResponse';
}

async function invoke(lambda: LambdaPort | undefined, inv: Invocation, integration: Integration, payload: Buffer, serialisedJson = false): Promise<InvokeResult> {
  if (!lambda) throw new GatewayError('INTEGRATION_FAILURE', undefined, 'The local cloud has no Lambda service to invoke.');
  const { functionRef, qualifier } = parseLambdaUri(withStageVariables(integration.uri ?? '', inv.stage.variables));
  try {
    // With integration credentials (a role) API Gateway calls Lambda as that role, not by resource policy.
    const caller = integration.credentials ? undefined : { principal: 'apigateway.amazonaws.com', sourceArn: sourceArn(inv) };
    return await withTimeout(lambda.invoke(functionRef, qualifier, payload, { caller, invocationType: invocationType(inv, integration), serialisedJson, onLogs: inv.req.onLogs }), integration.timeoutInMillis ?? DEFAULT_TIMEOUT_MS, functionRef);
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    const code = (err as { code?: string }).code ?? 'Error';
    const message = (err as Error).message;
    const hint = code === 'AccessDeniedException'
      ? ` Add a permission: aws lambda add-permission --function-name ${functionRef}${qualifier ? ` --qualifier ${qualifier}` : ''} --principal apigateway.amazonaws.com --action lambda:InvokeFunction --source-arn "${sourceArn(inv)}" (or a pattern that matches it).`
      : '';
    throw new GatewayError('INTEGRATION_FAILURE', undefined, `Execution failed due to configuration error: ${code}: ${message}.${hint}`);
  }
}

/** AWS integration (Lambda, non-proxy). */
export async function invokeLambdaCustom(lambda: LambdaPort | undefined, inv: Invocation, integration: Integration): Promise<GatewayResponse> {
  const rendered = renderRequest(inv, integration);
  const payload = Buffer.from(rendered.trim() === '' ? '{}' : rendered, 'utf8');
  const result = await invoke(lambda, inv, integration, payload);
  const body = result.payload.toString('utf8');
  let selector: string | undefined;
  if (result.functionError) {
    try {
      const error = JSON.parse(body) as { errorMessage?: unknown };
      selector = typeof error.errorMessage === 'string' ? error.errorMessage : body;
    } catch {
      selector = body;
    }
  }
  const chosen = selectIntegrationResponse(integration, selector);
  if (!chosen) {
    throw new GatewayError('INTEGRATION_FAILURE', undefined, result.functionError
      ? `Lambda failed (${selector}) and no integration response's selectionPattern matches it, and there is no default response.`
      : 'Execution failed due to configuration error: No match for output mapping and no default output mapping configured.');
  }
  return renderIntegrationResponse(inv, chosen, { body, headers: {} });
}

/** AWS_PROXY integration: the REST v1 proxy event in, the proxy response contract out. */
export async function invokeLambdaProxy(lambda: LambdaPort | undefined, inv: Invocation, integration: Integration): Promise<GatewayResponse> {
  const event = buildProxyEvent(inv);
  const result = await invoke(lambda, inv, integration, Buffer.from(JSON.stringify(event), 'utf8'), true);
  if (result.functionError) {
    throw new GatewayError('BAD_GATEWAY', undefined, `Lambda function failed: ${result.payload.toString('utf8').slice(0, 300)}`);
  }
  return parseProxyResponse(result.payload, (inv.snapshot.binaryMediaTypes ?? []).length > 0);
}
