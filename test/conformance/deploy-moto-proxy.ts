// A proxy in front of moto_server for the deploy engine's conformance tests. It does two things:
// - records every call (service and operation), since moto keeps no call log: "a redeploy with
//   no change makes zero write calls" is then checked on the wire;
// - fills one moto deviation the engine cannot deploy without. moto 5.2.1 routes API Gateway's
//   `/tags/<arn>` to stages only (a REST API ARN gets an HTML 404; GetTags does not exist) and a
//   REST API carries no tags but those of CreateRestApi. AWS tags REST APIs, and the engine keeps
//   its project/stage tags and its definition hash there. The proxy keeps tags of REST API ARNs
//   the way API Gateway does and shows them in GetRestApis/GetRestApi.
// Every other request goes to moto untouched.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  /** The SigV4 credential scope's service: iam, lambda, apigateway, dynamodb, logs, sts... */
  service: string;
  /** The operation (X-Amz-Target or Action), or "METHOD /path" for REST protocols. */
  operation: string;
  write: boolean;
}

export interface MotoProxy {
  url: string;
  /** Calls since the last clear, in arrival order. */
  calls(): Call[];
  clearCalls(): void;
  /** REST API ids whose tags the proxy serves (to show the deviation was exercised). */
  taggedApis(): string[];
  stop(): Promise<void>;
}

const REST_API_ARN = /^arn:[^:]+:apigateway:[^:]+::\/restapis\/([^/]+)$/;

export async function startMotoProxy(motoUrl: string): Promise<MotoProxy> {
  const upstream = new URL(motoUrl);
  const tagsByApi = new Map<string, Record<string, string>>();
  let calls: Call[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (!url.pathname.startsWith('/moto-api')) calls.push(describeCall(req, url, body));
    const tagged = url.pathname.startsWith('/tags/') ? REST_API_ARN.exec(decodeURIComponent(url.pathname.slice('/tags/'.length))) : null;
    if (tagged) {
      const id = tagged[1]!;
      const tags = tagsByApi.get(id) ?? {};
      if (req.method === 'PUT' || req.method === 'POST') {
        Object.assign(tags, (JSON.parse(body.toString('utf8') || '{}') as { tags?: Record<string, string> }).tags ?? {});
        tagsByApi.set(id, tags);
        return send(res, 204, '');
      }
      if (req.method === 'DELETE') {
        for (const key of url.searchParams.getAll('tagKeys')) delete tags[key];
        return send(res, 204, '');
      }
      return send(res, 200, JSON.stringify({ tags }));
    }
    const forwarded = await forward(upstream, req, body);
    const apiPath = /^\/restapis(?:\/([^/]+))?$/.exec(url.pathname);
    if (req.method === 'GET' && apiPath && forwarded.status === 200) {
      const doc = JSON.parse(forwarded.body.toString('utf8')) as Record<string, unknown>;
      const withTags = (api: Record<string, unknown>) => {
        const kept = tagsByApi.get(String(api.id));
        if (kept) api.tags = { ...(api.tags as Record<string, string> | undefined), ...kept };
      };
      if (apiPath[1]) withTags(doc);
      else for (const api of (doc.item ?? doc.items ?? []) as Record<string, unknown>[]) withTags(api);
      return send(res, 200, JSON.stringify(doc), forwarded.headers);
    }
    res.writeHead(forwarded.status, forwarded.headers);
    res.end(forwarded.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 502, JSON.stringify({ message: `moto proxy: ${String(err)}` })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    taggedApis: () => [...tagsByApi.keys()],
    calls: () => [...calls],
    clearCalls: () => {
      calls = [];
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function describeCall(req: IncomingMessage, url: URL, body: Buffer): Call {
  const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  const service = scope?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  const action = String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')
    ? new URLSearchParams(body.toString('utf8')).get('Action') ?? url.searchParams.get('Action')
    : url.searchParams.get('Action');
  const named = typeof target === 'string' ? target.split('.').pop()! : action;
  if (named) return { service, operation: named, write: !/^(Get|List|Describe)/.test(named) };
  const method = req.method ?? 'GET';
  return { service, operation: `${method} ${decodeURIComponent(url.pathname)}`, write: method !== 'GET' && method !== 'HEAD' };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Forwarded {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const kept: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') kept[k] = v;
        resolve({ status: res.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string | string[]> = { 'content-type': 'application/json' }): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
