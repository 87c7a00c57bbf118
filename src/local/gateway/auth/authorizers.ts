// Method authorization by authorizer: Lambda TOKEN and REQUEST authorizers (invoked with the
// event API Gateway sends, their answer cached by identity source for authorizerResultTtlInSeconds)
// and Cognito user pools. The local cloud does not emulate Cognito, so no token can verify: a
// COGNITO_USER_POOLS method always answers 401 {"message":"Unauthorized"}, never opens.
import type { Authorizer } from '../../apigateway/model.js';
import type { Clock } from '../../context.js';
import type { LambdaPort } from '../../ports.js';
import type { Invocation } from '../invocation.js';
import { parseLambdaUri } from '../integrations/lambda.js';
import { buildProxyEvent } from '../integrations/proxy-contract.js';
import { GatewayError } from '../responses.js';
import { StageKeyedCache } from '../stage-keyed-cache.js';
import { enforceAuthorizerPolicy, parseAuthorizerResult, type AuthorizerResult } from './authorizer-result.js';

const DEFAULT_TTL_SECONDS = 300;

/** What the integration sees of a successful authorization ($context.authorizer, requestContext.authorizer). */
export interface AuthorizerOutput {
  principalId: string;
  context: Record<string, string>;
  integrationLatency: number;
  usageIdentifierKey?: string;
}

/** Authorizer results by stage, authorizer and identity, for authorizerResultTtlInSeconds. */
export class AuthorizerCache extends StageKeyedCache<AuthorizerResult> {}

const unauthorized = (detail: string) => new GatewayError('UNAUTHORIZED', undefined, detail);

/** The value of one identity source expression for this request; undefined when absent. */
function identityValue(source: string, inv: Invocation): string | undefined {
  const m = /^(method\.request\.(header|querystring)|stageVariables|context)\.(.+)$/.exec(source.trim());
  if (!m) return undefined;
  const name = m[3]!;
  if (m[2] === 'header') return inv.headers[name.toLowerCase()];
  if (m[2] === 'querystring') return inv.querystring[name];
  if (m[1] === 'stageVariables') return inv.stage.variables[name];
  const value = name.split('.').reduce<unknown>((v, part) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined), {
    httpMethod: inv.req.method, resourceId: inv.resource.id, resourcePath: inv.resource.path, stage: inv.stage.stageName,
    requestId: inv.requestId, accountId: inv.accountId, apiId: inv.api.id, identity: inv.identity,
  });
  return value === undefined || value === null ? undefined : String(value);
}

function fullMatch(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(text);
  } catch {
    return false;
  }
}

/** The event and cache identity for the authorizer, or 401 when its identity source is missing. */
function eventFor(authorizer: Authorizer, inv: Invocation): { event: Record<string, unknown>; identity: string } {
  const sources = (authorizer.identitySource ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const values = sources.map((source) => identityValue(source, inv));
  const missing = sources.find((_, i) => !values[i]);
  if (missing) throw unauthorized(`The identity source ${missing} of authorizer ${authorizer.name} is missing from the request.`);
  if (authorizer.type === 'TOKEN') {
    const token = values[0] ?? '';
    if (!token) throw unauthorized(`Authorizer ${authorizer.name} has no identity source header.`);
    if (authorizer.identityValidationExpression && !fullMatch(authorizer.identityValidationExpression, token)) {
      throw unauthorized(`The token does not match identityValidationExpression ${authorizer.identityValidationExpression} of authorizer ${authorizer.name}.`);
    }
    return { event: { type: 'TOKEN', methodArn: inv.executeArn, authorizationToken: token }, identity: token };
  }
  const { body: _body, isBase64Encoded: _b64, ...request } = buildProxyEvent(inv);
  return { event: { type: 'REQUEST', methodArn: inv.executeArn, ...request }, identity: JSON.stringify(values) };
}

async function invokeAuthorizer(lambda: LambdaPort | undefined, authorizer: Authorizer, inv: Invocation, event: Record<string, unknown>): Promise<AuthorizerResult> {
  if (!lambda) throw new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', undefined, 'The local cloud has no Lambda service to run the authorizer.');
  const { functionRef, qualifier } = (() => {
    try {
      return parseLambdaUri(authorizer.authorizerUri ?? '');
    } catch (err) {
      throw new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', undefined, `Authorizer ${authorizer.name}: ${(err as GatewayError).detail ?? (err as Error).message}`);
    }
  })();
  // API Gateway calls the function as itself (its permission names the authorizer ARN) unless credentials are set.
  const sourceArn = `arn:aws:execute-api:${inv.region}:${inv.accountId}:${inv.api.id}/authorizers/${authorizer.id}`;
  const caller = authorizer.authorizerCredentials ? undefined : { principal: 'apigateway.amazonaws.com', sourceArn };
  let result;
  try {
    result = await lambda.invoke(functionRef, qualifier, Buffer.from(JSON.stringify(event), 'utf8'), { caller, onLogs: inv.req.onLogs });
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'Error';
    const hint = code === 'AccessDeniedException'
      ? ` Add a permission: aws lambda add-permission --function-name ${functionRef} --principal apigateway.amazonaws.com --action lambda:InvokeFunction --source-arn "${sourceArn}".`
      : '';
    throw new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', undefined, `Execution failed due to configuration error: ${code}: ${(err as Error).message}.${hint}`);
  }
  const payload = result.payload.toString('utf8');
  if (result.functionError) {
    let message: unknown;
    try {
      message = (JSON.parse(payload) as { errorMessage?: unknown }).errorMessage;
    } catch {
      message = undefined;
    }
    // A Lambda authorizer refuses a token by failing with the message "Unauthorized".
    if (message === 'Unauthorized') throw unauthorized(`Authorizer ${authorizer.name} answered Unauthorized.`);
    throw new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', undefined, `Authorizer ${authorizer.name} failed: ${payload.slice(0, 300)}`);
  }
  return parseAuthorizerResult(payload);
}

/** One run of the authorizer, no cache and no policy check (TestInvokeAuthorizer). */
export async function runAuthorizer(lambda: LambdaPort | undefined, authorizer: Authorizer, inv: Invocation): Promise<{ identity: string; result: AuthorizerResult }> {
  const { event, identity } = eventFor(authorizer, inv);
  return { identity, result: await invokeAuthorizer(lambda, authorizer, inv, event) };
}

export interface AuthorizeDeps {
  lambda: LambdaPort | undefined;
  clock: Clock;
  cache: AuthorizerCache;
}

/** Runs the method's authorizer; resolves to what the integration sees, or throws 401/403/500. */
export async function authorizeWithAuthorizer(inv: Invocation, deps: AuthorizeDeps): Promise<AuthorizerOutput> {
  const { method } = inv;
  const authorizer = method.authorizerId ? inv.snapshot.authorizers?.[method.authorizerId] : undefined;
  if (method.authorizationType === 'COGNITO_USER_POOLS' || authorizer?.type === 'COGNITO_USER_POOLS') {
    throw unauthorized('Cognito user pools are not emulated by the local cloud: no token verifies, so the method answers 401.');
  }
  if (!authorizer) {
    throw new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', undefined, `Method ${method.httpMethod} ${inv.resource.path} names authorizer ${method.authorizerId ?? '(none)'}, which this deployment does not have.`);
  }
  const { event, identity } = eventFor(authorizer, inv);
  // Without an identity source there is nothing to key a cached answer on: every request runs it.
  const ttlMs = authorizer.identitySource?.trim() ? (authorizer.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS) * 1000 : 0;
  const key = StageKeyedCache.keyOf(inv.api.id, inv.stage.stageName, authorizer.id, identity);
  const started = performance.now();
  let result = ttlMs > 0 ? deps.cache.get(key, deps.clock.now()) : undefined;
  if (!result) {
    result = await invokeAuthorizer(deps.lambda, authorizer, inv, event);
    if (ttlMs > 0) deps.cache.put(key, result, deps.clock.now() + ttlMs);
  }
  // The cached policy judges each request's own method ARN, as in AWS.
  enforceAuthorizerPolicy(result, inv.executeArn);
  return {
    principalId: result.principalId,
    context: result.context,
    integrationLatency: Math.round(performance.now() - started),
    usageIdentifierKey: result.usageIdentifierKey,
  };
}
