// Authorizers and gateway responses without a server: import of security schemes (never open),
// the authorizer answer's rules and policy evaluation, and the gateway-response defaults.
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../../src/local/apigateway/import/convert.js';
import { parseDocument } from '../../../src/local/apigateway/import/parse.js';
import { effectiveGatewayResponse } from '../../../src/local/apigateway/gateway-response-types.js';
import { newGatewayResponse } from '../../../src/local/apigateway/ops/gateway-responses.js';
import { enforceAuthorizerPolicy, parseAuthorizerResult } from '../../../src/local/gateway/auth/authorizer-result.js';
import { GatewayError } from '../../../src/local/gateway/responses.js';

const convert = (doc: unknown) => convertDocument(parseDocument(Buffer.from(JSON.stringify(doc))), { apiId: 'api0000001', basepath: 'ignore' });
const ARN = 'arn:aws:execute-api:us-east-1:000000000000:api0000001/dev/GET/pets/1';

function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error('expected a throw');
}

describe('authorizer import', () => {
  const doc = (schemes: Record<string, unknown>, security: Record<string, string[]>[]) => ({
    swagger: '2.0', info: { title: 't', version: '1' }, securityDefinitions: schemes,
    paths: { '/p': { get: { security, responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } } },
  });
  const lambda = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:a/invocations';

  it('secures the method with the TOKEN authorizer (identity source from the header name), never NONE', () => {
    const api = convert(doc({ auth: { type: 'apiKey', name: 'Auth', in: 'header', 'x-amazon-apigateway-authtype': 'custom', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: lambda } } }, [{ auth: [] }]));
    expect(api.paths.get('/p')!.GET).toMatchObject({ authorizationType: 'CUSTOM', authorizerName: 'auth' });
    expect(api.authorizers).toEqual([{ name: 'auth', type: 'TOKEN', authType: 'custom', authorizerUri: lambda, identitySource: 'method.request.header.Auth' }]);
    expect(api.warnings).toEqual([]);
  });

  it('imports Cognito schemes as COGNITO_USER_POOLS with their scopes', () => {
    const api = convert(doc({ pool: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:p'] } } }, [{ pool: ['email'] }]));
    expect(api.paths.get('/p')!.GET).toMatchObject({ authorizationType: 'COGNITO_USER_POOLS', authorizationScopes: ['email'] });
  });

  it('refuses an authorizer without a URI', () => {
    expect(() => convert(doc({ auth: { type: 'apiKey', name: 'A', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request' } } }, [{ auth: [] }]))).toThrow(/Unable to create authorizer 'auth'/);
  });
});

describe('authorizer answers', () => {
  const answer = (effect: string, resource: string | string[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ principalId: 'u1', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: 'execute-api:Invoke', Resource: resource }] }, ...extra });

  it('allows with a wildcard resource, denies explicitly or implicitly in AWS words', () => {
    expect(() => enforceAuthorizerPolicy(parseAuthorizerResult(answer('Allow', 'arn:aws:execute-api:us-east-1:000000000000:api0000001/*/GET/*')), ARN)).not.toThrow();
    const deny = thrown(() => enforceAuthorizerPolicy(parseAuthorizerResult(answer('Deny', '*')), ARN));
    expect(deny).toMatchObject({ kind: 'ACCESS_DENIED', message: 'User is not authorized to access this resource with an explicit deny' });
    const other = thrown(() => enforceAuthorizerPolicy(parseAuthorizerResult(answer('Allow', 'arn:aws:execute-api:us-east-1:000000000000:api0000001/dev/POST/*')), ARN));
    expect(other).toMatchObject({ kind: 'ACCESS_DENIED', message: 'User is not authorized to access this resource' });
  });

  it('stringifies context values and refuses objects, a missing principal or policy', () => {
    expect(parseAuthorizerResult(answer('Allow', '*', { context: { n: 1, b: true, s: 'x' } })).context).toEqual({ n: '1', b: 'true', s: 'x' });
    expect(thrown(() => parseAuthorizerResult(answer('Allow', '*', { context: { o: { a: 1 } } }))).kind).toBe('AUTHORIZER_CONFIGURATION_ERROR');
    expect(thrown(() => parseAuthorizerResult('{"policyDocument":{"Statement":[]}}')).kind).toBe('AUTHORIZER_CONFIGURATION_ERROR');
    expect(thrown(() => parseAuthorizerResult('{"principalId":"x"}')).kind).toBe('AUTHORIZER_CONFIGURATION_ERROR');
    expect(thrown(() => parseAuthorizerResult('not json')).kind).toBe('AUTHORIZER_CONFIGURATION_ERROR');
  });
});

describe('gateway response defaults', () => {
  it('answers the recorded defaults and lets default types inherit DEFAULT_5XX', () => {
    expect(effectiveGatewayResponse(undefined, 'MISSING_AUTHENTICATION_TOKEN')).toEqual({
      defaultResponse: true, responseParameters: {}, responseTemplates: { 'application/json': '{"message":$context.error.messageString}' }, responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '403',
    });
    expect(effectiveGatewayResponse(undefined, 'DEFAULT_4XX').statusCode).toBeUndefined();
    const custom = { DEFAULT_5XX: newGatewayResponse('DEFAULT_5XX', '599', { 'gatewayresponse.header.x': "'y'" }, undefined) };
    expect(effectiveGatewayResponse(custom, 'INTEGRATION_FAILURE')).toMatchObject({ defaultResponse: true, statusCode: '599', responseParameters: { 'gatewayresponse.header.x': "'y'" } });
    expect(effectiveGatewayResponse(custom, 'ACCESS_DENIED')).toMatchObject({ defaultResponse: true, statusCode: '403', responseParameters: {} });
    expect(newGatewayResponse('MISSING_AUTHENTICATION_TOKEN', undefined, { a: 'b' }, undefined)).toMatchObject({ statusCode: '403', responseTemplates: { 'application/json': '{"message":$context.error.messageString}' } });
  });
});
