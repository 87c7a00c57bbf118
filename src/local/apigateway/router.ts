// The REST routes of the API Gateway control plane: HTTP method + URI template -> operation.
import { parseJsonBody } from '../protocol/render.js';
import type { AwsRequest } from '../protocol/request.js';
import { safeDecode } from '../protocol/request.js';

export interface OpRequest {
  req: AwsRequest;
  /** URI labels, decoded: restapi_id, resource_id, ... */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body (empty object when there is none). */
  json(): Record<string, unknown>;
}

export interface OpReply {
  status?: number;
  /** Serialized as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type OpHandler = (request: OpRequest) => OpReply | Promise<OpReply>;

export interface Route {
  method: string;
  segments: string[];
  operation: string;
  handler: OpHandler;
}

export const route = (method: string, template: string, operation: string, handler: OpHandler): Route => ({
  method,
  segments: template.split('/').filter(Boolean),
  operation,
  handler,
});

export interface RouteMatch {
  route: Route;
  request: OpRequest;
}

export function matchRoute(routes: Route[], req: AwsRequest): RouteMatch | undefined {
  const raw = req.rawPath.split('/').filter(Boolean);
  const segments = raw.map(safeDecode);
  // Tag ARNs contain "/"; a client that does not percent-encode them still reaches GetTags & co.
  if (segments[0] === 'tags' && segments.length > 2) segments.splice(1, segments.length - 1, segments.slice(1).join('/'));
  for (const candidate of routes) {
    if (candidate.method !== req.method || candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = candidate.segments.every((part, i) => {
      const label = /^\{(.+)\}$/.exec(part);
      if (label) {
        params[label[1]!] = segments[i]!;
        return true;
      }
      return part === segments[i];
    });
    if (!fits) continue;
    let parsed: Record<string, unknown> | undefined;
    return {
      route: candidate,
      request: {
        req,
        params,
        query: req.query,
        json: () => (parsed ??= parseJsonBody<Record<string, unknown>>(req.body)),
      },
    };
  }
  return undefined;
}

/** limit/position paging as API Gateway's Get* lists do; position is the next index. */
export function page<T>(items: T[], query: URLSearchParams): { item: T[]; position?: string } {
  const start = Number(query.get('position') ?? 0) || 0;
  const asked = Number(query.get('limit') ?? 500) || 500;
  // A limit below 1 is ignored, as on AWS.
  const limit = asked < 1 ? 500 : Math.min(asked, 500);
  const item = items.slice(start, start + limit);
  const next = start + limit;
  return next < items.length ? { item, position: String(next) } : { item };
}
