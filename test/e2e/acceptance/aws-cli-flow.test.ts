// Issue 2's acceptance flow, driven by the real AWS CLI: role, function, version, alias, the
// seed 001 Swagger imported with an alias-qualified ARN, an api-key-required GET, a scoped
// permission, stage dev with alias=live, then 403 / 200 / 429 / NotFound.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { aws, awsJson } from './aws-cli.js';

const SWAGGER = readFileSync(new URL('./seed001-swagger.json', import.meta.url), 'utf8');
const HANDLER = `exports.handler = async (event) => ({ endpoint_url: 'notarealurl', ttl: 300, status: 'healthy', received: event });\n`;
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function zipHandler(dir: string): string {
  writeFileSync(join(dir, 'index.js'), HANDLER);
  const zipPath = join(dir, 'function.zip');
  execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],"w"); z.write(sys.argv[2],"index.js"); z.close()', zipPath, join(dir, 'index.js')]);
  return zipPath;
}

describe('the AWS CLI against the local cloud (issue 2 acceptance)', () => {
  let cloud: TestCloud;
  let dir: string;
  let cli: (args: string[]) => ReturnType<typeof aws>;
  let cliJson: <T = Record<string, unknown>>(args: string[]) => Promise<T>;
  let apiId = '';
  let keyValue = '';

  beforeAll(async () => {
    cloud = await startTestCloud();
    dir = mkdtempSync(join(tmpdir(), 'aws-cli-flow-'));
    cli = (args) => aws(cloud.url, cloud.env, args);
    cliJson = (args) => awsJson(cloud.url, cloud.env, args);
  });
  afterAll(() => cloud.dispose());

  it('deploys a function, an alias and the seed API, guarded by an API key and a quota', async () => {
    const role = await cliJson<{ Role: { Arn: string } }>(['iam', 'create-role', '--role-name', 'lambda_s3', '--assume-role-policy-document', TRUST]);
    const fn = await cliJson<{ FunctionArn: string }>([
      'lambda', 'create-function', '--function-name', 'catalog_service', '--runtime', 'nodejs22.x',
      '--role', role.Role.Arn, '--handler', 'index.handler', '--zip-file', `fileb://${zipHandler(dir)}`,
    ]);
    await cliJson(['lambda', 'wait', 'function-active-v2', '--function-name', 'catalog_service']);
    const version = await cliJson<{ Version: string }>(['lambda', 'publish-version', '--function-name', 'catalog_service']);
    expect(version.Version).toBe('1');
    await cliJson(['lambda', 'create-alias', '--function-name', 'catalog_service', '--name', 'live', '--function-version', version.Version]);

    const swaggerPath = join(dir, 'swagger_with_arn.json');
    writeFileSync(swaggerPath, SWAGGER.replace('$catalog_serviceARN$', `${fn.FunctionArn}:\${stageVariables.alias}`));
    const api = await cliJson<{ id: string; name: string }>(['apigateway', 'import-rest-api', '--body', `fileb://${swaggerPath}`]);
    apiId = api.id;
    expect(api.name).toBe('catalog_service');

    const resources = await cliJson<{ items: { id: string; path: string }[] }>(['apigateway', 'get-resources', '--rest-api-id', apiId]);
    const lookup = resources.items.find((r) => r.path === '/catalog/{serviceName}/{serviceVersion}');
    expect(lookup).toBeDefined();
    await cliJson(['apigateway', 'update-method', '--rest-api-id', apiId, '--resource-id', lookup!.id, '--http-method', 'GET',
      '--patch-operations', 'op=replace,path=/apiKeyRequired,value=true']);

    await cliJson(['lambda', 'add-permission', '--function-name', 'catalog_service', '--qualifier', 'live',
      '--statement-id', 'apigateway-invoke', '--action', 'lambda:InvokeFunction', '--principal', 'apigateway.amazonaws.com',
      '--source-arn', `arn:aws:execute-api:us-east-1:000000000000:${apiId}/*`]);
    await cliJson(['apigateway', 'create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev', '--variables', 'alias=live']);

    const key = await cliJson<{ id: string; value: string }>(['apigateway', 'create-api-key', '--name', 'catalog-key', '--enabled']);
    keyValue = key.value;
    const plan = await cliJson<{ id: string }>(['apigateway', 'create-usage-plan', '--name', 'catalog-plan',
      '--api-stages', `apiId=${apiId},stage=dev`, '--quota', 'limit=3,period=DAY']);
    await cliJson(['apigateway', 'create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY']);
  });

  it('answers 403 without a key, 200 with one (shaped by the request template), 429 past the quota', async () => {
    const url = `${cloud.url}/restapis/${apiId}/dev/_user_request_/catalog/testservice1/1.0`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toEqual({ message: 'Forbidden' });

    for (let i = 0; i < 3; i++) {
      const ok = await fetch(url, { headers: { 'x-api-key': keyValue } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        endpoint_url: 'notarealurl', ttl: 300, status: 'healthy',
        received: { service_name: 'testservice1', service_version: '1.0' },
      });
    }
    const over = await fetch(url, { headers: { 'x-api-key': keyValue } });
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({ message: 'Limit Exceeded' });
  });

  it('also serves the API on the {apiId}.execute-api.localhost host form', async () => {
    // *.localhost does not resolve through this machine's DNS; browsers and curl map it to
    // loopback themselves. Send the Host header as they would.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: cloud.port, path: '/dev/catalog/x/2',
        headers: { host: `${apiId}.execute-api.localhost:${cloud.port}`, 'x-api-key': keyValue } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    // The key's quota is spent by the test above: reaching the quota check proves the route matched.
    expect(answer.status).toBe(429);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Limit Exceeded' });
  });

  it('deletes the API; get-rest-api then fails with NotFoundException', async () => {
    await cliJson(['apigateway', 'delete-rest-api', '--rest-api-id', apiId]);
    const gone = await cli(['apigateway', 'get-rest-api', '--rest-api-id', apiId]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('NotFoundException');
  });
});
