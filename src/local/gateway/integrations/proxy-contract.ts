// The REST API (v1) Lambda proxy contract: the event handlers receive, and the response shape
// they must return (anything else is "Malformed Lambda proxy response": 502).
import type { Invocation } from '../invocation.js';
import { clfTime, templateContext } from '../invocation.js';
import { GatewayError } from '../responses.js';
import type { GatewayResponse } from '../types.js';

export interface ProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: Record<string, unknown>;
  body: string | null;
  isBase64Encoded: boolean;
}

const nullIfEmpty = <T extends object>(value: T): T | null => (Object.keys(value).length === 0 ? null : value);

function isBinary(inv: Invocation): boolean {
  const types = inv.snapshot.binaryMediaTypes ?? [];
  if (types.length === 0) return false;
  const contentType = inv.contentType;
  return types.some((t) => {
    const pattern = t.replace('~1', '/').toLowerCase();
    if (pattern === '*/*') return true;
    if (pattern.endsWith('/*')) return contentType.startsWith(pattern.slice(0, -1));
    return pattern === contentType;
  });
}

export function buildProxyEvent(inv: Invocation): ProxyEvent {
  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of inv.req.query) (multiValueQuery[name] ??= []).push(value);
  const binary = isBinary(inv);
  const context = templateContext(inv);
  const identity = inv.identity;
  return {
    resource: inv.resource.path,
    path: inv.req.path,
    httpMethod: inv.req.method,
    headers: nullIfEmpty(inv.clientHeaders.single),
    multiValueHeaders: nullIfEmpty(inv.clientHeaders.multi),
    queryStringParameters: nullIfEmpty(inv.querystring),
    multiValueQueryStringParameters: nullIfEmpty(multiValueQuery),
    pathParameters: nullIfEmpty(inv.pathParameters),
    stageVariables: nullIfEmpty(inv.stage.variables),
    requestContext: {
      resourceId: inv.resource.id,
      resourcePath: inv.resource.path,
      deploymentId: inv.stage.deploymentId,
      httpMethod: inv.req.method,
      extendedRequestId: inv.extendedRequestId,
      requestTime: clfTime(inv.startedMs),
      path: context.path,
      accountId: inv.accountId,
      protocol: 'HTTP/1.1',
      stage: inv.stage.stageName,
      domainPrefix: context.domainPrefix,
      requestTimeEpoch: inv.startedMs,
      requestId: inv.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: identity.accountId,
        cognitoIdentityId: null,
        caller: identity.caller,
        sourceIp: identity.sourceIp,
        principalOrgId: null,
        accessKey: identity.accessKey,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: identity.userArn,
        userAgent: identity.userAgent,
        user: identity.user,
        apiKey: identity.apiKey,
        apiKeyId: identity.apiKeyId,
      },
      domainName: context.domainName,
      apiId: inv.api.id,
      ...(inv.authorizer ? { authorizer: { ...inv.authorizer.context, principalId: inv.authorizer.principalId, integrationLatency: inv.authorizer.integrationLatency } } : {}),
    },
    body: inv.req.body.length === 0 ? null : binary ? inv.req.body.toString('base64') : inv.bodyText,
    isBase64Encoded: binary && inv.req.body.length > 0,
  };
}

const ALLOWED_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

function malformed(why: string): GatewayError {
  return new GatewayError('BAD_GATEWAY', undefined, `Malformed Lambda proxy response: ${why}. Return {"statusCode": 200, "headers": {...}, "body": "a string"}.`);
}

/**
 * `binary`: the API declares binaryMediaTypes. Without them AWS passes an isBase64Encoded body
 * through as its base64 text, so it is decoded only when they exist.
 */
export function parseProxyResponse(payload: Buffer, binary = true): GatewayResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    throw malformed('the payload is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformed('the payload is not a JSON object');
  const response = parsed as Record<string, unknown>;
  const unknownKey = Object.keys(response).find((k) => !ALLOWED_KEYS.has(k));
  if (unknownKey) throw malformed(`unexpected field "${unknownKey}"`);
  // AWS answers 200 for a proxy response that names no statusCode.
  const given = response.statusCode ?? 200;
  const status = typeof given === 'string' && /^\d+$/.test(given) ? Number(given) : given;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) throw malformed('statusCode is missing or not an HTTP status');
  if (response.body !== undefined && response.body !== null && typeof response.body !== 'string') throw malformed('body is not a string (JSON.stringify it)');

  const headers: Record<string, string | string[]> = {};
  if (response.headers !== undefined && response.headers !== null) {
    if (typeof response.headers !== 'object') throw malformed('headers is not an object');
    for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
      if (value === null || typeof value === 'object') throw malformed(`header "${name}" is not a string`);
      headers[name] = String(value);
    }
  }
  if (response.multiValueHeaders !== undefined && response.multiValueHeaders !== null) {
    if (typeof response.multiValueHeaders !== 'object') throw malformed('multiValueHeaders is not an object');
    for (const [name, values] of Object.entries(response.multiValueHeaders as Record<string, unknown>)) {
      if (!Array.isArray(values)) throw malformed(`multiValueHeaders "${name}" is not an array`);
      const existing = headers[name];
      const merged = [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), ...values.map(String)];
      headers[name] = merged.length === 1 ? merged[0]! : merged;
    }
  }
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const text = typeof response.body === 'string' ? response.body : '';
  const body = response.isBase64Encoded === true && binary ? Buffer.from(text, 'base64') : text;
  return { status, headers, body };
}
