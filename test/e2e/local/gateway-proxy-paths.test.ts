// AWS_PROXY paths as AWS recorded them (LocalStack's test_lambda_aws_proxy_integration, recorded
// against AWS): `%2B` stays encoded in `path` and the proxy parameter, `+` stays `+`; a trailing
// slash stays in `path` and leaves the parameter; a double slash inside the path is kept; leading
// slashes after the stage are dropped from `path` but kept in requestContext.path.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIGatewayClient, CreateDeploymentCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const ECHO = makeZip({
  'index.mjs': `export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({
    path: event.path, proxy: event.pathParameters?.proxy ?? null, contextPath: event.requestContext.path, resource: event.resource }) });`,
});

/** Sends the path exactly as written (fetch would normalise `//` and `%2B`). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const target = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('AWS_PROXY paths, as AWS recorded them', () => {
  let cloud: TestCloud;
  let apiId = '';
  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    const lambda = new LambdaClient(cloud.clientConfig);
    const role = await createLambdaRole(cloud, 'proxy-paths');
    const fn = await lambda.send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: ECHO } }));
    const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    const integration = { type: 'aws_proxy', httpMethod: 'POST', uri };
    const spec = {
      swagger: '2.0', info: { title: 'paths', version: '1' },
      paths: {
        '/{proxy+}': { 'x-amazon-apigateway-any-method': { parameters: [{ name: 'proxy', in: 'path', required: true, type: 'string' }], 'x-amazon-apigateway-integration': integration } },
        '/hardcoded': { get: { 'x-amazon-apigateway-integration': integration } },
      },
    };
    const apigw = new APIGatewayClient(cloud.clientConfig);
    apiId = (await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(spec)) }))).id!;
    await lambda.send(new AddPermissionCommand({
      FunctionName: 'echo', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:${apiId}/*`,
    }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'stage' }));
  });
  afterAll(() => cloud?.dispose());

  const call = async (path: string) => {
    const res = await rawGet(cloud.url, `/restapis/${apiId}/stage/_user_request_${path}`);
    expect(res.status, res.body).toBe(200);
    return JSON.parse(res.body) as { path: string; proxy: string | null; contextPath: string; resource: string };
  };

  it('keeps %2B encoded and + as it is', async () => {
    const echoed = await call('/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com');
    expect(echoed.path).toBe('/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com');
    expect(echoed.proxy).toBe('proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com');
    expect(echoed.contextPath).toBe('/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com');
  });

  it('keeps a trailing slash in path, not in the parameter', async () => {
    expect(await call('/proxy-value/')).toMatchObject({ path: '/proxy-value/', proxy: 'proxy-value', contextPath: '/stage/proxy-value/' });
  });

  it('keeps a double slash inside the path', async () => {
    expect(await call('/proxy-value//double-slash')).toMatchObject({ path: '/proxy-value//double-slash', proxy: 'proxy-value//double-slash' });
  });

  it('drops slashes after the stage from path, keeps them in requestContext.path', async () => {
    expect(await call('//proxy-value')).toMatchObject({ path: '/proxy-value', proxy: 'proxy-value', contextPath: '/stage//proxy-value' });
    expect(await call('//hardcoded')).toMatchObject({ path: '/hardcoded', resource: '/hardcoded', contextPath: '/stage//hardcoded' });
  });
});
