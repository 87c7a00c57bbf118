// API Gateway's execution log: the trace of one request, as TestInvokeMethod returns it (lines
// prefixed by a Java-style date) and as stages with logging on write it to CloudWatch Logs group
// API-Gateway-Execution-Logs_{apiId}/{stage} (lines prefixed by "(requestId) ").
import { createHash } from 'node:crypto';
import type { Stage } from '../apigateway/model.js';
import type { LogsPort } from '../ports.js';
import type { Invocation } from './invocation.js';
import { effectiveMethodSetting, methodSettingKey } from './limits/usage-plans.js';
import type { GatewayError } from './responses.js';
import type { GatewayResponse } from './types.js';

export interface TraceLine {
  text: string;
  /** Request/response data: written only with dataTraceEnabled (TestInvokeMethod always has it). */
  data?: boolean;
  /** Written at loggingLevel ERROR too. */
  error?: boolean;
}

/** {a=1, b=2}, as Java prints a map. */
const javaMap = (values: Record<string, string | string[]>) =>
  `{${Object.entries(values).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`).join(', ')}}`;

/** API Gateway prints its own response headers canonically (Content-Type). */
const canonical = (name: string) => (name.toLowerCase() === 'content-type' ? 'Content-Type' : name);

const bodyText = (body: Buffer | string) => (typeof body === 'string' ? body : body.toString('utf8'));

export function executionTrace(inv: Invocation, response: GatewayResponse, error: GatewayError | undefined, resourcePath = inv.req.path): TraceLine[] {
  const lines: TraceLine[] = [
    { text: `Starting execution for request: ${inv.requestId}` },
    { text: `HTTP Method: ${inv.req.method}, Resource Path: ${resourcePath}` },
    { text: `Method request path: ${javaMap(inv.pathParameters)}`, data: true },
    { text: `Method request query string: ${javaMap(inv.querystring)}`, data: true },
    { text: `Method request headers: ${javaMap(inv.clientHeaders.single)}`, data: true },
    { text: `Method request body before transformations: ${inv.bodyText}`, data: true },
  ];
  if (error) {
    lines.push({ text: `Execution failed: ${error.detail ?? error.message}`, error: true });
    lines.push({ text: `Method completed with status: ${response.status}`, error: true });
    return lines;
  }
  const { 'x-amzn-RequestId': _id, 'x-amz-apigw-id': _apigw, 'content-length': _length, ...headers } = response.headers;
  lines.push(
    { text: `Method response body after transformations: ${bodyText(response.body)}`, data: true },
    { text: `Method response headers: ${javaMap(Object.fromEntries(Object.entries(headers).map(([k, v]) => [canonical(k), v])))}`, data: true },
    { text: 'Successfully completed execution' },
    { text: `Method completed with status: ${response.status}` },
  );
  return lines;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Tue Dec 01 13:55:00 UTC 2026, as java.util.Date prints. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** TestInvokeMethod's `log`: every line, dated, after a heading. */
export function testInvokeLog(requestId: string, lines: TraceLine[], nowMs: number): string {
  const date = javaDate(nowMs);
  return [`Execution log for request ${requestId}`, ...lines.map((l) => `${date} : ${l.text}`), ''].join('\n');
}

/** Writes the trace to the stage's execution log group when its method settings turn logging on. */
/** `trace` is built only when the stage logs this method, so a stage with logging off pays nothing. */
export function writeExecutionLog(logs: LogsPort | undefined, inv: Invocation, stage: Stage, trace: () => TraceLine[], nowMs: number): void {
  if (!logs) return;
  const setting = effectiveMethodSetting(stage, methodSettingKey(inv.resource.path, inv.method.httpMethod));
  const level = (setting.loggingLevel ?? 'OFF').toUpperCase();
  if (level !== 'INFO' && level !== 'ERROR') return;
  const chosen = trace().filter((l) => (level === 'ERROR' ? l.error : !l.data || setting.dataTraceEnabled));
  if (!chosen.length) return;
  // AWS names streams by a 32-hex id; one per stage keeps a stage's lines together.
  const stream = createHash('md5').update(`${inv.api.id}/${stage.stageName}`).digest('hex');
  try {
    logs.append(`API-Gateway-Execution-Logs_${inv.api.id}/${stage.stageName}`, stream, chosen.map((l) => ({ timestamp: nowMs, message: `(${inv.requestId}) ${l.text}` })));
  } catch {
    // Logging never fails the request.
  }
}
