// Issue 2's acceptance flow again, through the AWS SDK for JavaScript v3 (the client the
// deploy engine uses), including its waiters.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  DeleteRestApiCommand, GetResourcesCommand, GetRestApiCommand, ImportRestApiCommand, NotFoundException, UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand, waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const SWAGGER = readFileSync(new URL('./seed001-swagger.json', import.meta.url), 'utf8');

function handlerZip(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-flow-'));
  writeFileSync(join(dir, 'index.js'), `exports.handler = async (event) => ({ endpoint_url: 'notarealurl', ttl: 300, status: 'healthy', received: event });\n`);
  execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],"w"); z.write(sys.argv[2],"index.js"); z.close()', join(dir, 'f.zip'), join(dir, 'index.js')]);
  return readFileSync(join(dir, 'f.zip'));
}

describe('the SDK v3 against the local cloud (issue 2 acceptance)', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud.dispose());

  it('runs the whole flow: 403 without key, 200 with key, 429 past quota, NotFound after delete', async () => {
    const iam = new IAMClient(cloud.clientConfig);
    const lambda = new LambdaClient(cloud.clientConfig);
    const apigw = new APIGatewayClient(cloud.clientConfig);

    const role = await iam.send(new CreateRoleCommand({
      RoleName: 'lambda_s3',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }));
    const fn = await lambda.send(new CreateFunctionCommand({
      FunctionName: 'catalog_service', Runtime: 'nodejs22.x', Role: role.Role!.Arn!, Handler: 'index.handler', Code: { ZipFile: handlerZip() },
    }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'catalog_service' });
    const version = await lambda.send(new PublishVersionCommand({ FunctionName: 'catalog_service' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'catalog_service', Name: 'live', FunctionVersion: version.Version! }));

    const api = await apigw.send(new ImportRestApiCommand({
      body: Buffer.from(SWAGGER.replace('$catalog_serviceARN$', `${fn.FunctionArn}:\${stageVariables.alias}`)),
    }));
    const resources = await apigw.send(new GetResourcesCommand({ restApiId: api.id! }));
    const lookup = resources.items!.find((r) => r.path === '/catalog/{serviceName}/{serviceVersion}')!;
    await apigw.send(new UpdateMethodCommand({
      restApiId: api.id!, resourceId: lookup.id!, httpMethod: 'GET',
      patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }],
    }));
    await lambda.send(new AddPermissionCommand({
      FunctionName: 'catalog_service', Qualifier: 'live', StatementId: 'apigateway-invoke', Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${api.id}/*`,
    }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev', variables: { alias: 'live' } }));
    const key = await apigw.send(new CreateApiKeyCommand({ name: 'k', enabled: true }));
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: api.id!, stage: 'dev' }], quota: { limit: 2, period: 'DAY' } }));
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));

    const url = `${cloud.url}/restapis/${api.id}/dev/_user_request_/catalog/testservice1/1.0`;
    expect((await fetch(url)).status).toBe(403);
    for (let i = 0; i < 2; i++) {
      const ok = await fetch(url, { headers: { 'x-api-key': key.value! } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { received: unknown }).received).toEqual({ service_name: 'testservice1', service_version: '1.0' });
    }
    expect((await fetch(url, { headers: { 'x-api-key': key.value! } })).status).toBe(429);

    await apigw.send(new DeleteRestApiCommand({ restApiId: api.id! }));
    await expect(apigw.send(new GetRestApiCommand({ restApiId: api.id! }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('refuses an API Gateway call without permission: 500 from the gateway, as AWS', async () => {
    // Without AddPermission the gateway must not invoke: this is what catches a missing or
    // mis-scoped permission before it reaches AWS.
    const lambda = new LambdaClient(cloud.clientConfig);
    const apigw = new APIGatewayClient(cloud.clientConfig);
    const fn = await lambda.send(new CreateFunctionCommand({
      FunctionName: 'no_permission', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::000000000000:role/lambda_s3', Handler: 'index.handler', Code: { ZipFile: handlerZip() },
    }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'no_permission' });
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(SWAGGER.replace('$catalog_serviceARN$', fn.FunctionArn!)) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
    const res = await fetch(`${cloud.url}/restapis/${api.id}/dev/_user_request_/catalog/a/1`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal server error' });
  });

  it('names the region the API was made in, in the execute-api ARN the permission is checked against', async () => {
    const config = { ...cloud.clientConfig, region: 'eu-west-1' };
    const lambda = new LambdaClient(config);
    const apigw = new APIGatewayClient(config);
    const fn = await lambda.send(new CreateFunctionCommand({
      FunctionName: 'in_eu', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::000000000000:role/lambda_s3', Handler: 'index.handler', Code: { ZipFile: handlerZip() },
    }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'in_eu' });
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(SWAGGER.replace('$catalog_serviceARN$', fn.FunctionArn!)) }));
    await lambda.send(new AddPermissionCommand({
      FunctionName: 'in_eu', StatementId: 'apigateway-invoke', Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:eu-west-1:000000000000:${api.id}/*`,
    }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
    const res = await fetch(`${cloud.url}/restapis/${api.id}/dev/_user_request_/catalog/a/1`);
    expect(res.status).toBe(200);
  });
});
