// Lambda TOKEN and REQUEST authorizers, Cognito methods and gateway responses on the real local
// cloud: the API is imported from Swagger (securityDefinitions + security), requests go over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIGatewayClient, CreateAuthorizerCommand, CreateDeploymentCommand, DeleteAuthorizerCommand, GetAuthorizerCommand, GetAuthorizersCommand,
  GetGatewayResponseCommand, GetGatewayResponsesCommand, GetMethodCommand, GetResourcesCommand, ImportRestApiCommand, PutGatewayResponseCommand,
  UpdateAuthorizerCommand, UpdateGatewayResponseCommand, DeleteGatewayResponseCommand, GetExportCommand, TestInvokeAuthorizerCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { ManualClock } from '../../../src/local/clock.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createGatewayFunction, createLambdaRole, failure } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

/** Answers by token: allow / deny / unauthorized / malformed; the nonce shows whether it ran again. */
const TOKEN_AUTHORIZER = makeZip({
  'index.js': `exports.handler = async (event) => {
    const token = event.authorizationToken;
    if (token === 'unauthorized') throw new Error('Unauthorized');
    if (token === 'malformed') return { hello: 'world' };
    const effect = token.startsWith('allow') ? 'Allow' : 'Deny';
    return {
      principalId: 'user|' + token,
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn.split('/').slice(0, 2).join('/') + '/*' }] },
      context: { user: 'alice', admin: true, nonce: String(Math.random()), type: event.type },
    };
  };`,
});

/** Allows tenant "acme" only; echoes what it was given in the context. */
const REQUEST_AUTHORIZER = makeZip({
  'index.js': `exports.handler = async (event) => ({
    principalId: event.headers['X-User'],
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.queryStringParameters.tenant === 'acme' ? 'Allow' : 'Deny', Resource: event.methodArn }] },
    context: { tenant: event.queryStringParameters.tenant, type: event.type, resource: event.resource, stage: event.requestContext.stage },
  });`,
});

const PROXY = makeZip({
  'index.js': `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer) });`,
});

const lambdaUri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

const MOCK_ECHO = {
  type: 'mock',
  requestTemplates: { 'application/json': '{"statusCode": 200}' },
  responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"principal":"$context.authorizer.principalId","user":"$context.authorizer.user","admin":"$context.authorizer.admin","nonce":"$context.authorizer.nonce","tenant":"$context.authorizer.tenant","type":"$context.authorizer.type"}' } } },
};

function swagger(tokenArn: string, requestArn: string, proxyArn: string) {
  return {
    swagger: '2.0',
    info: { title: 'authorizers', version: '1' },
    securityDefinitions: {
      token: {
        type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: lambdaUri(tokenArn), authorizerResultTtlInSeconds: 60, identityValidationExpression: '(allow|deny|unauthorized|malformed).*' },
      },
      request: {
        type: 'apiKey', name: 'Unused', in: 'header', 'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: lambdaUri(requestArn), identitySource: 'method.request.header.X-User, method.request.querystring.tenant', authorizerResultTtlInSeconds: 0 },
      },
      pool: {
        type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc'] },
      },
    },
    'x-amazon-apigateway-gateway-responses': {
      ACCESS_DENIED: {
        statusCode: 403,
        responseParameters: { 'gatewayresponse.header.x-why': "'denied'", 'gatewayresponse.header.x-user': 'method.request.header.Authorization' },
        responseTemplates: { 'application/json': '{"reason":$context.error.messageString,"type":"$context.error.responseType","stage":"$context.stage"}' },
      },
    },
    paths: {
      '/token': { get: { security: [{ token: [] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': MOCK_ECHO } },
      '/token/other': { get: { security: [{ token: [] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': MOCK_ECHO } },
      '/request': { get: { security: [{ request: [] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': MOCK_ECHO } },
      '/request/proxy': { get: { security: [{ request: [] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: lambdaUri(proxyArn) } } },
      '/cognito': { get: { security: [{ pool: ['email'] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': MOCK_ECHO } },
    },
  };
}

describe('Lambda and Cognito authorizers, gateway responses', () => {
  const clock = new ManualClock(Date.now());
  let cloud: TestCloud;
  let apigw: APIGatewayClient;
  let apiId = '';

  beforeAll(async () => {
    cloud = await startTestCloud({ clock, faults: { lambdaStateDelayMs: 0 } });
    apigw = new APIGatewayClient(cloud.clientConfig);
    const role = await createLambdaRole(cloud, 'authorizers-e2e');
    const make = (name: string, zip: Uint8Array) => createGatewayFunction(cloud, role, name, zip);
    const [tokenArn, requestArn, proxyArn] = [await make('token-auth', TOKEN_AUTHORIZER), await make('request-auth', REQUEST_AUTHORIZER), await make('echo-proxy', PROXY)];
    const imported = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(swagger(tokenArn, requestArn, proxyArn))), failOnWarnings: true }));
    apiId = imported.id!;
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
  }, 60_000);
  afterAll(() => cloud?.dispose());

  const url = (path: string) => `${cloud.url}/restapis/${apiId}/dev/_user_request_${path}`;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url(path), { headers });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('imports the authorizers and secures the methods with them (never open)', async () => {
    const { items } = await apigw.send(new GetAuthorizersCommand({ restApiId: apiId }));
    const byName = Object.fromEntries((items ?? []).map((a) => [a.name, a]));
    expect(byName.token).toMatchObject({ type: 'TOKEN', authType: 'custom', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60 });
    expect(byName.request).toMatchObject({ type: 'REQUEST', identitySource: 'method.request.header.X-User, method.request.querystring.tenant' });
    expect(byName.pool).toMatchObject({ type: 'COGNITO_USER_POOLS', authType: 'cognito_user_pools', identitySource: 'method.request.header.Authorization' });
    const resources = (await apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items!;
    const method = async (path: string) => apigw.send(new GetMethodCommand({ restApiId: apiId, resourceId: resources.find((r) => r.path === path)!.id!, httpMethod: 'GET' }));
    expect(await method('/token')).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: byName.token!.id });
    expect(await method('/cognito')).toMatchObject({ authorizationType: 'COGNITO_USER_POOLS', authorizerId: byName.pool!.id, authorizationScopes: ['email'] });
  });

  it('TOKEN: 401 without a token or with one the expression rejects, 401 when the function says Unauthorized', async () => {
    const none = await get('/token');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toEqual({ message: 'Unauthorized' });
    expect(none.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect((await get('/token', { Authorization: 'nope' })).status).toBe(401);
    const refused = await get('/token', { Authorization: 'unauthorized' });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toEqual({ message: 'Unauthorized' });
  });

  it('TOKEN: 403 when the policy denies (through the customised ACCESS_DENIED response), 200 with the context when it allows', async () => {
    const denied = await get('/token', { Authorization: 'deny-me' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-why')).toBe('denied');
    expect(denied.headers.get('x-user')).toBe('deny-me');
    expect(JSON.parse(denied.text)).toEqual({ reason: 'User is not authorized to access this resource with an explicit deny', type: 'ACCESS_DENIED', stage: 'dev' });

    const allowed = await get('/token', { Authorization: 'allow-1' });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text)).toMatchObject({ principal: 'user|allow-1', user: 'alice', admin: 'true', type: 'TOKEN' });
  });

  it('TOKEN: 500 {"message": null} when the authorizer answers something that is not a policy', async () => {
    const res = await get('/token', { Authorization: 'malformed' });
    expect(res.status).toBe(500);
    expect(res.text).toBe('{"message": null}');
    expect(res.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
  });

  it('caches the answer per token for authorizerResultTtlInSeconds, on the injected clock', async () => {
    const first = JSON.parse((await get('/token', { Authorization: 'allow-cache' })).text).nonce;
    // The cached policy (Resource API/*) also covers another method with the same token.
    const again = JSON.parse((await get('/token/other', { Authorization: 'allow-cache' })).text).nonce;
    expect(again).toBe(first);
    await clock.advance(59_000);
    expect(JSON.parse((await get('/token', { Authorization: 'allow-cache' })).text).nonce).toBe(first);
    await clock.advance(1_000);
    expect(JSON.parse((await get('/token', { Authorization: 'allow-cache' })).text).nonce).not.toBe(first);
  });

  it('REQUEST: 401 when an identity source is missing, 403 when denied, 200 with the context (template and proxy event)', async () => {
    expect((await get('/request?tenant=acme')).status).toBe(401);
    expect((await get('/request', { 'X-User': 'bob' })).status).toBe(401);
    expect((await get('/request?tenant=evil', { 'X-User': 'bob' })).status).toBe(403);
    const ok = await get('/request?tenant=acme', { 'X-User': 'bob' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ principal: 'bob', tenant: 'acme', type: 'REQUEST' });
    const proxied = await get('/request/proxy?tenant=acme', { 'X-User': 'carol' });
    expect(proxied.status).toBe(200);
    expect(JSON.parse(proxied.text)).toMatchObject({ principalId: 'carol', tenant: 'acme', type: 'REQUEST', resource: '/request/proxy', stage: 'dev' });
  });

  it('answers 401 on a Cognito method whatever the token: Cognito is not emulated', async () => {
    expect((await get('/cognito')).status).toBe(401);
    const withToken = await get('/cognito', { Authorization: 'eyJhbGciOiJIUzI1NiJ9.e30.x' });
    expect(withToken.status).toBe(401);
    expect(JSON.parse(withToken.text)).toEqual({ message: 'Unauthorized' });
  });

  it('CreateAuthorizer / Get / Update / Delete answer as AWS does', async () => {
    const created = await apigw.send(new CreateAuthorizerCommand({
      restApiId: apiId, name: 'lambda_authorizer', type: 'TOKEN', authType: 'custom', identitySource: 'method.request.header.Auth',
      authorizerUri: lambdaUri('arn:aws:lambda:us-east-1:000000000000:function:token-auth'),
    }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.authorizerResultTtlInSeconds).toBeUndefined();
    const updated = await apigw.send(new UpdateAuthorizerCommand({ restApiId: apiId, authorizerId: created.id!, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '0' }] }));
    expect(updated.authorizerResultTtlInSeconds).toBe(0);
    expect((await apigw.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: created.id! }))).name).toBe('lambda_authorizer');
    await apigw.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: created.id! }));
    expect(await failure(apigw.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: created.id! })))).toMatchObject({ name: 'NotFoundException', status: 404 });
    const root = (await apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === '/')!;
    expect(await failure(apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: root.id!, httpMethod: 'DELETE', authorizationType: 'CUSTOM', authorizerId: created.id! })))).toMatchObject({
      name: 'BadRequestException', message: 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
    });
    expect(await failure(apigw.send(new CreateAuthorizerCommand({ restApiId: 'test-fake-rest-id', name: 'x', type: 'TOKEN' })))).toMatchObject({
      name: 'ConflictException', message: 'Unable to complete operation due to concurrent modification. Please try again later.',
    });
    expect(await failure(apigw.send(new GetAuthorizersCommand({ restApiId: 'test-fake-rest-id' })))).toMatchObject({
      name: 'NotFoundException', message: `Invalid API identifier specified ${cloud.ctx.accountId}:test-fake-rest-id`,
    });
  });

  it('lists the default gateway responses, customises one, and the data plane answers with it after a redeploy', async () => {
    const { items } = await apigw.send(new GetGatewayResponsesCommand({ restApiId: apiId }));
    expect(items).toHaveLength(21);
    expect(items!.find((i) => i.responseType === 'UNAUTHORIZED')).toEqual({
      defaultResponse: true, responseParameters: {}, responseTemplates: { 'application/json': '{"message":$context.error.messageString}' }, responseType: 'UNAUTHORIZED', statusCode: '401',
    });
    expect(items!.find((i) => i.responseType === 'ACCESS_DENIED')).toMatchObject({ defaultResponse: false, statusCode: '403' });

    const put = await apigw.send(new PutGatewayResponseCommand({
      restApiId: apiId, responseType: 'DEFAULT_4XX', statusCode: '418',
      responseParameters: { 'gatewayresponse.header.x-kind': "'teapot'" },
      responseTemplates: { 'application/json': '{"oops":$context.error.messageString,"type":"$context.error.responseType"}' },
    }));
    expect(put).toMatchObject({ defaultResponse: false, statusCode: '418', responseType: 'DEFAULT_4XX' });
    // Default 4xx types inherit the customised DEFAULT_4XX.
    expect(await apigw.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'UNAUTHORIZED' }))).toMatchObject({ defaultResponse: true, statusCode: '418' });
    const patched = await apigw.send(new UpdateGatewayResponseCommand({ restApiId: apiId, responseType: 'DEFAULT_4XX', patchOperations: [{ op: 'replace', path: '/statusCode', value: '444' }] }));
    expect(patched.statusCode).toBe('444');
    expect(await failure(apigw.send(new UpdateGatewayResponseCommand({ restApiId: apiId, responseType: 'DEFAULT_4XX', patchOperations: [{ op: 'add', path: '/statusCode', value: '1' }] })))).toMatchObject({
      name: 'BadRequestException', message: 'Invalid patch path /statusCode',
    });
    expect(await failure(apigw.send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: 'THROTTLED' })))).toMatchObject({
      name: 'NotFoundException', message: 'Gateway response type not defined on api',
    });

    expect((await get('/token')).status).toBe(401); // the stage still serves the previous deployment
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    const res = await get('/token');
    expect(res.status).toBe(444);
    expect(res.headers.get('x-kind')).toBe('teapot');
    expect(JSON.parse(res.text)).toEqual({ oops: 'Unauthorized', type: 'UNAUTHORIZED' });
    const missing = await get('/nowhere');
    expect(missing.status).toBe(444);
    expect(JSON.parse(missing.text)).toEqual({ oops: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN' });
  });

  it('exports the authorizers and gateway responses so that a re-import secures the methods again', async () => {
    const exported = await apigw.send(new GetExportCommand({ restApiId: apiId, stageName: 'dev', exportType: 'swagger', parameters: { extensions: 'apigateway' } }));
    const doc = JSON.parse(Buffer.from(exported.body!).toString('utf8'));
    expect(doc.paths['/token'].get.security).toEqual([{ token: [] }]);
    expect(doc.securityDefinitions.token['x-amazon-apigateway-authorizer']).toMatchObject({ type: 'token', authorizerResultTtlInSeconds: 60 });
    expect(doc['x-amazon-apigateway-gateway-responses'].ACCESS_DENIED).toMatchObject({ statusCode: '403' });
    const again = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }));
    const resources = (await apigw.send(new GetResourcesCommand({ restApiId: again.id! }))).items!;
    const method = await apigw.send(new GetMethodCommand({ restApiId: again.id!, resourceId: resources.find((r) => r.path === '/cognito')!.id!, httpMethod: 'GET' }));
    expect(method).toMatchObject({ authorizationType: 'COGNITO_USER_POOLS', authorizationScopes: ['email'] });
  });

  it('TestInvokeAuthorizer runs the authorizer once and reports principal, policy and client status', async () => {
    const { items } = await apigw.send(new GetAuthorizersCommand({ restApiId: apiId }));
    const token = items!.find((a) => a.name === 'token')!;
    const ok = await apigw.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: token.id!, headers: { Authorization: 'allow-test' } }));
    expect(ok.clientStatus).toBe(200);
    expect(ok.principalId).toBe('user|allow-test');
    expect(JSON.parse(ok.policy!).Statement[0]).toMatchObject({ Effect: 'Allow', Action: 'execute-api:Invoke' });
    expect(ok.log).toMatch(/^Execution log for request /);
    expect((await apigw.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: token.id!, headers: {} }))).clientStatus).toBe(401);
    expect((await apigw.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: token.id!, headers: { Authorization: 'malformed' } }))).clientStatus).toBe(500);
  });
});
