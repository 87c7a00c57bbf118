// One request's view after routing: what every later step (auth, limits, templates, integrations,
// access logs) reads. Built once per request, cheaply.
import type { ApiKey, Deployment, Method, Resource, RestApi, Stage } from '../apigateway/model.js';
import type { TemplateInput } from './vtl/template.js';
import type { GatewayRequest } from './types.js';

export interface Identity {
  sourceIp: string;
  userAgent: string | null;
  apiKey: string | null;
  apiKeyId: string | null;
  /** Set for AWS_IAM methods once the signature is verified. */
  accessKey: string | null;
  caller: string | null;
  user: string | null;
  userArn: string | null;
  accountId: string | null;
}

export interface Invocation {
  req: GatewayRequest;
  requestId: string;
  extendedRequestId: string;
  startedMs: number;
  region: string;
  accountId: string;
  api: RestApi;
  stage: Stage;
  snapshot: Deployment['snapshot'];
  resource: Resource;
  method: Method;
  pathParameters: Record<string, string>;
  /** Single-value views, header names in lower case (last query value wins, as REST v1 does). */
  headers: Record<string, string>;
  /** Headers with the client's letter case, for proxy events and $input.params().header. */
  clientHeaders: { single: Record<string, string>; multi: Record<string, string[]> };
  querystring: Record<string, string>;
  bodyText: string;
  /** Media type of the request body, lower case, no parameters; application/json when absent. */
  contentType: string;
  identity: Identity;
  apiKey?: ApiKey;
  /** arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH (PATH without the leading "/"). */
  executeArn: string;
  /** Set once a Lambda authorizer allowed the request: $context.authorizer and requestContext.authorizer. */
  authorizer?: { principalId: string; context: Record<string, string>; integrationLatency: number };
  /** $context without identity, filled by templateContext() on first use. */
  cachedContext?: Record<string, unknown>;
  /** $context.requestOverride / responseOverride: set by the request template, read by the response one. */
  overrides?: TemplateOverrides;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's $context.requestTime: 21/Nov/2026:05:40:00 +0000 */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export function singleValueHeaders(headers: GatewayRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** Headers with the client's letter case: single values (joined by ",") and all values. */
// AWS's front end writes the standard request headers in their canonical case whatever the client
// sent (recorded: `authorization` arrives as `Authorization`); other names keep the client's case.
const CANONICAL_HEADERS = new Map(
  ['Accept', 'Accept-Charset', 'Accept-Encoding', 'Accept-Language', 'Authorization', 'Cache-Control', 'Content-Encoding',
    'Content-Length', 'Content-MD5', 'Content-Type', 'Cookie', 'Date', 'Expect', 'From', 'Host', 'If-Match', 'If-Modified-Since',
    'If-None-Match', 'If-Range', 'If-Unmodified-Since', 'Max-Forwards', 'Origin', 'Pragma', 'Proxy-Authorization', 'Range',
    'Referer', 'Upgrade', 'User-Agent', 'Via', 'Warning', 'X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto',
  ].map((name) => [name.toLowerCase(), name]),
);

export function clientCaseHeaders(req: GatewayRequest): { single: Record<string, string>; multi: Record<string, string[]> } {
  const multi: Record<string, string[]> = {};
  if (req.rawHeaders && req.rawHeaders.length > 0) {
    const caseOf = new Map<string, string>();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name: string = req.rawHeaders[i]!;
      const lower: string = name.toLowerCase();
      const key = caseOf.get(lower) ?? CANONICAL_HEADERS.get(lower) ?? name;
      caseOf.set(lower, key);
      (multi[key] ??= []).push(req.rawHeaders[i + 1]!);
    }
  } else {
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) multi[name] = Array.isArray(value) ? value : [value];
    }
  }
  const single: Record<string, string> = {};
  for (const [name, values] of Object.entries(multi)) single[name] = values.join(',');
  return { single, multi };
}

export function singleValueQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of query) out[name] = value;
  return out;
}

export function mediaType(contentType: string | undefined): string {
  if (!contentType) return 'application/json';
  return contentType.split(';')[0]!.trim().toLowerCase() || 'application/json';
}

/** The domain name clients used: the Host header, as API Gateway reports it. */
export function domainName(inv: Invocation): string {
  return inv.req.host.replace(/:\d+$/, '');
}

/** $context for mapping templates and access logs. */
export function templateContext(inv: Invocation): Record<string, unknown> {
  // Built once per request: request and response templates, proxy events and logs share it.
  // Templates get a shallow copy so a #set in one cannot leak into the next.
  inv.cachedContext ??= buildContext(inv);
  const context = Object.assign({}, inv.cachedContext);
  context.identity = Object.assign({}, inv.identity);
  return context;
}

function buildContext(inv: Invocation): Record<string, unknown> {
  return {
    accountId: inv.accountId,
    apiId: inv.api.id,
    domainName: domainName(inv),
    domainPrefix: domainName(inv).split('.')[0],
    extendedRequestId: inv.extendedRequestId,
    httpMethod: inv.req.method,
    identity: { ...inv.identity },
    path: `/${inv.stage.stageName}${inv.req.pathAsSent ?? inv.req.path}`,
    protocol: 'HTTP/1.1',
    requestId: inv.requestId,
    requestTime: clfTime(inv.startedMs),
    requestTimeEpoch: inv.startedMs,
    resourceId: inv.resource.id,
    resourcePath: inv.resource.path,
    stage: inv.stage.stageName,
    authorizer: inv.authorizer ? { principalId: inv.authorizer.principalId, ...inv.authorizer.context } : {},
  };
}

/** $input over the method request. */
export function requestTemplateInput(inv: Invocation, body: string = inv.bodyText): TemplateInput {
  return { body, pathParameters: inv.pathParameters, querystring: inv.querystring, headers: inv.clientHeaders.single };
}

/** What templates of one request set through $context.requestOverride and $context.responseOverride. */
export interface TemplateOverrides {
  requestOverride: { path: Record<string, unknown>; querystring: Record<string, unknown>; header: Record<string, unknown> };
  responseOverride: { status?: unknown; header: Record<string, unknown>; [key: string]: unknown };
}

export function templateOverrides(inv: Invocation): TemplateOverrides {
  inv.overrides ??= { requestOverride: { path: {}, querystring: {}, header: {} }, responseOverride: { header: {} } };
  return inv.overrides;
}
