import { describe, expect, it } from 'vitest';
import { logGroupFromArn, renderAccessLogLine } from '../../../src/local/gateway/access-log.js';
import { API_ID, FUNCTION_ARN, buildApiData, fakeLambda, fakeLogs, harness, lambdaIntegration, lambdaUri, ManualClock, mockIntegration } from './gateway-fixtures.js';

const ITEM_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'Item',
  type: 'object',
  properties: { name: { type: 'string' }, price: { type: 'number', minimum: 0, exclusiveMinimum: true } },
  required: ['name', 'price'],
});

const validatedApi = () => buildApiData({
  models: [{ id: 'm1', name: 'Item', contentType: 'application/json', schema: ITEM_SCHEMA }],
  validators: [
    { id: 'v-all', name: 'all', validateRequestBody: true, validateRequestParameters: true },
    { id: 'v-params', name: 'params', validateRequestBody: false, validateRequestParameters: true },
  ],
  paths: {
    '/items': {
      POST: {
        requestValidatorId: 'v-all',
        requestModels: { 'application/json': 'Item' },
        requestParameters: { 'method.request.header.x-tenant': true, 'method.request.querystring.dryRun': false },
        integration: mockIntegration(),
      },
      GET: {
        requestValidatorId: 'v-params',
        requestParameters: { 'method.request.querystring.page': true, 'method.request.querystring.size': true },
        integration: mockIntegration(),
      },
    },
  },
});

describe('request validators', () => {
  it('answers 400 naming the missing required parameters', async () => {
    const gw = harness(validatedApi());
    const res = await gw.send({ path: '/items' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ message: 'Missing required request parameters: [page, size]' });
    expect(res.headers['x-amzn-ErrorType']).toBe('BadRequestException');
    expect((await gw.send({ path: '/items?page=1&size=2' })).status).toBe(200);
  });

  it('answers 400 Invalid request body for a body the draft-04 model rejects', async () => {
    const gw = harness(validatedApi());
    const post = (body: string) => gw.send({ path: '/items', method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 't1' }, body: Buffer.from(body) });
    expect((await post('{"name":"a","price":2}')).status).toBe(200);
    for (const bad of ['{"name":"a"}', '{"name":"a","price":0}', '{"name":1,"price":1}', 'not json']) {
      const res = await post(bad);
      expect(res.status, bad).toBe(400);
      expect(res.text).toBe('{"message": "Invalid request body"}');
    }
  });
});

describe('access logs', () => {
  it('appends one line per request in the stage format to the destination group', async () => {
    const data = buildApiData({
      accessLogSettings: {
        destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:api-access',
        format: '$context.requestId $context.identity.sourceIp $context.httpMethod $context.resourcePath $context.status $context.protocol $context.responseLength $context.requestTime $context.error.messageString',
      },
      paths: { '/items/{id}': { GET: { integration: mockIntegration({ integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"id": "$input.params(\'id\')"}' } } } }) } } },
    });
    const logs = fakeLogs();
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 5, 40, 0));
    const gw = harness(data, { logs, clock });
    const ok = await gw.send({ path: '/items/3', sourceIp: '::ffff:127.0.0.1' });
    const missing = await gw.send({ path: '/nothing' });
    expect(logs.lines.map((l) => l.group)).toEqual(['api-access', 'api-access']);
    expect(logs.lines[0]!.event.message).toBe(`${ok.headers['x-amzn-RequestId']} 127.0.0.1 GET /items/{id} 200 HTTP/1.1 11 21/Nov/2026:05:40:00 +0000 -`);
    expect(logs.lines[0]!.event.timestamp).toBe(clock.now());
    expect(logs.lines[1]!.event.message).toContain(`${missing.headers['x-amzn-RequestId']} 127.0.0.1 GET - 403`);
    expect(logs.lines[1]!.event.message).toContain('"Missing Authentication Token"');
  });

  it('renders absent variables as "-" and reads the group from the ARN', () => {
    expect(renderAccessLogLine('{"ip":"$context.identity.sourceIp","x":"$context.nope"}', { identity: { sourceIp: '1.2.3.4' } })).toBe('{"ip":"1.2.3.4","x":"-"}');
    expect(logGroupFromArn('arn:aws:logs:us-east-1:000000000000:log-group:/aws/apigw/x:*')).toBe('/aws/apigw/x');
  });
});

describe('stage cache', () => {
  it('serves cached answers for the TTL, keyed by resource path and cache key parameters', async () => {
    let n = 0;
    const lambda = fakeLambda({ catalog_service: () => ({ n: ++n }) });
    const data = buildApiData({
      cacheClusterEnabled: true,
      methodSettings: { '*/*': { cachingEnabled: true, cacheTtlInSeconds: 60 } },
      paths: {
        '/items/{id}': {
          GET: {
            integration: lambdaIntegration({
              uri: lambdaUri(FUNCTION_ARN),
              cacheKeyParameters: ['method.request.path.id', 'method.request.querystring.v'],
              requestTemplates: { 'application/json': '{}' },
            }),
          },
        },
      },
    });
    const clock = new ManualClock();
    const gw = harness(data, { lambda, clock });
    const get = async (path: string) => (await gw.send({ path })).json();
    expect(await get('/items/1')).toEqual({ n: 1 });
    expect(await get('/items/1')).toEqual({ n: 1 });
    expect(await get('/items/1?v=2')).toEqual({ n: 2 });
    expect(await get('/items/2')).toEqual({ n: 3 });
    await clock.advance(61_000);
    expect(await get('/items/1')).toEqual({ n: 4 });
    expect(data.restApis[API_ID]!.stages.dev!.cacheClusterEnabled).toBe(true);
  });

  it('keys on the resource path, not the request path: without the id among the cache key parameters every id shares one answer, as on AWS', async () => {
    let n = 0;
    const lambda = fakeLambda({ catalog_service: () => ({ n: ++n }) });
    const data = buildApiData({
      cacheClusterEnabled: true,
      methodSettings: { '*/*': { cachingEnabled: true, cacheTtlInSeconds: 60 } },
      paths: { '/items/{id}': { GET: { integration: lambdaIntegration({ uri: lambdaUri(FUNCTION_ARN), requestTemplates: { 'application/json': '{}' } }) } } },
    });
    const gw = harness(data, { lambda, clock: new ManualClock() });
    expect(await (await gw.send({ path: '/items/1' })).json()).toEqual({ n: 1 });
    expect(await (await gw.send({ path: '/items/2' })).json()).toEqual({ n: 1 });
  });
});
