// The headline flow with the AWS CLI v1 as the client: role, Node function, version,
// alias, the seed 001 Swagger imported with its marker replaced, api-key-required GET, permission,
// stage with alias=live; then the deployed GET answers 403 / 200 / 429, and the API can be deleted.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { TRUST } from './lambda-fixtures.js';
import { makeZip } from './lambda-zip.js';

const run = promisify(execFile);

const HANDLER = `exports.handler = async (event) => ({
  endpoint_url: 'notarealurl', ttl: '300', status: 'healthy', service_name: event.service_name, service_version: event.service_version,
});`;

/** Seed 001's Swagger file, plus an API-key requirement on the GET. */
const seedSwagger = (marker: string) => ({
  swagger: '2.0',
  info: { title: 'catalog_service', version: '1.0.0' },
  schemes: ['https'],
  consumes: ['application/json'],
  produces: ['application/json'],
  securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
  paths: {
    '/catalog/{serviceName}/{serviceVersion}': {
      parameters: [
        { name: 'serviceName', in: 'path', description: 'The name of the service to look up.', required: true, type: 'string' },
        { name: 'serviceVersion', in: 'path', description: 'The version of the service to look up.', required: true, type: 'string' },
      ],
      get: {
        security: [{ api_key: [] }],
        responses: { '200': { description: 'version information' } },
        'x-amazon-apigateway-integration': {
          type: 'aws',
          uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${marker}/invocations`,
          httpMethod: 'POST',
          requestTemplates: { 'application/json': "{\"service_name\": \"$input.params('serviceName')\",\"service_version\": \"$input.params('serviceVersion')\"}" },
          responses: { default: { statusCode: '200', schema: { $ref: '#/definitions/CatalogServiceModel' } } },
        },
      },
    },
  },
  definitions: {
    CatalogServiceModel: {
      type: 'object',
      properties: { endpoint_url: { type: 'string' }, ttl: { type: 'integer' }, status: { type: 'string' } },
      required: ['endpoint_url', 'ttl', 'status'],
    },
  },
});

describe('the deployed API through the AWS CLI v1', () => {
  let cloud: TestCloud;
  let dir: string;
  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['--endpoint-url', cloud.url, '--output', 'json', ...args], { env: cloud.env });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    dir = mkdtempSync(join(tmpdir(), 'gateway-cli-'));
  });
  afterAll(async () => {
    await cloud?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 403 without a key, 200 with a plan key, 429 past the quota; then the API is deleted', async () => {
    const role = await aws('iam', 'create-role', '--role-name', 'catalog-role', '--assume-role-policy-document', TRUST);
    writeFileSync(join(dir, 'catalog.zip'), makeZip({ 'index.js': HANDLER }));
    const fn = await aws('lambda', 'create-function', '--function-name', 'catalog_service', '--runtime', 'nodejs22.x', '--role', role.Role.Arn,
      '--handler', 'index.handler', '--zip-file', `fileb://${join(dir, 'catalog.zip')}`);
    const version = await aws('lambda', 'publish-version', '--function-name', 'catalog_service');
    await aws('lambda', 'create-alias', '--function-name', 'catalog_service', '--name', 'live', '--function-version', version.Version);

    writeFileSync(join(dir, 'swagger.json'), JSON.stringify(seedSwagger(`${fn.FunctionArn}:\${stageVariables.alias}`)));
    const api = await aws('apigateway', 'import-rest-api', '--body', `fileb://${join(dir, 'swagger.json')}`);
    await aws('lambda', 'add-permission', '--function-name', 'catalog_service', '--qualifier', 'live', '--statement-id', 'apigateway',
      '--action', 'lambda:InvokeFunction', '--principal', 'apigateway.amazonaws.com', '--source-arn', `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:*`);
    await aws('apigateway', 'create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev', '--variables', 'alias=live');

    const url = `${cloud.url}/restapis/${api.id}/dev/_user_request_/catalog/testservice1/1.0`;
    const noKey = await fetch(url);
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toEqual({ message: 'Forbidden' });

    const key = await aws('apigateway', 'create-api-key', '--name', 'client', '--enabled');
    const plan = await aws('apigateway', 'create-usage-plan', '--name', 'basic', '--api-stages', `apiId=${api.id},stage=dev`, '--quota', 'limit=2,period=DAY');
    await aws('apigateway', 'create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY');

    const headers = { 'x-api-key': key.value as string };
    const ok = await fetch(url, { headers });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ endpoint_url: 'notarealurl', ttl: '300', status: 'healthy', service_name: 'testservice1', service_version: '1.0' });
    expect((await fetch(url, { headers })).status).toBe(200);
    const over = await fetch(url, { headers });
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({ message: 'Limit Exceeded' });

    await aws('apigateway', 'delete-rest-api', '--rest-api-id', api.id);
    const gone = await run('aws', ['--endpoint-url', cloud.url, 'apigateway', 'get-rest-api', '--rest-api-id', api.id], { env: cloud.env }).catch((err: { stderr: string }) => err);
    expect((gone as { stderr: string }).stderr).toContain('NotFoundException');
    expect((await fetch(url, { headers })).status).toBe(403);
  });
});
