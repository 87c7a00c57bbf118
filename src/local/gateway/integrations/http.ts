// HTTP and HTTP_PROXY integrations: call the backend URI ({param} substituted) and answer with what
// it returns (proxy), or through integration responses selected by status code (non-proxy).
import type { Integration } from '../../apigateway/model.js';
import type { Invocation } from '../invocation.js';
import { GatewayError } from '../responses.js';
import type { GatewayResponse } from '../types.js';
import { integrationParameterValue, renderIntegrationResponse, renderRequest, selectIntegrationResponse, withStageVariables } from './mapping.js';

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer']);
const DEFAULT_TIMEOUT_MS = 29_000;

interface BackendRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
}

function mappedParameters(inv: Invocation, integration: Integration) {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  const header: Record<string, string> = {};
  for (const [target, expression] of Object.entries(integration.requestParameters ?? {})) {
    const m = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
    if (!m) continue;
    const value = integrationParameterValue(expression, { body: inv.bodyText, headers: {} }, inv);
    if (value === undefined) continue;
    (m[1] === 'path' ? path : m[1] === 'querystring' ? query : header)[m[2]!] = value;
  }
  return { path, query, header };
}

function backendRequest(inv: Invocation, integration: Integration, proxy: boolean, body: Buffer | string): BackendRequest {
  const mapped = mappedParameters(inv, integration);
  const uri = withStageVariables(integration.uri ?? '', inv.stage.variables).replace(/\{([^}]+?)\+?\}/g, (whole, name: string) => {
    const value = mapped.path[name] ?? inv.pathParameters[name];
    if (value === undefined) throw new GatewayError('INTEGRATION_FAILURE', undefined, `Integration URI ${integration.uri} needs {${name}} but the request has no such parameter.`);
    // A greedy value keeps its slashes.
    return value.split('/').map(encodeURIComponent).join('/');
  });
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new GatewayError('INTEGRATION_FAILURE', undefined, `Integration URI "${uri}" is not a URL.`);
  }
  if (proxy) for (const [name, value] of inv.req.query) url.searchParams.append(name, value);
  for (const [name, value] of Object.entries(mapped.query)) url.searchParams.set(name, value);
  const headers: Record<string, string> = {};
  if (proxy) {
    for (const [name, value] of Object.entries(inv.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  } else if (inv.headers['content-type']) {
    headers['content-type'] = inv.headers['content-type'];
  }
  Object.assign(headers, mapped.header);
  const configured = (integration.httpMethod ?? 'ANY').toUpperCase();
  const method = configured === 'ANY' ? inv.req.method : configured;
  return { url: url.toString(), method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body };
}

async function call(request: BackendRequest, timeoutMs: number) {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: typeof request.body === 'string' || request.body === undefined ? request.body : new Uint8Array(request.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') headers[name] = value;
    });
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') {
      throw new GatewayError('INTEGRATION_TIMEOUT', undefined, `${request.method} ${request.url} did not answer within ${timeoutMs} ms (integration timeoutInMillis).`);
    }
    throw new GatewayError('INTEGRATION_FAILURE', undefined, `Calling ${request.method} ${request.url} failed: ${(err as Error).message}`);
  }
}

export async function invokeHttp(inv: Invocation, integration: Integration): Promise<GatewayResponse> {
  const proxy = integration.type === 'HTTP_PROXY';
  const timeout = integration.timeoutInMillis ?? DEFAULT_TIMEOUT_MS;
  if (proxy) {
    const answer = await call(backendRequest(inv, integration, true, inv.req.body), timeout);
    return { status: answer.status, headers: answer.headers, body: answer.body };
  }
  const answer = await call(backendRequest(inv, integration, false, renderRequest(inv, integration)), timeout);
  const chosen = selectIntegrationResponse(integration, String(answer.status));
  if (!chosen) {
    throw new GatewayError('INTEGRATION_FAILURE', undefined, `The backend answered ${answer.status}; no integration response matches it and there is no default response.`);
  }
  return renderIntegrationResponse(inv, chosen, { body: answer.body.toString('utf8'), headers: answer.headers });
}
