// The execute-api data plane through the real local services: Lambda runs the handler, API Gateway
// holds the imported API, and requests go over HTTP to the deployed stage.
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateStageCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  DeleteRestApiCommand, GetRestApiCommand, ImportRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole, failure } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const CATALOG = makeZip({
  'index.js': `exports.handler = async (event) => {
    if (event.service_name === 'missing') throw new Error('NotFound: ' + event.service_name);
    return { endpoint_url: 'notarealurl', ttl: '300', status: 'healthy', asked: event };
  };`,
});
const PROXY = makeZip({
  'index.mjs': `export const handler = async (event) => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'x-handler': 'proxy' },
    body: JSON.stringify({ path: event.path, resource: event.resource, id: event.pathParameters.id, q: event.queryStringParameters, stage: event.requestContext.stage, deploymentId: event.requestContext.deploymentId }),
  });`,
});

/** Seed 001's skeleton lookup handler, as the blog post gives it. */
const SEED_PYTHON = makeZip({
  'catalog_service.py': [
    'import logging',
    '',
    'logger = logging.getLogger()',
    'logger.setLevel(logging.INFO)',
    '',
    '',
    'def lambda_handler(api_parameters, context):',
    '    """Lambda hander for service lookup."""',
    '    logger.info("lambda_handler - service_name: %s"',
    '                " service_version: %s"',
    '                % (api_parameters["service_name"],',
    '                   api_parameters["service_version"]))',
    '',
    '    response = {',
    '            "endpoint_url": "notarealurl",',
    '            "ttl": "300",',
    '            "status": "healthy"',
    '         }',
    '',
    '    return response',
    '',
  ].join('\n'),
});

/** Seed 001's Swagger, with the GET marked api-key-required and a proxy + MOCK resource added. */
function swagger(catalogArn: string, proxyArn: string) {
  const lambdaUri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;
  return {
    swagger: '2.0',
    info: { title: 'catalog_service', version: '1.0.0' },
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
    paths: {
      '/catalog/{serviceName}/{serviceVersion}': {
        parameters: [
          { name: 'serviceName', in: 'path', required: true, type: 'string' },
          { name: 'serviceVersion', in: 'path', required: true, type: 'string' },
        ],
        get: {
          security: [{ api_key: [] }],
          responses: { '200': { description: 'version information' }, '404': { description: 'not found' } },
          'x-amazon-apigateway-integration': {
            type: 'aws',
            uri: lambdaUri(`${catalogArn}:\${stageVariables.alias}`),
            httpMethod: 'POST',
            requestTemplates: { 'application/json': "{\"service_name\": \"$input.params('serviceName')\",\"service_version\": \"$input.params('serviceVersion')\"}" },
            responses: {
              default: { statusCode: '200' },
              '.*NotFound.*': { statusCode: '404', responseTemplates: { 'application/json': '{"error_message":"Service Not Found"}' } },
            },
          },
        },
      },
      '/pets/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: lambdaUri(proxyArn) },
        },
      },
      '/health': {
        get: {
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'mock',
            requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"healthy": true, "stage": "$context.stage"}' } } },
          },
        },
      },
    },
  };
}

/** fetch() cannot set Host; node:http can. */
function getWithHost(port: number, path: string, host: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('execute-api through the real local services', () => {
  let cloud: TestCloud;
  let apigw: APIGatewayClient;
  let apiId = '';
  let catalogArn = '';
  let deploymentId = '';

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    apigw = new APIGatewayClient(cloud.clientConfig);
    const lambda = new LambdaClient(cloud.clientConfig);
    const role = await createLambdaRole(cloud, 'gateway-e2e');
    const created = await lambda.send(new CreateFunctionCommand({ FunctionName: 'catalog_service', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: CATALOG } }));
    catalogArn = created.FunctionArn!;
    const version = await lambda.send(new PublishVersionCommand({ FunctionName: 'catalog_service' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'catalog_service', Name: 'live', FunctionVersion: version.Version! }));
    const proxy = await lambda.send(new CreateFunctionCommand({ FunctionName: 'pets', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: PROXY } }));

    const imported = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(swagger(catalogArn, proxy.FunctionArn!))), failOnWarnings: false }));
    apiId = imported.id!;
    // As seed 001: one permission for any API of the account, on the alias API Gateway invokes.
    await lambda.send(new AddPermissionCommand({
      FunctionName: 'catalog_service', Qualifier: 'live', StatementId: 'apigw', Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:*`,
    }));
    await lambda.send(new AddPermissionCommand({
      FunctionName: 'pets', StatementId: 'apigw', Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:${apiId}/*/GET/pets/*`,
    }));
    deploymentId = (await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev', variables: { alias: 'live' } }))).id!;
  });
  afterAll(() => cloud?.dispose());

  const url = (path: string) => `${cloud.url}/restapis/${apiId}/dev/_user_request_${path}`;

  it('answers 403 without an API key, 200 with a key of a bound usage plan, 429 past its quota', async () => {
    const noKey = await fetch(url('/catalog/testservice1/1.0'));
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toEqual({ message: 'Forbidden' });

    const key = await apigw.send(new CreateApiKeyCommand({ name: 'client', enabled: true }));
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'plan', apiStages: [{ apiId, stage: 'dev' }], quota: { limit: 2, period: 'DAY' } }));
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
    const headers = { 'x-api-key': key.value! };

    const ok = await fetch(url('/catalog/testservice1/1.0'), { headers });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      endpoint_url: 'notarealurl', ttl: '300', status: 'healthy', asked: { service_name: 'testservice1', service_version: '1.0' },
    });
    const notFound = await fetch(url('/catalog/missing/1.0'), { headers });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error_message: 'Service Not Found' });
    const over = await fetch(url('/catalog/testservice1/1.0'), { headers });
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({ message: 'Limit Exceeded' });
  });

  it('serves AWS_PROXY through the Host-style URL', async () => {
    const res = await getWithHost(cloud.port, '/dev/pets/42?kind=cat', `${apiId}.execute-api.localhost:${cloud.port}`);
    expect(res.status).toBe(200);
    expect(res.headers['x-handler']).toBe('proxy');
    expect(JSON.parse(res.body)).toEqual({ path: '/pets/42', resource: '/pets/{id}', id: '42', q: { kind: 'cat' }, stage: 'dev', deploymentId });
  });

  it('serves a MOCK integration and 403 for unknown routes', async () => {
    const res = await fetch(url('/health'));
    expect(await res.json()).toEqual({ healthy: true, stage: 'dev' });
    const unknown = await fetch(url('/nothing/here'));
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('answers 500 when the function policy for the qualifier does not allow API Gateway', async () => {
    // The permission is on the alias "live"; a stage that points at version 1 directly has none.
    await apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'nolive', deploymentId, variables: { alias: '1' } }));
    const key = await apigw.send(new CreateApiKeyCommand({ name: 'nolive-client', enabled: true }));
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'nolive', apiStages: [{ apiId, stage: 'nolive' }] }));
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
    const res = await fetch(`${cloud.url}/restapis/${apiId}/nolive/_user_request_/catalog/testservice1/1.0`, { headers: { 'x-api-key': key.value! } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal server error' });
    expect(res.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
  });

  it('writes stage access logs to CloudWatch Logs', async () => {
    const data = cloud.ctx.ports.apigateway!.data;
    data.restApis[apiId]!.stages.dev!.accessLogSettings = {
      destinationArn: `arn:aws:logs:us-east-1:${cloud.ctx.accountId}:log-group:gateway-access`,
      format: '$context.httpMethod $context.resourcePath $context.status',
    };
    await fetch(url('/health'));
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: 'gateway-access' }));
    expect(events.events?.map((e) => e.message)).toEqual(['GET /health 200']);
  });

  it('serves the seed 001 Python handler unchanged behind the seed Swagger', async () => {
    const lambda = new LambdaClient(cloud.clientConfig);
    const role = await createLambdaRole(cloud, 'seed-python');
    const fn = await lambda.send(new CreateFunctionCommand({
      FunctionName: 'catalog_service_py', Runtime: 'python3.12', Role: role, Handler: 'catalog_service.lambda_handler', Code: { ZipFile: SEED_PYTHON },
    }));
    await lambda.send(new AddPermissionCommand({
      FunctionName: 'catalog_service_py', StatementId: 'apigw', Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:*`,
    }));
    const seed = swagger(fn.FunctionArn!, fn.FunctionArn!);
    const lookup = seed.paths['/catalog/{serviceName}/{serviceVersion}'];
    const { security: _security, ...get } = lookup.get;
    const body = { ...seed, paths: { '/catalog/{serviceName}/{serviceVersion}': { ...lookup, get: { ...get, 'x-amazon-apigateway-integration': { ...get['x-amazon-apigateway-integration'], uri: get['x-amazon-apigateway-integration'].uri.replace(':${stageVariables.alias}', '') } } } } };
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(body)) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
    const res = await fetch(`${cloud.url}/restapis/${api.id}/dev/_user_request_/catalog/testservice1/1.0`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ endpoint_url: 'notarealurl', ttl: '300', status: 'healthy' });
  });

  it('stops serving a deleted API', async () => {
    await apigw.send(new DeleteRestApiCommand({ restApiId: apiId }));
    expect((await failure(apigw.send(new GetRestApiCommand({ restApiId: apiId })))).name).toBe('NotFoundException');
    expect((await fetch(url('/health'))).status).toBe(403);
  });
});
