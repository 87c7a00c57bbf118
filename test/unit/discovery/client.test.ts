// The discovery client against a catalog served by a local HTTP server started here: caching,
// stale-if-error, typed errors, and SigV4 signatures recomputed independently with botocore.
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CatalogAuthorizationError,
  CatalogRequestError,
  CatalogUnavailableError,
  createDiscoveryClient,
  ServiceNotFoundError,
  type DiscoveryClient,
} from '../../../src/discovery/index.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
let received: Received[] = [];
let mode: 'ok' | 'error500' = 'ok';
let nowMs = 0;
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret/Key+1', sessionToken: 'token-1' };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (mode === 'error500') return send(500, { message: 'Internal server error' });
      // An older catalog: it ignores query strings (?instances=all), answering the series' lookup.
      const path = req.url!.replace(/^\/dev/, '').replace(/\?.*$/, '');
      if (req.method === 'GET' && path === '/catalog/hello_world/1.0') return send(200, { endpoint_url: `${base}/svc/hello`, ttl: 60, status: 'healthy' });
      if (req.method === 'GET' && path === '/catalog/hello_world/latest') return send(200, { service_name: 'hello_world', service_version: '1.0', endpoint_url: `${base}/svc/hello`, ttl: 60, status: 'healthy' });
      if (req.method === 'GET' && path === '/catalog') return send(200, { services: [{ service_name: 'hello_world', versions: [{ service_version: '1.0', endpoint_url: 'u', ttl: 60, status: 'expired', registered_at: 1, lease_expires_at: 2 }] }] });
      if (req.method === 'GET' && path === '/svc/hello') return send(200, { message: 'Hello World' });
      if (req.method === 'POST' && path === '/catalog/register') {
        if (!req.headers.authorization) return send(403, { message: 'Missing Authentication Token' });
        if (!JSON.parse(body).endpoint_url) return send(400, { message: 'Invalid request body' });
        return send(201, {});
      }
      if (req.method === 'POST' && path === '/catalog/deregister') return send(201, {});
      return send(404, { error_message: 'Service Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  mode = 'ok';
  nowMs = 1_000_000;
});

const client = (overrides: Partial<Parameters<typeof createDiscoveryClient>[0]> = {}): DiscoveryClient =>
  createDiscoveryClient({ catalogUrl: `${base}/dev/`, region: 'eu-west-1', credentials, clock: { now: () => nowMs }, ...overrides });

const lookups = () => received.filter((r) => r.url.startsWith('/dev/catalog/hello_world/1.0')).length;

describe('lookup', () => {
  it('caches an answer for its ttl: a cached hit makes no HTTP call', async () => {
    const discovery = client();
    const first = await discovery.lookup('hello_world', '1.0');
    expect(first).toMatchObject({ endpointUrl: `${base}/svc/hello`, ttl: 60, status: 'healthy', cached: false, stale: false });
    nowMs += 59_000;
    expect(await discovery.lookup('hello_world', '1.0')).toMatchObject({ cached: true, stale: false });
    expect(lookups()).toBe(1);
    nowMs += 1_000; // the ttl has run out
    expect(await discovery.lookup('hello_world', '1.0')).toMatchObject({ cached: false });
    expect(lookups()).toBe(2);
  });

  it('serves the stale answer, saying so, when the catalog answers 5xx', async () => {
    const discovery = client();
    await discovery.lookup('hello_world', '1.0');
    nowMs += 120_000;
    mode = 'error500';
    const stale = await discovery.lookup('hello_world', '1.0');
    expect(stale).toMatchObject({ endpointUrl: `${base}/svc/hello`, stale: true, cached: true, fetchedAt: 1_000_000 });
    expect(lookups()).toBe(2);
  });

  it('serves the stale answer when the catalog is unreachable, and fails typed when nothing is cached', async () => {
    const closed = await closedPortUrl();
    let unreachable = false;
    // The catalog "goes away": from then on its requests go to a port where nothing listens.
    const discovery = client({ fetch: (input, init) => fetch(unreachable ? String(input).replace(`${base}/dev`, closed) : input, init) });
    await discovery.lookup('hello_world', '1.0');
    unreachable = true;
    nowMs += 120_000;
    expect(await discovery.lookup('hello_world', '1.0')).toMatchObject({ stale: true, endpointUrl: `${base}/svc/hello` });
    await expect(discovery.lookup('hello_world', '2.0')).rejects.toSatisfy(
      (err: unknown) => err instanceof CatalogUnavailableError && err.status === undefined && /ECONNREFUSED/.test(err.message),
    );
  });

  it('does not serve stale answers when staleIfError is off', async () => {
    const discovery = client({ staleIfError: false });
    await discovery.lookup('hello_world', '1.0');
    nowMs += 120_000;
    mode = 'error500';
    await expect(discovery.lookup('hello_world', '1.0')).rejects.toMatchObject({ name: 'CatalogUnavailableError', status: 500 });
  });

  it('answers ServiceNotFoundError for a 404 and drops what was cached', async () => {
    const discovery = client();
    await expect(discovery.lookup('ghost', '9.9')).rejects.toBeInstanceOf(ServiceNotFoundError);
    await expect(discovery.lookup('ghost', '9.9')).rejects.toThrow(/"ghost" version "9.9" is not registered/);
  });
});

describe('register and deregister', () => {
  it('signs with SigV4 for execute-api; botocore recomputes the same signature', async () => {
    await client().register({ serviceName: 'hello_world', serviceVersion: '1.0', endpointUrl: 'https://e/hello', ttl: 300, status: 'healthy' });
    const request = received.at(-1)!;
    expect(request.method).toBe('POST');
    expect(JSON.parse(request.body)).toEqual({ service_name: 'hello_world', service_version: '1.0', endpoint_url: 'https://e/hello', ttl: 300, status: 'healthy' });
    const authorization = String(request.headers.authorization);
    expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    expect(request.headers['x-amz-security-token']).toBe('token-1');
    expect(await botocoreSignature(request, credentials.secretAccessKey)).toBe(/Signature=([0-9a-f]+)/.exec(authorization)![1]);
    expect(await botocoreSignature(request, 'wrong-secret')).not.toBe(/Signature=([0-9a-f]+)/.exec(authorization)![1]);
  });

  it('reads credentials from a provider before each signed request', async () => {
    let calls = 0;
    const discovery = client({ credentials: async () => ({ accessKeyId: `AK${++calls}`, secretAccessKey: 's' }) });
    await discovery.deregister('hello_world', '1.0');
    await discovery.deregister('hello_world', '1.0');
    expect(received.map((r) => /Credential=(AK\d)/.exec(String(r.headers.authorization))?.[1])).toEqual(['AK1', 'AK2']);
    expect(JSON.parse(received[0]!.body)).toEqual({ service_name: 'hello_world', service_version: '1.0' });
  });

  it('turns 403 and 400 into typed errors with the catalog message', async () => {
    const unsigned = createDiscoveryClient({ catalogUrl: `${base}/dev`, credentials, fetch: (input, init) => fetch(input, { ...init, headers: { 'content-type': 'application/json' } }) });
    await expect(unsigned.register({ serviceName: 'a', serviceVersion: '1', endpointUrl: 'u', ttl: 1, status: 'healthy' })).rejects.toSatisfy(
      (err: unknown) => err instanceof CatalogAuthorizationError && /Missing Authentication Token/.test(err.message),
    );
    await expect(client().register({ serviceName: 'a', serviceVersion: '1', endpointUrl: '', ttl: 1, status: 'healthy' })).rejects.toSatisfy(
      (err: unknown) => err instanceof CatalogRequestError && err.status === 400 && /Invalid request body/.test(err.message),
    );
  });

  it('registering drops the cached answer for that version', async () => {
    const discovery = client();
    await discovery.lookup('hello_world', '1.0');
    await discovery.register({ serviceName: 'hello_world', serviceVersion: '1.0', endpointUrl: 'https://e/hello', ttl: 300, status: 'healthy' });
    await discovery.lookup('hello_world', '1.0');
    expect(lookups()).toBe(2);
  });
});

describe('listing, latest and call', () => {
  it('maps the listing and latest to camelCase', async () => {
    expect(await client().services()).toEqual([{ serviceName: 'hello_world', versions: [{ serviceVersion: '1.0', endpointUrl: 'u', ttl: 60, status: 'expired', registeredAt: 1, leaseExpiresAt: 2 }] }]);
    expect(await client().latest('hello_world')).toMatchObject({ serviceVersion: '1.0', status: 'healthy' });
  });

  it('call looks up then fetches the endpoint (twice: one lookup)', async () => {
    const discovery = client();
    for (let i = 0; i < 2; i++) {
      const res = await discovery.call('hello_world', '1.0');
      expect(await res.json()).toEqual({ message: 'Hello World' });
    }
    expect(lookups()).toBe(1);
    expect(received.filter((r) => r.url === '/svc/hello')).toHaveLength(2);
  });
});

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/dev`;
}

/** The signature botocore computes for the request as received (same date and signed headers). */
async function botocoreSignature(request: Received, secret: string): Promise<string> {
  const script = `
import json, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
r = json.load(sys.stdin)
signed = r['signed']
headers = {k: v for k, v in r['headers'].items() if k in signed}
req = AWSRequest(method=r['method'], url=r['url'], data=r['body'].encode(), headers=headers)
req.context['timestamp'] = r['headers']['x-amz-date']
auth = SigV4Auth(Credentials('AKIDTEST', r['secret'], r['headers'].get('x-amz-security-token')), 'execute-api', 'eu-west-1')
canonical = auth.canonical_request(req)
print(auth.signature(auth.string_to_sign(req, canonical), req))
`;
  const signed = /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))![1]!.split(';');
  const input = JSON.stringify({ method: request.method, url: `${base}${request.url}`, headers: request.headers, body: request.body, signed, secret });
  const child = promisify(execFile)('python3', ['-c', script]);
  child.child.stdin!.end(input);
  const { stdout } = await child;
  return stdout.trim();
}
