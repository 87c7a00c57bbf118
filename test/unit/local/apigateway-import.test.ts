// Document -> API Gateway objects, without a server: conversion rules, base paths, merge/overwrite.
import { describe, expect, it } from 'vitest';
import { applyBasePath, basePathMode } from '../../../src/local/apigateway/import/basepath.js';
import { applyImport } from '../../../src/local/apigateway/import/apply.js';
import { checkResourcePath, convertDocument } from '../../../src/local/apigateway/import/convert.js';
import { parseDocument } from '../../../src/local/apigateway/import/parse.js';
import type { RestApi } from '../../../src/local/apigateway/model.js';

const convert = (doc: unknown, basepath: 'ignore' | 'prepend' | 'split' = 'ignore') =>
  convertDocument(parseDocument(Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc))), { apiId: 'api0000001', basepath });

const mock = { type: 'MOCK' };
const ok = { '200': { description: 'ok' } };

function emptyApi(): RestApi {
  return {
    id: 'api0000001', name: 'x', createdDate: 0, apiKeySource: 'HEADER', endpointConfiguration: { types: ['EDGE'] }, tags: {},
    rootResourceId: 'root000000', resources: { root000000: { id: 'root000000', path: '/', resourceMethods: {} } },
    models: {}, requestValidators: {}, deployments: {}, stages: {},
  };
}

describe('import conversion', () => {
  it('validates resource paths as API Gateway does', () => {
    expect(checkResourcePath('/')).toBeUndefined();
    expect(checkResourcePath('/a/{b}/{proxy+}')).toBeUndefined();
    expect(checkResourcePath('/a.b_c-d:e~f')).toBeUndefined();
    expect(checkResourcePath('a')).toContain('must start with "/"');
    expect(checkResourcePath('/a//b')).toContain('empty segment');
    expect(checkResourcePath('/a/')).toContain('empty segment');
    expect(checkResourcePath('/a b')).toContain("path part 'a b' is invalid");
    expect(checkResourcePath('/{a')).toContain('invalid');
    expect(checkResourcePath('/{proxy+}/x')).toContain('greedy');
  });

  it('applies basepath modes', () => {
    expect(applyBasePath('/pets', '/v1/api', 'ignore')).toBe('/pets');
    expect(applyBasePath('/pets', '/v1/api', 'prepend')).toBe('/v1/api/pets');
    expect(applyBasePath('/pets', '/v1/api', 'split')).toBe('/api/pets');
    expect(applyBasePath('/pets', '/v1', 'split')).toBe('/pets');
    expect(applyBasePath('/', '/v1', 'prepend')).toBe('/v1');
    expect(basePathMode(null)).toBe('ignore');
    expect(() => basePathMode('sideways')).toThrow(/use ignore, prepend or split/);
  });

  it('reads integrations case-insensitively and stores them upper-case with defaults', () => {
    const api = convert({
      swagger: '2.0', info: { title: 't' },
      paths: { '/a': { get: { responses: ok, 'x-amazon-apigateway-integration': {
        type: 'Aws_Proxy', httpMethod: 'post', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations', passthroughBehavior: 'never', contentHandling: 'convert_to_text',
        cacheKeyParameters: ['method.request.path.a'], credentials: 'arn:aws:iam::1:role/r',
        responses: { default: { statusCode: 200 }, '.*Error.*': { statusCode: '500', responseTemplates: { 'application/json': '{}' } } },
      } } } },
    });
    const integration = api.paths.get('/a')!.GET!.methodIntegration!;
    expect(integration).toMatchObject({
      type: 'AWS_PROXY', httpMethod: 'POST', passthroughBehavior: 'NEVER', contentHandling: 'CONVERT_TO_TEXT', timeoutInMillis: 29000,
      cacheKeyParameters: ['method.request.path.a'], credentials: 'arn:aws:iam::1:role/r',
    });
    expect(integration.integrationResponses).toEqual({
      '200': { statusCode: '200' },
      '500': { statusCode: '500', selectionPattern: '.*Error.*', responseTemplates: { 'application/json': '{}' } },
    });
  });

  it('turns securityDefinitions and x-amazon-apigateway-auth into method authorization', () => {
    const api = convert({
      swagger: '2.0', info: { title: 't' },
      securityDefinitions: {
        key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      },
      security: [{ key: [] }],
      paths: {
        '/keyed': { get: { responses: ok, 'x-amazon-apigateway-integration': mock } },
        '/signed': { post: { security: [{ sigv4: [] }], responses: ok, 'x-amazon-apigateway-integration': mock } },
        '/iam': { put: { security: [], 'x-amazon-apigateway-auth': { type: 'AWS_IAM' }, responses: ok, 'x-amazon-apigateway-integration': mock } },
      },
    });
    expect(api.paths.get('/keyed')!.GET).toMatchObject({ apiKeyRequired: true, authorizationType: 'NONE' });
    expect(api.paths.get('/signed')!.POST).toMatchObject({ apiKeyRequired: false, authorizationType: 'AWS_IAM' });
    expect(api.paths.get('/iam')!.PUT).toMatchObject({ apiKeyRequired: false, authorizationType: 'AWS_IAM' });
    expect(api.warnings).toEqual([]);
  });

  it('maps body parameters, response schemas and headers to models and parameters (Swagger 2)', () => {
    const api = convert({
      swagger: '2.0', info: { title: 't' }, consumes: ['application/json'], produces: ['application/json', 'application/xml'],
      definitions: { In: { type: 'object', properties: { child: { $ref: '#/definitions/Out' } } }, Out: { type: 'object' } },
      paths: { '/m': { post: {
        parameters: [{ in: 'body', name: 'b', schema: { $ref: '#/definitions/In' } }, { in: 'query', name: 'q', required: true }],
        responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Out' }, headers: { 'X-Req': { type: 'string' } } } },
        'x-amazon-apigateway-integration': mock,
      } } },
    });
    expect(api.paths.get('/m')!.POST).toMatchObject({
      requestModels: { 'application/json': 'In' },
      requestParameters: { 'method.request.querystring.q': true },
      methodResponses: { '200': { statusCode: '200', responseModels: { 'application/json': 'Out', 'application/xml': 'Out' }, responseParameters: { 'method.response.header.X-Req': false } } },
    });
    const model = api.models.find((m) => m.name === 'In')!;
    expect(JSON.parse(model.schema!).properties.child.$ref).toBe('https://apigateway.amazonaws.com/restapis/api0000001/models/Out');
  });

  it('warns on unresolved model references and unknown security, errors on unknown validators', () => {
    const warned = convert({
      swagger: '2.0', info: { title: 't' },
      paths: { '/w': { get: { security: [{ ghost: [] }], responses: { '200': { description: 'x', schema: { $ref: '#/definitions/Missing' } } }, 'x-amazon-apigateway-integration': mock } } },
    });
    expect(warned.warnings.join('\n')).toContain("model reference '#/definitions/Missing'");
    expect(warned.warnings.join('\n')).toContain("security 'ghost'");
    expect(() => convert({
      swagger: '2.0', info: { title: 't' },
      paths: { '/v': { get: { 'x-amazon-apigateway-request-validator': 'nope', responses: ok, 'x-amazon-apigateway-integration': mock } } },
    })).toThrow(/x-amazon-apigateway-request-validator 'nope'/);
  });

  it('collects every error of a document in one message', () => {
    expect(() => convert({
      swagger: '2.0', info: { title: 't' },
      paths: {
        '/a b': { get: { responses: ok } },
        '/c': { get: { responses: ok, 'x-amazon-apigateway-integration': { type: 'aws' } } },
      },
    })).toThrow(/Errors found during import:\n\tUnable to create resource at path '\/a b'.*\n\tUnable to put integration on 'GET' for resource at path '\/c': a aws integration needs a "uri"/s);
  });

  it('refuses mapping expressions the method does not declare, and malformed integration URIs', () => {
    const doc = (operation: Record<string, unknown>) => ({ swagger: '2.0', info: { title: 't' }, paths: { '/p/{id}': { get: { responses: ok, ...operation } } } });
    // A path parameter is declared by the path itself (as on AWS); an undeclared query string is not.
    expect(() => convert(doc({ 'x-amazon-apigateway-integration': {
      type: 'http', httpMethod: 'GET', uri: 'https://example.com/{id}', requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
    } }))).not.toThrow();
    expect(() => convert(doc({ 'x-amazon-apigateway-integration': {
      type: 'http', httpMethod: 'GET', uri: 'https://example.com/{id}', requestParameters: { 'integration.request.querystring.q': 'method.request.querystring.q' },
    } }))).toThrow(/Invalid mapping expression specified: method.request.querystring.q/);
    expect(() => convert(doc({ parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], 'x-amazon-apigateway-integration': {
      type: 'http', httpMethod: 'GET', uri: 'https://example.com/{id}', requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
    } }))).not.toThrow();
    expect(() => convert(doc({ 'x-amazon-apigateway-integration': {
      type: 'mock', responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } } },
    } }))).toThrow(/method.response.header.Access-Control-Allow-Origin is not declared by the method response 200/);
    expect(() => convert(doc({ 'x-amazon-apigateway-integration': { type: 'aws', httpMethod: 'POST', uri: 'lambda-function-name' } })))
      .toThrow(/Invalid ARN specified in the request: 'lambda-function-name'/);
    expect(() => convert(doc({ 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: 'example.com/x' } })))
      .toThrow(/Invalid HTTP endpoint specified for URI/);
    expect(() => convert(doc({ 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: 'http://${stageVariables.host}/x' } })))
      .not.toThrow();
  });

  it('parses YAML and refuses what is neither Swagger 2.0 nor OpenAPI 3', () => {
    expect(parseDocument(Buffer.from('openapi: 3.0.1\ninfo: {title: y}\npaths: {}\n')).kind).toBe('oas3');
    expect(() => parseDocument(Buffer.from(''))).toThrow(/body is empty/);
    expect(() => parseDocument(Buffer.from('- a\n- b\n'))).toThrow(/must be a JSON or YAML object/);
    expect(() => parseDocument(Buffer.from('{"openapi": "2.5"}'))).toThrow(/found "openapi": "2.5"/);
  });
});

describe('applying an import', () => {
  const first = { swagger: '2.0', info: { title: 'one' }, paths: {
    '/a/b': { get: { responses: ok, 'x-amazon-apigateway-integration': mock } },
    '/c': { get: { responses: ok, 'x-amazon-apigateway-integration': mock } },
  }, definitions: { M: { type: 'object' } } };
  const second = { swagger: '2.0', info: { title: 'two' }, paths: {
    '/a/b': { post: { responses: ok, 'x-amazon-apigateway-integration': mock } },
    '/d': { get: { responses: ok, 'x-amazon-apigateway-integration': mock } },
  } };

  it('merge keeps existing resources, methods and models, adding the new ones', () => {
    const api = emptyApi();
    applyImport(api, convert(first), 'import');
    const ids = Object.fromEntries(Object.values(api.resources).map((r) => [r.path, r.id]));
    applyImport(api, convert(second), 'merge');
    const after = Object.fromEntries(Object.values(api.resources).map((r) => [r.path, r]));
    expect(Object.keys(after).sort()).toEqual(['/', '/a', '/a/b', '/c', '/d']);
    expect(Object.keys(after['/a/b']!.resourceMethods).sort()).toEqual(['GET', 'POST']);
    for (const path of Object.keys(ids)) expect(after[path]!.id).toBe(ids[path]);
    expect(Object.values(api.models).map((m) => m.name)).toEqual(['M']);
    expect(api.name).toBe('two');
  });

  it('overwrite replaces the tree and models but keeps ids of paths that remain', () => {
    const api = emptyApi();
    applyImport(api, convert(first), 'import');
    const ids = Object.fromEntries(Object.values(api.resources).map((r) => [r.path, r.id]));
    applyImport(api, convert(second), 'overwrite');
    const after = Object.fromEntries(Object.values(api.resources).map((r) => [r.path, r]));
    expect(Object.keys(after).sort()).toEqual(['/', '/a', '/a/b', '/d']);
    expect(Object.keys(after['/a/b']!.resourceMethods)).toEqual(['POST']);
    expect(after['/a/b']!.id).toBe(ids['/a/b']);
    expect(after['/']!.id).toBe('root000000');
    expect(after['/a/b']!.resourceMethods.POST!.methodIntegration!.cacheNamespace).toBe(ids['/a/b']);
    expect(api.models).toEqual({});
  });
});

describe('top-level extensions', () => {
  it('reads api key source, endpoint configuration, binary media types and policy', () => {
    const api = convert({
      swagger: '2.0', info: { title: 't', description: 'd', version: 3 },
      'x-amazon-apigateway-api-key-source': 'authorizer',
      'x-amazon-apigateway-endpoint-configuration': { types: ['regional'], disableExecuteApiEndpoint: true },
      'x-amazon-apigateway-binary-media-types': ['image/png', '*/*'],
      'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [] },
      paths: {},
    });
    expect(api).toMatchObject({
      name: 't', description: 'd', version: '3', apiKeySource: 'AUTHORIZER', endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: true,
      binaryMediaTypes: ['image/png', '*/*'],
    });
    expect(JSON.parse(api.policy!)).toEqual({ Version: '2012-10-17', Statement: [] });
  });
});

describe('OpenAPI 3 base path', () => {
  const oas = (servers: unknown) => ({
    openapi: '3.0.1', info: { title: 't' }, servers,
    paths: { '/e': { get: { responses: ok, 'x-amazon-apigateway-integration': mock } } },
  });
  it('takes the basePath server variable, referenced or not, else the server URL path', () => {
    const paths = (servers: unknown) => [...convert(oas(servers), 'prepend').paths.keys()];
    expect(paths([{ url: 'https://h/{basePath}', variables: { basePath: { default: 'a/b' } } }])).toEqual(['/a/b/e']);
    expect(paths([{ url: 'https://h/', variables: { basePath: { default: '/c' } } }])).toEqual(['/c/e']);
    expect(paths([{ url: 'https://h/x/y' }])).toEqual(['/x/y/e']);
    expect(paths([{ url: 'https://h/' }])).toEqual(['/e']);
  });
});
