// The API form's request, handed to the execute-api data plane in process, as the server hands it
// a request from the network (path-style: /restapis/{id}/{stage}/_user_request_/{path}).
import type { CloudContext } from '../context.js';
import type { Gateway } from '../gateway/index.js';
import { safeDecode } from '../protocol/request.js';
import { ConsoleRequestError } from './http.js';
import type { SentAnswer, SentRequest } from './views.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export async function sendToStage(ctx: CloudContext, gateway: Gateway, apiId: string, stage: string, input: unknown): Promise<SentAnswer> {
  const request = parseSentRequest(input);
  const started = performance.now();
  const rawPath = `/restapis/${apiId}/${encodeURIComponent(stage)}/_user_request_${request.path}`;
  const rawQuery = (request.query ?? '').replace(/^\?/, '');
  const host = `127.0.0.1:${ctx.port}`;
  const headers: Record<string, string> = { host, 'user-agent': 'discovery-cli-console' };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = Buffer.from(request.body ?? '', 'utf8');
  if (body.length > 0) headers['content-length'] = String(body.length);
  const answer = await gateway.handle({
    method: request.method,
    apiId,
    stage,
    path: safeDecode(request.path),
    query: new URLSearchParams(rawQuery),
    headers,
    body,
    rawPath,
    rawQuery,
    host,
    sourceIp: '127.0.0.1',
    rawHeaders: Object.entries(headers).flat(),
  });
  const flatHeaders = Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
  const text = Buffer.isBuffer(answer.body) ? answer.body.toString('utf8') : answer.body;
  return { status: answer.status, headers: flatHeaders, body: text, ms: Math.round((performance.now() - started) * 100) / 100 };
}

function parseSentRequest(input: unknown): SentRequest {
  const value = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const method = typeof value.method === 'string' ? value.method.toUpperCase() : 'GET';
  if (!METHODS.has(method)) throw new ConsoleRequestError(400, 'BadRequest', `Method must be one of ${[...METHODS].join(', ')}.`);
  const path = typeof value.path === 'string' && value.path !== '' ? value.path : '/';
  if (!path.startsWith('/')) throw new ConsoleRequestError(400, 'BadRequest', 'The path must start with "/".');
  const headers: Record<string, string> = {};
  if (value.headers !== undefined) {
    if (typeof value.headers !== 'object' || value.headers === null) throw new ConsoleRequestError(400, 'BadRequest', 'Headers must be an object of strings.');
    for (const [name, v] of Object.entries(value.headers)) {
      if (typeof v !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ConsoleRequestError(400, 'BadRequest', `Header ${name} is not a valid header name with a string value.`);
      if (name.toLowerCase() === 'host') continue; // the data plane is addressed by the console
      headers[name] = v;
    }
  }
  return {
    method,
    path,
    query: typeof value.query === 'string' ? value.query : undefined,
    headers,
    body: typeof value.body === 'string' ? value.body : undefined,
  };
}
