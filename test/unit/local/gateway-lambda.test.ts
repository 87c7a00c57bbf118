import { describe, expect, it, vi } from 'vitest';
import { API_ID, FUNCTION_ARN, buildApiData, fakeLambda, harness, lambdaIntegration, lambdaUri } from './gateway-fixtures.js';

const SEED_001_TEMPLATE = "{\"service_name\": \"$input.params('serviceName')\",\"service_version\": \"$input.params('serviceVersion')\"}";

function catalog(event: unknown) {
  const { service_name: name } = event as { service_name: string };
  if (name === 'missing') throw Object.assign(new Error(`NotFound: no service ${name}`), { name: 'ServiceNotFound' });
  if (name === 'boom') throw new Error('something else broke');
  return { endpoint_url: 'notarealurl', ttl: '300', status: 'healthy' };
}

const seedApi = (extra: { deny?: boolean } = {}) => {
  const data = buildApiData({
    variables: { alias: 'live' },
    paths: {
      '/catalog/{serviceName}/{serviceVersion}': {
        GET: {
          integration: lambdaIntegration({
            uri: lambdaUri(`${FUNCTION_ARN}:\${stageVariables.alias}`),
            requestTemplates: { 'application/json': SEED_001_TEMPLATE },
            integrationResponses: {
              '200': { statusCode: '200' },
              '404': {
                statusCode: '404',
                selectionPattern: '.*NotFound.*',
                responseTemplates: { 'application/json': '{"error_message":"Service Not Found"}' },
                responseParameters: { 'method.response.header.X-Error-Type': 'integration.response.body.errorType', 'method.response.header.X-Static': "'yes'" },
              },
            },
          }),
        },
      },
    },
  });
  const lambda = fakeLambda({ catalog_service: catalog }, extra.deny ? ['catalog_service'] : []);
  return { gw: harness(data, { lambda }), lambda };
};

describe('AWS (Lambda, non-proxy) integration', () => {
  it('renders the seed 001 request template, invokes the aliased function and passes its result through', async () => {
    const { gw, lambda } = seedApi();
    const res = await gw.send({ path: '/catalog/testservice1/1.0' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ endpoint_url: 'notarealurl', ttl: '300', status: 'healthy' });
    expect(lambda.calls[0]!.event).toEqual({ service_name: 'testservice1', service_version: '1.0' });
    expect(lambda.calls[0]!.functionRef).toBe(FUNCTION_ARN);
    expect(lambda.calls[0]!.qualifier).toBe('live');
    expect(lambda.calls[0]!.options?.caller).toEqual({
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:us-east-1:000000000000:${API_ID}/dev/GET/catalog/testservice1/1.0`,
    });
  });

  it('selects the integration response whose selectionPattern matches the whole errorMessage', async () => {
    const { gw } = seedApi();
    const res = await gw.send({ path: '/catalog/missing/1.0' });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error_message: 'Service Not Found' });
    expect(res.headers['X-Error-Type']).toBe('ServiceNotFound');
    expect(res.headers['X-Static']).toBe('yes');
  });

  it('falls back to the default response for an error no pattern matches', async () => {
    const { gw } = seedApi();
    const res = await gw.send({ path: '/catalog/boom/1.0' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ errorMessage: 'something else broke' });
  });

  it('answers 500 when the function policy does not allow API Gateway', async () => {
    const { gw } = seedApi({ deny: true });
    const res = await gw.send({ path: '/catalog/testservice1/1.0' });
    expect(res.status).toBe(500);
    expect(res.text).toBe('{"message": "Internal server error"}');
    expect(res.headers['x-amzn-ErrorType']).toBe('InternalServerErrorException');
    expect(String(res.headers['x-local-cloud-detail'])).toContain('add-permission');
  });

  it('answers 500 when the error matches nothing and there is no default response', async () => {
    const data = buildApiData({
      paths: { '/x': { POST: { integration: lambdaIntegration({ integrationResponses: { '400': { statusCode: '400', selectionPattern: 'Bad.*' } } }) } } },
    });
    const gw = harness(data, { lambda: fakeLambda({ catalog_service: () => { throw new Error('Other'); } }) });
    const res = await gw.send({ path: '/x', method: 'POST', body: Buffer.from('{}') });
    expect(res.status).toBe(500);
    const bad = harness(data, { lambda: fakeLambda({ catalog_service: () => { throw new Error('Bad input'); } }) });
    expect((await bad.send({ path: '/x', method: 'POST', body: Buffer.from('{}') })).status).toBe(400);
  });

  it('invokes asynchronously when X-Amz-Invocation-Type is mapped to Event', async () => {
    const data = buildApiData({
      paths: { '/async': { POST: { integration: lambdaIntegration({ requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" } }) } } },
    });
    const lambda = fakeLambda({ catalog_service: () => null });
    await harness(data, { lambda }).send({ path: '/async', method: 'POST', body: Buffer.from('{}') });
    expect(lambda.calls[0]!.options?.invocationType).toBe('Event');
  });

  it('honours passthroughBehavior: NEVER answers 415 for a content type without template', async () => {
    const data = buildApiData({
      paths: {
        '/never': { POST: { integration: lambdaIntegration({ passthroughBehavior: 'NEVER', requestTemplates: { 'application/json': '$input.json(\'$\')' } }) } },
        '/pass': { POST: { integration: lambdaIntegration({ requestTemplates: { 'application/json': '{"wrapped": $input.json(\'$\')}' } }) } },
        '/notemplates': { POST: { integration: lambdaIntegration({ passthroughBehavior: 'WHEN_NO_TEMPLATES', requestTemplates: { 'application/json': '{}' } }) } },
      },
    });
    const lambda = fakeLambda({ catalog_service: (event) => ({ got: event }) });
    const gw = harness(data, { lambda });
    const never = await gw.send({ path: '/never', method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from('"x"') });
    expect(never.status).toBe(415);
    expect(never.json()).toEqual({ message: 'Unsupported Media Type' });
    const passed = await gw.send({ path: '/pass', method: 'POST', headers: { 'content-type': 'application/x-other' }, body: Buffer.from('{"raw":1}') });
    expect(passed.json()).toEqual({ got: { raw: 1 } });
    const mapped = await gw.send({ path: '/pass', method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from('{"raw":1}') });
    expect(mapped.json()).toEqual({ got: { wrapped: { raw: 1 } } });
    expect((await gw.send({ path: '/notemplates', method: 'POST', headers: { 'content-type': 'text/csv' }, body: Buffer.from('a,b') })).status).toBe(415);
  });
});

describe('integration timeout', () => {
  it('answers 504 Endpoint request timed out when Lambda outlives timeoutInMillis', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const data = buildApiData({ paths: { '/slow': { GET: { integration: lambdaIntegration({ timeoutInMillis: 1000 }) } } } });
      const gw = harness(data, { lambda: fakeLambda({ catalog_service: () => new Promise(() => {}) }) });
      const pending = gw.send({ path: '/slow' });
      await vi.advanceTimersByTimeAsync(1001);
      const res = await pending;
      expect(res.status).toBe(504);
      expect(res.text).toBe('{"message": "Endpoint request timed out"}');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('AWS_PROXY integration', () => {
  const proxyApi = (handler: (event: unknown) => unknown) => {
    const data = buildApiData({
      variables: { env: 'test' },
      paths: { '/pets/{id}': { ANY: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri(FUNCTION_ARN) } } } },
    });
    const lambda = fakeLambda({ catalog_service: handler });
    return { gw: harness(data, { lambda }), lambda };
  };

  it('sends the REST v1 proxy event', async () => {
    const { gw, lambda } = proxyApi(() => ({ statusCode: 201, headers: { 'X-One': 'a' }, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] }, body: 'made' }));
    const res = await gw.send({ path: '/pets/5?tag=x&tag=y&one=1', method: 'PUT', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: Buffer.from('{"n":1}') });
    expect(res.status).toBe(201);
    expect(res.text).toBe('made');
    expect(res.headers['X-One']).toBe('a');
    expect(res.headers['Set-Cookie']).toEqual(['a=1', 'b=2']);
    const event = lambda.calls[0]!.event as Record<string, unknown>;
    expect(event).toMatchObject({
      resource: '/pets/{id}',
      path: '/pets/5',
      httpMethod: 'PUT',
      queryStringParameters: { tag: 'y', one: '1' },
      multiValueQueryStringParameters: { tag: ['x', 'y'], one: ['1'] },
      pathParameters: { id: '5' },
      stageVariables: { env: 'test' },
      body: '{"n":1}',
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(event.multiValueHeaders).toMatchObject({ 'content-type': ['application/json'] });
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000', apiId: API_ID, stage: 'dev', resourcePath: '/pets/{id}', httpMethod: 'PUT', path: '/dev/pets/5',
      identity: { sourceIp: '127.0.0.1', userAgent: 'vitest' },
    });
    expect(typeof (event.requestContext as { requestTimeEpoch: unknown }).requestTimeEpoch).toBe('number');
    expect((event.requestContext as { requestId: string }).requestId).toBe(res.headers['x-amzn-RequestId']);
  });

  it('keeps the client\'s header letter case and repeated headers in the event', async () => {
    const { gw, lambda } = proxyApi(() => ({ statusCode: 204 }));
    const rawHeaders = ['Host', '127.0.0.1:4577', 'Content-Type', 'text/plain', 'X-Multi', 'a', 'x-multi', 'b'];
    const res = await gw.send({ path: '/pets/1', headers: { 'content-type': 'text/plain', 'x-multi': 'a, b' }, rawHeaders });
    expect(res.status).toBe(204);
    const event = lambda.calls[0]!.event as { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> };
    expect(event.headers).toEqual({ Host: '127.0.0.1:4577', 'Content-Type': 'text/plain', 'X-Multi': 'a,b' });
    expect(event.multiValueHeaders['X-Multi']).toEqual(['a', 'b']);
  });

  it('writes standard headers in their canonical case, as AWS does, and keeps others as sent', async () => {
    const { gw, lambda } = proxyApi(() => ({ statusCode: 204 }));
    const rawHeaders = ['host', '127.0.0.1:4577', 'authorization', 'random-value', 'tEsT-HEADeR', 'aValUE'];
    await gw.send({ path: '/pets/1', headers: { host: '127.0.0.1:4577', authorization: 'random-value', 'test-header': 'aValUE' }, rawHeaders });
    const event = lambda.calls[0]!.event as { headers: Record<string, string> };
    expect(event.headers).toEqual({ Host: '127.0.0.1:4577', Authorization: 'random-value', 'tEsT-HEADeR': 'aValUE' });
  });

  it('gives null for absent body, query and path parameters on GET', async () => {
    const { gw, lambda } = proxyApi(() => ({ statusCode: 200, body: JSON.stringify({ ok: true }), isBase64Encoded: false }));
    const res = await gw.send({ path: '/pets/1' });
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['content-type']).toBe('application/json');
    expect(lambda.calls[0]!.event).toMatchObject({ body: null, queryStringParameters: null, multiValueQueryStringParameters: null });
  });

  it('passes a base64 body through as text when the API has no binary media types (AWS recorded)', async () => {
    const encoded = Buffer.from('binary!').toString('base64');
    const { gw } = proxyApi(() => ({ statusCode: 200, body: encoded, isBase64Encoded: true }));
    expect((await gw.send({ path: '/pets/1' })).text).toBe(encoded);
  });

  it('answers 200 for a response with headers and no statusCode (AWS recorded)', async () => {
    const { gw } = proxyApi(() => ({ headers: { 'test-header': 'value' } }));
    const res = await gw.send({ path: '/pets/1' });
    expect(res.status).toBe(200);
    expect(res.headers['test-header']).toBe('value');
  });

  it.each([
    ['not JSON', 'RAW:this is not json'],
    ['body not a string', { statusCode: 200, body: { a: 1 } }],
    ['an unexpected field', { statusCode: 200, body: 'x', extra: true }],
  ])('answers 502 for a malformed response: %s', async (_, result) => {
    const { gw } = proxyApi(() => result);
    const res = await gw.send({ path: '/pets/1' });
    expect(res.status).toBe(502);
    expect(res.text).toBe('{"message": "Internal server error"}');
    expect(String(res.headers['x-local-cloud-detail'])).toContain('Malformed Lambda proxy response');
  });

  it('answers 502 when the function fails', async () => {
    const { gw } = proxyApi(() => {
      throw new Error('kaput');
    });
    expect((await gw.send({ path: '/pets/1' })).status).toBe(502);
  });
});
