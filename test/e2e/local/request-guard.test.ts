// Bad requests are refused in AWS's words before any model sees them, change nothing, and never
// take the server down: the findings of the security review as regression cases.
import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { APIGatewayClient, CreateDeploymentCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient, TagResourceCommand } from '@aws-sdk/client-lambda';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { useTestCloud, startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { signedFetch, type RawAnswer } from '../../helpers/signed-fetch.js';
import { stateSnapshot } from '../../helpers/state-snapshot.js';
import { makeZip } from '../../helpers/zip.js';

const ZIP = makeZip({ 'index.js': 'exports.handler = async () => "ok";' }).toString('base64');
const json = (answer: RawAnswer) => JSON.parse(answer.text) as Record<string, unknown>;
const alive = async (cloud: TestCloud) => (await fetch(`${cloud.url}/_local/health`)).status;

function lambdaCall(cloud: TestCloud, method: string, path: string, body: string) {
  return signedFetch(cloud.url, { service: 'lambda', method, path, body, headers: { 'content-type': 'application/json' } });
}

describe('requests checked against their operation shapes', () => {
  let cloud: TestCloud;
  let role: string;
  useTestCloud({ faults: { lambdaStateDelayMs: 0 } }, async (c) => {
    cloud = c;
    role = await createLambdaRole(cloud, 'guard-role');
  });

  it('answers a null JSON body with a 4xx in each service\'s own shape (it was a 500 TypeError)', async () => {
    const before = stateSnapshot(cloud.stateDir);
    const lambda = await lambdaCall(cloud, 'POST', '/2015-03-31/functions', 'null');
    expect(lambda.status).toBe(400);
    expect(lambda.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    expect(json(lambda).message).toMatch(/^Could not parse request body into json/);

    const apigateway = await signedFetch(cloud.url, { service: 'apigateway', path: '/restapis', body: 'null', headers: { 'content-type': 'application/json' } });
    expect(apigateway.status).toBe(400);
    expect(apigateway.headers.get('x-amzn-errortype')).toBe('SerializationException'); // as AWS's recordings show for API Gateway

    for (const [service, target] of [['logs', 'Logs_20140328.CreateLogGroup'], ['events', 'AWSEvents.PutRule']] as const) {
      const answer = await signedFetch(cloud.url, { service, path: '/', body: 'null', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target } });
      expect(answer.status, service).toBe(400);
      expect(json(answer).__type, service).toBe('SerializationException');
    }
    expect(stateSnapshot(cloud.stateDir)).toEqual(before);
  });

  it('lists every broken constraint as Lambda does', async () => {
    const answer = await lambdaCall(cloud, 'POST', '/2015-03-31/functions', JSON.stringify({ FunctionName: 'f'.repeat(141), Role: role, Code: { ZipFile: ZIP }, MemorySize: 64 }));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(json(answer).message).toBe(
      `2 validation errors detected: Value '${'f'.repeat(141)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140; `
      + "Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
    const invokeType = await lambdaCall(cloud, 'POST', '/2015-03-31/functions/x/invocations', '{}');
    expect(invokeType.status).toBe(404); // valid input, no such function
  });

  it('refuses Tags holding a deeply nested array, changes nothing, and later writes still work', async () => {
    const nested = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
    const before = stateSnapshot(cloud.stateDir);
    const answer = await lambdaCall(cloud, 'POST', '/2015-03-31/functions', `{"FunctionName":"poison","Runtime":"nodejs22.x","Role":"${role}","Handler":"index.handler","Code":{"ZipFile":"${ZIP}"},"Tags":{"t":${nested}}}`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    expect(stateSnapshot(cloud.stateDir)).toEqual(before);

    const lambda = new LambdaClient(cloud.clientConfig);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'healthy', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: Buffer.from(ZIP, 'base64') } }));
    await lambda.send(new TagResourceCommand({ Resource: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:healthy`, Tags: { a: 'b' } }));
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'poison' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses an IAM request whose form breaks the shape, in the query protocol\'s XML', async () => {
    const answer = await signedFetch(cloud.url, {
      service: 'iam', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=CreateRole&Version=2010-05-08&RoleName=${'r'.repeat(65)}&AssumeRolePolicyDocument=%7B%7D&Tags.member.1.Key=k`,
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('<Code>ValidationError</Code>');
    const text = answer.text.replaceAll('&apos;', "'");
    expect(text).toContain("at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64");
    expect(text).toContain("Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null");
  });
});

/** fetch() normalises `//` and `..`; node:http sends the path as given. */
function rawGet(port: number, path: string): Promise<{ status: number; errorType: unknown; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, errorType: res.headers['x-amzn-errortype'], body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('odd paths', () => {
  let cloud: TestCloud;
  let apiId = '';
  useTestCloud({}, async (c) => {
    cloud = c;
    const apigw = new APIGatewayClient(cloud.clientConfig);
    const mock = { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } };
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify({ swagger: '2.0', info: { title: 'odd', version: '1' }, paths: { '/mock': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': mock } } } })) }));
    apiId = api.id!;
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
  });

  it('answers a path starting with // in AWS\'s shape, not 500 "Invalid URL"', async () => {
    const answer = await rawGet(cloud.port, '//2015-03-31/functions');
    expect(answer.status).toBeLessThan(500);
    expect(JSON.parse(answer.body)).toBeTypeOf('object');
    expect(await alive(cloud)).toBe(200);
  });

  it('answers %00 and unicode in an execute-api path with API Gateway\'s 403, not 500', async () => {
    for (const path of [`/restapis/${apiId}/test/_user_request_/mock%00`, `/restapis/${apiId}/test/_user_request_/mock/%E2%98%83`]) {
      const answer = await rawGet(cloud.port, path);
      expect(answer.status, path).toBe(403);
      expect(answer.errorType, path).toBe('MissingAuthenticationTokenException');
    }
    expect((await rawGet(cloud.port, `/restapis/${apiId}/test/_user_request_/mock`)).status).toBe(200);
  });
});

describe('DynamoDB guarded before dynalite', () => {
  let cloud: TestCloud;
  useTestCloud({}, (c) => {
    cloud = c;
  });
  const dynamo = (body: string, target = 'DynamoDB_20120810.PutItem') =>
    signedFetch(cloud.url, { service: 'dynamodb', path: '/', body, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target } });

  it('answers a null body with SerializationException (it killed the process)', async () => {
    const answer = await dynamo('null');
    expect(answer.status).toBe(400);
    expect(json(answer).__type).toBe('com.amazon.coral.service#SerializationException');
    expect(await alive(cloud)).toBe(200);
    expect((await dynamo('null', 'DynamoDB_20120810.UpdateTimeToLive')).status).toBe(400);
    expect(await alive(cloud)).toBe(200);
  });

  it('answers an L nested 1,000 deep (8 KB) with DynamoDB\'s nesting error (it killed the process)', async () => {
    const deep = `${'{"L":['.repeat(1000)}{"S":"x"}${']}'.repeat(1000)}`;
    const answer = await dynamo(`{"TableName":"t","Item":{"k":${deep}}}`);
    expect(answer.status).toBe(400);
    expect(json(answer)).toEqual({ __type: 'com.amazon.coral.validate#ValidationException', message: 'Nesting Levels have exceeded supported limits' });
    const list = await dynamo('{}', 'DynamoDB_20120810.ListTables');
    expect(list.status).toBe(200);
  });

  it('still accepts 32 levels', async () => {
    const client = new DynamoDBClient(cloud.clientConfig);
    await client.send(new CreateTableCommand({ TableName: 'deep', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.05 }, { TableName: 'deep' });
    const deep = `${'{"L":['.repeat(31)}{"S":"x"}${']}'.repeat(31)}`;
    const answer = await dynamo(`{"TableName":"deep","Item":{"k":{"S":"a"},"v":${deep}}}`);
    expect(answer.status, answer.text).toBe(200);
  });
});

describe('a failed operation keeps the state of a restart', () => {
  it('keeps every function across a restart after a refused write', async () => {
    const first = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    const role = await createLambdaRole(first, 'restart-role');
    const lambda = new LambdaClient(first.clientConfig);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'kept', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: Buffer.from(ZIP, 'base64') } }));
    await lambdaCall(first, 'POST', '/2015-03-31/functions', `{"FunctionName":"bad","Role":"${role}","Code":{"ZipFile":"${ZIP}"},"Tags":{"t":${"[".repeat(5000)}1${"]".repeat(5000)}}}`);
    await first.stop();
    const second = await startTestCloud({ stateDir: first.stateDir });
    try {
      const again = new LambdaClient(second.clientConfig);
      expect((await again.send(new GetFunctionCommand({ FunctionName: 'kept' }))).Configuration?.FunctionName).toBe('kept');
    } finally {
      await second.dispose();
      await first.dispose().catch(() => undefined);
    }
  });
});
