import { describe, expect, it } from 'vitest';
import { route } from '../../../src/local/gateway/router.js';
import { buildApiData, harness, mockIntegration, API_ID } from './gateway-fixtures.js';

const echoPath = (name: string) => mockIntegration({
  integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': `{"route":"${name}","params":"$input.params().path"}` } } },
});

const data = buildApiData({
  paths: {
    '/items': { GET: { integration: echoPath('items') } },
    '/items/special': { GET: { integration: echoPath('special') } },
    '/items/{id}': { GET: { integration: echoPath('item') }, DELETE: { integration: echoPath('delete') } },
    '/items/{id}/parts/{part}': { ANY: { integration: echoPath('part') } },
    '/files/{proxy+}': { ANY: { integration: echoPath('files') } },
    '/{proxy+}': { GET: { integration: echoPath('catchall') } },
  },
});
const resources = data.restApis[API_ID]!.deployments.d1!.snapshot.resources;

describe('gateway routing', () => {
  it('prefers a literal segment over a path parameter', () => {
    expect(route(resources, '/items/special', 'GET')?.resource.path).toBe('/items/special');
    const param = route(resources, '/items/42', 'GET');
    expect(param?.resource.path).toBe('/items/{id}');
    expect(param?.pathParameters).toEqual({ id: '42' });
  });

  it('falls back to ANY when the method is not defined', () => {
    const m = route(resources, '/items/7/parts/wheel', 'PATCH');
    expect(m?.method.httpMethod).toBe('ANY');
    expect(m?.pathParameters).toEqual({ id: '7', part: 'wheel' });
  });

  it('lets {proxy+} take one or more segments, greedily, after literals and params failed', () => {
    expect(route(resources, '/files/a/b/c.txt', 'GET')?.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
    // /files exists (parent of /files/{proxy+}) without methods: the resource matches, no method does.
    expect(route(resources, '/files', 'GET')).toBeUndefined();
    expect(route(resources, '/other/x', 'GET')?.resource.path).toBe('/{proxy+}');
    expect(route(resources, '/items/1/2', 'GET')?.resource.path).toBe('/{proxy+}');
    expect(route(resources, '/items/1/2', 'GET')?.pathParameters).toEqual({ proxy: 'items/1/2' });
  });

  it('answers 403 Missing Authentication Token for unknown routes, stages, APIs and methods', async () => {
    const gw = harness(data);
    for (const req of [
      { path: '/items', method: 'POST' },
      { path: '/items', stage: 'prod' },
      { path: '/items', apiId: 'nope' },
      { path: '/items/1', method: 'PUT' },
    ]) {
      const res = await gw.send(req);
      expect(res.status, JSON.stringify(req)).toBe(403);
      expect(res.text).toBe('{"message":"Missing Authentication Token"}');
      expect(res.headers['x-amzn-ErrorType']).toBe('MissingAuthenticationTokenException');
      expect(res.headers['x-amzn-RequestId']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('serves the method found, with its path parameters', async () => {
    const gw = harness(data);
    const res = await gw.send({ path: '/items/99', method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ route: 'delete', params: '{id=99}' });
  });

  it('serves the deployment snapshot, not the live resources', async () => {
    const fresh = buildApiData({ paths: { '/items': { GET: { integration: echoPath('items') } } } });
    const api = fresh.restApis[API_ID]!;
    // A change after deployment must not show until redeployed.
    const live = Object.values(api.resources).find((r) => r.path === '/items')!;
    live.resourceMethods.POST = { httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false, methodIntegration: echoPath('new') };
    const res = await harness(fresh).send({ path: '/items', method: 'POST' });
    expect(res.status).toBe(403);
  });
});
