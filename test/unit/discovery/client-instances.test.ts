// The client over several instances: balancing (weighted random, round robin), retrying the next
// instance on a connection error or 5xx within the budget, unhealthy instances only as a last
// resort (with a warning), the instance cache with stale-if-error, and changes since a revision.
// The catalog and the instances are local HTTP servers started here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscoveryClient, ServiceCallError, type DiscoveryClientOptions } from '../../../src/discovery/index.js';

let catalog: Server;
let services: Server;
let catalogBase: string;
let serviceBase: string;
let deadBase: string;
let instances: Record<string, unknown>[] = [];
let catalogDown = false;
let catalogGets = 0;
let served: string[] = [];
let nowMs = 0;

beforeAll(async () => {
  catalog = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (catalogDown) return void res.writeHead(502).end('{"message":"Bad gateway"}');
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/dev/catalog/svc/1.0' && url.searchParams.get('instances') === 'all') {
      catalogGets++;
      const first = instances[0] as { endpoint_url: string; status: string } | undefined;
      if (!first) return void res.writeHead(404).end('{"error_message":"Service Not Found"}');
      return void res.end(JSON.stringify({ endpoint_url: first.endpoint_url, ttl: 60, status: first.status, revision: 7, instances }));
    }
    if (url.pathname === '/dev/catalog/svc' && url.searchParams.has('since')) {
      const since = Number(url.searchParams.get('since'));
      const all = [
        { service_version: '1.0', instance_id: 'a', endpoint_url: 'u', ttl: 1, status: 'healthy', weight: 1, metadata: {}, lease_expires_at: 5, revision: 3, checked_at: null },
        { service_version: '1.0', instance_id: 'b', endpoint_url: 'u', ttl: 1, status: 'deregistered', weight: 1, metadata: {}, lease_expires_at: 5, revision: 5, checked_at: 4 },
      ].filter((c) => c.revision > since);
      return void res.end(JSON.stringify({ service_name: 'svc', since, revision: Math.max(since, ...all.map((c) => c.revision)), changes: all }));
    }
    res.writeHead(404).end('{"error_message":"Service Not Found"}');
  });
  services = createServer((req, res) => {
    served.push(req.url!);
    if (req.url!.startsWith('/broken')) return void res.writeHead(503).end('down');
    res.end(`hello from ${req.url}`);
  });
  await Promise.all([catalog, services].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()))));
  catalogBase = `http://127.0.0.1:${(catalog.address() as AddressInfo).port}/dev`;
  serviceBase = `http://127.0.0.1:${(services.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  deadBase = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await Promise.all([catalog, services].map((s) => new Promise((resolve) => s.close(resolve))));
});
beforeEach(() => {
  catalogDown = false;
  catalogGets = 0;
  served = [];
  nowMs = 1_000_000;
});

const inst = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ instance_id: id, endpoint_url: url, ttl: 60, status: 'healthy', weight: 1, metadata: {}, ...extra });
const client = (options: Partial<DiscoveryClientOptions> = {}) =>
  createDiscoveryClient({ catalogUrl: catalogBase, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, clock: { now: () => nowMs }, onWarning: () => {}, ...options });
const body = async (res: Response) => res.text();

describe('instances and balancing', () => {
  it('maps every instance with its attributes, and caches them for the shortest ttl', async () => {
    instances = [inst('a', `${serviceBase}/a`, { weight: 2, zone: 'z1', metadata: { k: 'v' }, ttl: 10 }), inst('b', `${serviceBase}/b`)];
    const discovery = client();
    const found = await discovery.instances('svc', '1.0');
    expect(found).toMatchObject({ revision: 7, cached: false, instances: [
      { instanceId: 'a', endpointUrl: `${serviceBase}/a`, weight: 2, zone: 'z1', metadata: { k: 'v' }, ttl: 10, status: 'healthy' },
      { instanceId: 'b', weight: 1, metadata: {} },
    ] });
    nowMs += 9_000;
    expect(await discovery.instances('svc', '1.0')).toMatchObject({ cached: true });
    nowMs += 1_000;
    expect(await discovery.instances('svc', '1.0')).toMatchObject({ cached: false });
    expect(catalogGets).toBe(2);
  });

  it('round robin takes each healthy instance in turn', async () => {
    instances = [inst('a', `${serviceBase}/a`), inst('b', `${serviceBase}/b`), inst('c', `${serviceBase}/c`)];
    const discovery = client({ balancing: 'round-robin' });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await body(await discovery.call('svc', '1.0')));
    expect(answers).toEqual(['hello from /a', 'hello from /b', 'hello from /c', 'hello from /a']);
  });

  it('weighted random sends calls in proportion to the weights (injected random)', async () => {
    instances = [inst('a', `${serviceBase}/a`, { weight: 1 }), inst('b', `${serviceBase}/b`, { weight: 3 }), inst('idle', `${serviceBase}/idle`, { weight: 0 })];
    const draws = [0.1, 0.3, 0.6, 0.9];
    let i = 0;
    const discovery = client({ random: () => draws[i++ % draws.length]! });
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push(await body(await discovery.call('svc', '1.0')));
    // Total weight 4: a covers [0, 1), b covers [1, 4); draws * 4 = 0.4, 1.2, 2.4, 3.6.
    expect(answers).toEqual(['hello from /a', 'hello from /b', 'hello from /b', 'hello from /b']);
  });
});

describe('routing around failure', () => {
  it('retries the next instance on a connection error and on a 5xx', async () => {
    instances = [inst('a', `${deadBase}/a`), inst('b', `${serviceBase}/broken`), inst('c', `${serviceBase}/c`)];
    const discovery = client({ balancing: 'round-robin' });
    const res = await discovery.call('svc', '1.0');
    expect(await body(res)).toBe('hello from /c');
    expect(served).toEqual(['/broken', '/c']);
  });

  it('stops at the retry budget: the last 5xx comes back, a connection error throws', async () => {
    instances = [inst('a', `${serviceBase}/broken-a`), inst('b', `${serviceBase}/broken-b`), inst('c', `${serviceBase}/c`)];
    const res = await client({ balancing: 'round-robin', maxRetries: 1 }).call('svc', '1.0');
    expect(res.status).toBe(503);
    expect(served).toEqual(['/broken-a', '/broken-b']);
    instances = [inst('a', `${deadBase}/a`), inst('b', `${deadBase}/b`)];
    const failure = await client({ balancing: 'round-robin' }).call('svc', '1.0').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ServiceCallError);
    expect((failure as ServiceCallError).attempts).toBe(2);
  });

  it('never calls an unhealthy instance while a healthy one exists; with none healthy it calls one and says so', async () => {
    instances = [inst('a', `${serviceBase}/sick`, { status: 'unhealthy' }), inst('b', `${serviceBase}/b`)];
    const warnings: string[] = [];
    const discovery = client({ balancing: 'round-robin', onWarning: (m) => warnings.push(m) });
    for (let i = 0; i < 3; i++) expect(await body(await discovery.call('svc', '1.0'))).toBe('hello from /b');
    expect(warnings).toEqual([]);
    instances = [inst('a', `${serviceBase}/sick`, { status: 'unhealthy' })];
    discovery.clearCache();
    expect(await body(await discovery.call('svc', '1.0'))).toBe('hello from /sick');
    expect(warnings).toEqual([expect.stringMatching(/svc 1\.0 has no healthy instance.*a: unhealthy/)]);
  });

  it('serves the cached instances, saying they are stale, when the catalog fails', async () => {
    instances = [inst('a', `${serviceBase}/a`)];
    const discovery = client();
    await discovery.instances('svc', '1.0');
    catalogDown = true;
    nowMs += 120_000;
    expect(await discovery.instances('svc', '1.0')).toMatchObject({ stale: true, instances: [{ instanceId: 'a' }] });
    expect(await body(await discovery.call('svc', '1.0'))).toBe('hello from /a');
  });
});

describe('changes since a revision', () => {
  it('a client holding revision R gets only the changes after R', async () => {
    const discovery = client();
    const all = await discovery.changes('svc', 0);
    expect(all.changes.map((c) => c.instanceId)).toEqual(['a', 'b']);
    expect(all.revision).toBe(5);
    const after = await discovery.changes('svc', 3);
    expect(after).toMatchObject({ since: 3, revision: 5, changes: [{ instanceId: 'b', status: 'deregistered', revision: 5, checkedAt: 4 }] });
    expect((await discovery.changes('svc', 5)).changes).toEqual([]);
  });

  it('follow keeps a local copy current from the changes alone; deregistered instances leave it', async () => {
    const followed = client().follow('svc');
    expect((await followed.refresh()).map((c) => c.instanceId)).toEqual(['a', 'b']);
    expect(followed.revision).toBe(5);
    expect(followed.instances('1.0').map((i) => i.instanceId)).toEqual(['a']);
    expect(await followed.refresh()).toEqual([]);
    expect(followed.instances().map((i) => i.instanceId)).toEqual(['a']);
  });
});

describe('a kept-alive socket the catalog closed', () => {
  const closed = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

  it('a GET is sent once more; a signed POST is not', async () => {
    instances = [inst('a', `${serviceBase}/a`)];
    const sent: string[] = [];
    let failNext = true;
    const discovery = client({
      fetch: async (input, init) => {
        sent.push(`${init?.method} ${new URL(String(input)).pathname}`);
        if (failNext) {
          failNext = false;
          throw closed();
        }
        return fetch(input, init);
      },
    });
    expect(await discovery.instances('svc', '1.0')).toMatchObject({ instances: [{ instanceId: 'a' }] });
    expect(sent).toEqual(['GET /dev/catalog/svc/1.0', 'GET /dev/catalog/svc/1.0']);
    failNext = true;
    await expect(discovery.register({ serviceName: 'svc', serviceVersion: '1.0', endpointUrl: 'u', ttl: 1, status: 'healthy' })).rejects.toThrow(/unavailable \(UND_ERR_SOCKET\)/);
    expect(sent.slice(2)).toEqual(['POST /dev/catalog/register']);
  });
});
