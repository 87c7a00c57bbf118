import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiData, harness, mockIntegration } from './gateway-fixtures.js';

describe('MOCK integration', () => {
  const data = buildApiData({
    paths: {
      '/items': {
        OPTIONS: {
          integration: mockIntegration({
            integrationResponses: {
              '200': {
                statusCode: '200',
                responseParameters: {
                  'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'",
                  'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'",
                  'method.response.header.Access-Control-Allow-Origin': "'*'",
                },
                responseTemplates: { 'application/json': '' },
              },
            },
          }),
        },
        GET: {
          integration: mockIntegration({
            requestTemplates: { 'application/json': '#if($input.params(\'fail\') == "yes"){"statusCode": 500}#else{"statusCode": 200}#end' },
            integrationResponses: {
              '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } },
              '500': { statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: { 'application/json': '{"ok": false}' } },
            },
          }),
        },
      },
    },
  });

  it('answers a CORS preflight with the response parameters as headers', async () => {
    const res = await harness(data).send({ path: '/items', method: 'OPTIONS', headers: { origin: 'http://example.test' } });
    expect(res.status).toBe(200);
    expect(res.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(res.headers['Access-Control-Allow-Methods']).toBe('GET,OPTIONS');
    expect(res.headers['Access-Control-Allow-Headers']).toBe('Content-Type,X-Amz-Date,Authorization,X-Api-Key');
    expect(res.text).toBe('');
  });

  it('selects the integration response by the status the request template renders', async () => {
    const gw = harness(data);
    const ok = await gw.send({ path: '/items' });
    expect([ok.status, ok.json()]).toEqual([200, { ok: true }]);
    const failed = await gw.send({ path: '/items?fail=yes' });
    expect([failed.status, failed.json()]).toEqual([500, { ok: false }]);
  });
});

describe('HTTP and HTTP_PROXY integrations (loopback backend)', () => {
  let backend: Server;
  let base = '';
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];
  beforeAll(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        const status = req.url?.includes('missing') ? 404 : 200;
        res.writeHead(status, { 'content-type': 'application/json', 'x-backend': 'yes' });
        res.end(JSON.stringify({ url: req.url, status }));
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => backend.close(() => r())));

  it('proxies method, path, query, headers and body, and returns the backend answer as is', async () => {
    const data = buildApiData({
      paths: {
        '/api/{proxy+}': {
          ANY: {
            integration: {
              type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${base}/backend/{proxy}`,
              requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
            },
          },
        },
      },
    });
    const res = await harness(data).send({ path: '/api/a/b?q=1', method: 'POST', headers: { 'content-type': 'text/plain', 'x-custom': 'c' }, body: Buffer.from('hello') });
    expect(res.status).toBe(200);
    expect(res.headers['x-backend']).toBe('yes');
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/backend/a/b?q=1', body: 'hello' });
    expect(last.headers['x-custom']).toBe('c');
  });

  it('maps a non-proxy HTTP answer through integration responses selected by status', async () => {
    const data = buildApiData({
      paths: {
        '/things/{id}': {
          GET: {
            integration: {
              type: 'HTTP', httpMethod: 'GET', uri: `${base}/things/{id}`,
              integrationResponses: {
                '200': { statusCode: '200', responseTemplates: { 'application/json': '{"from": "$input.path(\'$.url\')"}' }, responseParameters: { 'method.response.header.X-From': 'integration.response.header.x-backend' } },
                '404': { statusCode: '404', selectionPattern: '404', responseTemplates: { 'application/json': '{"message": "no such thing"}' } },
              },
            },
          },
        },
      },
    });
    const gw = harness(data);
    const ok = await gw.send({ path: '/things/7' });
    expect(ok.json()).toEqual({ from: '/things/7' });
    expect(ok.headers['X-From']).toBe('yes');
    const missing = await gw.send({ path: '/things/missing' });
    expect([missing.status, missing.json()]).toEqual([404, { message: 'no such thing' }]);
  });

  it('answers 500 when the backend cannot be reached', async () => {
    const data = buildApiData({ paths: { '/down': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://127.0.0.1:1/' } } } } });
    const res = await harness(data).send({ path: '/down' });
    expect(res.status).toBe(500);
  });
});
