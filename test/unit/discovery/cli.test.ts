// The discovery commands run in process (commander), against a catalog served by a local HTTP
// server, and the locator reading a deploy state file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
// The program exactly as bin/discovery-cli.js builds it, so program-level options clash here as they would there.
import { buildProgram } from '../../../src/cli/program.js';
import { catalogFromState, locateCatalog } from '../../../src/discovery/locate.js';

let server: Server;
let base: string;
let requests: { method: string; url: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/dev/catalog/sick/1.0?instances=all') {
        return send(200, { endpoint_url: `${base}/hello`, ttl: 300, status: 'unhealthy', revision: 2, instances: [{ instance_id: 'default', endpoint_url: `${base}/hello`, ttl: 300, status: 'unhealthy', weight: 1, metadata: {} }] });
      }
      // The series' lookup; ?instances=all answered by a catalog that predates instances.
      if (req.url!.replace(/\?.*$/, '') === '/dev/catalog/hello_world/1.0') return send(200, { endpoint_url: `${base}/hello`, ttl: 300, status: 'healthy' });
      if (req.url === '/hello') return send(200, { message: 'Hello World' });
      if (req.url === '/dev/catalog') return send(200, { services: [{ service_name: 'hello_world', versions: [{ service_version: '1.0', endpoint_url: `${base}/hello`, ttl: 300, status: 'healthy' }] }] });
      if (req.method === 'POST') return send(201, {});
      return send(404, { error_message: 'Service Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'discovery-locate-'));
  tempDirs.push(dir);
  return dir;
};

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  requests = [];
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<string> {
  const program = buildProgram();
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'discovery-cli', ...args, '--catalog-url', `${base}/dev`, '--region', 'us-east-1']);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('discovery commands', () => {
  it('lookup prints the endpoint, and --json the CatalogServiceModel', async () => {
    expect(await run('lookup', 'hello_world', '1.0')).toBe(`hello_world 1.0 -> ${base}/hello (healthy, ttl 300s)\n`);
    expect(JSON.parse(await run('lookup', 'hello_world', '1.0', '--json'))).toEqual({
      service_name: 'hello_world', service_version: '1.0', endpoint_url: `${base}/hello`, ttl: 300, status: 'healthy',
    });
  });

  it('lookup of an unknown service fails with ServiceNotFoundError', async () => {
    await expect(run('lookup', 'ghost', '1.0')).rejects.toThrow(/"ghost" version "1.0" is not registered/);
  });

  it('call --method --data --path sends that request to the looked-up endpoint', async () => {
    const answer = JSON.parse(await run('call', 'hello_world', '1.0', '--method', 'post', '--path', '/orders', '--data', '{"n":1}', '--json'));
    expect(answer).toMatchObject({ status: 201 });
    const sent = requests.find((r) => r.url === '/hello/orders');
    expect(sent).toMatchObject({ method: 'POST', body: '{"n":1}' });
  });

  it('call prints the service answer', async () => {
    expect(JSON.parse(await run('call', 'hello_world', '1.0'))).toEqual({ message: 'Hello World' });
    expect(requests.map((r) => r.url)).toEqual(['/dev/catalog/hello_world/1.0?instances=all', '/hello']);
  });

  it('call warns on stderr before calling a service with no healthy instance', async () => {
    const order: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      order.push(`stderr ${String(chunk)}`);
      return true;
    });
    try {
      expect(JSON.parse(await run('call', 'sick', '1.0'))).toEqual({ message: 'Hello World' });
    } finally {
      spy.mockRestore();
    }
    expect(order).toEqual([expect.stringMatching(/^stderr warning: sick 1\.0 has no healthy instance in the catalog; calling its only instance anyway \(default: unhealthy\)/)]);
    // The warning came before the call reached the service.
    expect(requests.map((r) => r.url)).toEqual(['/dev/catalog/sick/1.0?instances=all', '/hello']);
  });

  it('register and deregister send signed bodies', async () => {
    const env = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDCLI';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    try {
      await run('register', '--name', 'svc', '--version', '2.0', '--url', 'https://svc/x', '--ttl', '60', '--status', 'unhealthy');
      await run('deregister', 'svc', '2.0');
    } finally {
      process.env = env;
    }
    expect(requests.map((r) => [r.url, JSON.parse(r.body)])).toEqual([
      ['/dev/catalog/register', { service_name: 'svc', service_version: '2.0', endpoint_url: 'https://svc/x', ttl: 60, status: 'unhealthy' }],
      ['/dev/catalog/deregister', { service_name: 'svc', service_version: '2.0' }],
    ]);
    expect(requests.every((r) => /Credential=AKIDCLI\/\d{8}\/us-east-1\/execute-api\//.test(r.authorization ?? ''))).toBe(true);
  });

  it('register and deregister one instance with its attributes; lookup --instances lists them', async () => {
    const env = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDCLI';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    try {
      await run('register', '--name', 'svc', '--version', '2.0', '--url', 'https://b/x', '--instance-id', 'b', '--weight', '3', '--zone', 'z1', '--health-url', 'https://b/health');
      await run('deregister', 'svc', '2.0', '--instance-id', 'b');
    } finally {
      process.env = env;
    }
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      { service_name: 'svc', service_version: '2.0', endpoint_url: 'https://b/x', ttl: 300, status: 'healthy', instance_id: 'b', weight: 3, zone: 'z1', health_url: 'https://b/health' },
      { service_name: 'svc', service_version: '2.0', instance_id: 'b' },
    ]);
    expect(await run('lookup', 'sick', '1.0', '--instances')).toBe(`sick 1.0 -> ${base}/hello (unhealthy, ttl 300s), revision 2:\n  default unhealthy weight 1 ${base}/hello\n`);
  });

  it('register refuses a ttl that is not a whole number', async () => {
    await expect(run('register', '--name', 'a', '--version', '1', '--url', 'u', '--ttl', 'soon')).rejects.toThrow(/ttl must be a non-negative integer/);
    expect(requests).toEqual([]);
  });

  it('services lists name, version, status and URL', async () => {
    expect(await run('services')).toBe(`hello_world 1.0 healthy ${base}/hello\n`);
    expect(JSON.parse(await run('services', '--json'))).toEqual({ services: [{ service_name: 'hello_world', versions: [{ service_version: '1.0', endpoint_url: `${base}/hello`, ttl: 300, status: 'healthy', registered_at: null, lease_expires_at: null }] }] });
  });
});

describe('locating the catalog', () => {
  it('reads the catalog API id (or URL) from the state file', () => {
    const engineState = { version: 1, resources: { 'restApi:catalog': { kind: 'restApi', outputs: { id: 'abc123' } }, 'restApi:hello': { kind: 'restApi', outputs: { id: 'zzz' } } } };
    expect(catalogFromState(engineState, 'discovery-dev-catalog', (id) => `url-of-${id}`)).toBe('url-of-abc123');
    expect(catalogFromState({ apis: [{ name: 'discovery-dev-catalog', stageUrl: 'https://x/dev' }] }, 'discovery-dev-catalog', (id) => id)).toBe('https://x/dev');
    expect(catalogFromState({ resources: {} }, 'discovery-dev-catalog', (id) => id)).toBeUndefined();
  });

  it('with no target named, uses the target and region the stage was deployed to', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'discovery.config.json'), JSON.stringify({ project: 'demo', functions: {} }));
    mkdirSync(join(dir, '.discovery'));
    writeFileSync(join(dir, '.discovery', 'dev.json'), JSON.stringify({
      version: 1, region: 'eu-west-1', target: 'http://127.0.0.1:4577', resources: { 'restApi:catalog': { kind: 'restApi', outputs: { id: 'cat1' } } },
    }));
    const located = await locateCatalog({ config: join(dir, 'discovery.config.json'), stage: 'dev', env: {} });
    expect(located).toMatchObject({ catalogUrl: 'http://127.0.0.1:4577/restapis/cat1/dev/_user_request_', region: 'eu-west-1', source: 'state' });
  });

  it('builds the local URL from the state of a local deploy and uses the local credentials', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'discovery.config.json'), JSON.stringify({ project: 'demo', functions: {} }));
    mkdirSync(join(dir, '.discovery'));
    writeFileSync(join(dir, '.discovery', 'qa.json'), JSON.stringify({ version: 1, resources: { 'restApi:catalog': { kind: 'restApi', outputs: { id: 'abc123' } } } }));
    const located = await locateCatalog({ config: join(dir, 'discovery.config.json'), stage: 'qa', endpointUrl: 'http://127.0.0.1:4999', env: {} });
    expect(located).toMatchObject({ catalogUrl: 'http://127.0.0.1:4999/restapis/abc123/qa/_user_request_', region: 'us-east-1', source: 'state', credentials: { accessKeyId: 'test' } });
  });
});
