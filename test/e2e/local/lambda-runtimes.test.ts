// Real handlers in the local Lambda, driven by independent clients: an ESM handler using
// @aws-sdk/client-dynamodb, the seeds' Python handlers using boto3 and logging unchanged, the
// AWS CLI (create-function --zip-file fileb://) and boto3 as control-plane clients.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole, decode } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const run = promisify(execFile);

// Seed 004's handler, verbatim, as examples/dynamodb-manager ships it.
const SEED_004 = readFileSync(new URL('../../../examples/dynamodb-manager/handlers/lambda_function.py', import.meta.url), 'utf8');

// Seed 001's catalog_service.py (the series' imports and logging setup, then its handler verbatim).
const SEED_001 = readFileSync(new URL('../acceptance/seed-part1/catalog_service.py', import.meta.url), 'utf8');

const ESM_DYNAMO = `import { DynamoDBClient, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async (event) => {
  await client.send(new PutItemCommand({ TableName: event.table, Item: { id: { S: event.id }, by: { S: 'esm' } } }));
  const { Item } = await client.send(new GetItemCommand({ TableName: event.table, Key: { id: { S: event.id } } }));
  return { stored: Item.by.S };
};`;

describe('Lambda runtimes end to end', () => {
  let cloud: TestCloud;
  let lambda: LambdaClient;
  let role: string;
  const work = mkdtempSync(join(tmpdir(), 'lambda-runtimes-'));

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    lambda = new LambdaClient(cloud.clientConfig);
    role = await createLambdaRole(cloud, 'runtime-role');
    // IAM is enforced: the handlers call DynamoDB as this role.
    await new IAMClient(cloud.clientConfig).send(new PutRolePolicyCommand({
      RoleName: 'runtime-role', PolicyName: 'dynamodb',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }),
    }));
    await new DynamoDBClient(cloud.clientConfig).send(new CreateTableCommand({
      TableName: 'lambda-apigateway', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
  });
  afterAll(async () => {
    await cloud.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs an ESM bundle (index.mjs) whose @aws-sdk/client-dynamodb reaches the local DynamoDB', async () => {
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'esm', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: makeZip({ 'index.mjs': ESM_DYNAMO }) } }));
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'esm', Payload: JSON.stringify({ table: 'lambda-apigateway', id: 'from-esm' }) }));
    expect(answer.FunctionError).toBeUndefined();
    expect(decode(answer.Payload)).toEqual({ stored: 'esm' });
    const { Item } = await new DynamoDBClient(cloud.clientConfig).send(new GetItemCommand({ TableName: 'lambda-apigateway', Key: { id: { S: 'from-esm' } } }));
    expect(Item?.by?.S).toBe('esm');
  });

  it("runs seed 004's Python handler unchanged: boto3 reaches the local DynamoDB, errors come back typed", async () => {
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'LambdaFunctionOverHttps', Runtime: 'python3.12', Role: role, Handler: 'lambda_function.lambda_handler', Code: { ZipFile: makeZip({ 'lambda_function.py': SEED_004 }) } }));
    const call = async (event: unknown) => lambda.send(new InvokeCommand({ FunctionName: 'LambdaFunctionOverHttps', Payload: JSON.stringify(event), LogType: 'Tail' }));
    const echo = await call({ operation: 'echo', payload: { somekey1: 'somevalue1' } });
    expect(decode(echo.Payload)).toEqual({ somekey1: 'somevalue1' });
    expect(Buffer.from(echo.LogResult!, 'base64').toString()).toContain('Loading function');
    await call({ operation: 'create', tableName: 'lambda-apigateway', payload: { Item: { id: '1234ABCD', number: 5 } } });
    const read = await call({ operation: 'read', tableName: 'lambda-apigateway', payload: { Key: { id: '1234ABCD' } } });
    expect(decode(read.Payload).Item).toEqual({ id: '1234ABCD', number: 5 });
    const bad = await call({ operation: 'nope' });
    expect(bad.FunctionError).toBe('Unhandled');
    expect(decode(bad.Payload)).toMatchObject({ errorType: 'ValueError', errorMessage: 'Unrecognized operation "nope"' });
  });

  it("deploys seed 001's handler with the AWS CLI (fileb:// zip) and invokes it with the log tail", async () => {
    const zipPath = join(work, 'catalog_service.zip');
    writeFileSync(zipPath, makeZip({ 'catalog_service.py': SEED_001 }));
    const created = JSON.parse((await run('aws', ['lambda', 'create-function', '--function-name', 'catalog_service', '--runtime', 'python3.12',
      '--role', role, '--handler', 'catalog_service.lambda_handler', '--zip-file', `fileb://${zipPath}`, '--description', 'Looking up service information.'], { env: cloud.env })).stdout);
    expect(created).toMatchObject({ FunctionName: 'catalog_service', Runtime: 'python3.12', Description: 'Looking up service information.' });
    const out = join(work, 'out.json');
    const invoked = JSON.parse((await run('aws', ['lambda', 'invoke', '--function-name', 'catalog_service', '--log-type', 'Tail',
      '--payload', '{"service_name": "testservice1", "service_version": "1.0"}', out], { env: cloud.env })).stdout);
    expect(invoked).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ endpoint_url: 'notarealurl', ttl: '300', status: 'healthy' });
    expect(Buffer.from(invoked.LogResult, 'base64').toString()).toMatch(/\[INFO\]\t\S+Z\t\S+\tlambda_handler - service_name: testservice1 service_version: 1.0/);
    // What the handler logged also reaches CloudWatch Logs' /aws/lambda/<function> group.
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/catalog_service' }));
    expect(events?.some((e) => e.message?.includes('service_name: testservice1'))).toBe(true);
    const missing = await run('aws', ['lambda', 'get-policy', '--function-name', 'catalog_service'], { env: cloud.env }).catch((err: { stderr: string }) => err);
    expect((missing as { stderr: string }).stderr).toMatch(/ResourceNotFoundException/);
  });

  it('serves boto3 as a control-plane client: create, publish, alias, permission, invoke, delete', async () => {
    const script = `
import base64, io, json, zipfile, boto3, botocore
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w') as z:
    z.writestr('app.py', 'def handler(event, context):\\n    return {"hello": event["name"], "fn": context.function_name}\\n')
client = boto3.client('lambda')
created = client.create_function(FunctionName='boto', Runtime='python3.13', Role='${role}', Handler='app.handler', Code={'ZipFile': buf.getvalue()})
client.get_waiter('function_active_v2').wait(FunctionName='boto')
version = client.publish_version(FunctionName='boto')['Version']
client.create_alias(FunctionName='boto', Name='live', FunctionVersion=version)
client.add_permission(FunctionName='boto', Qualifier='live', StatementId='gw', Action='lambda:InvokeFunction', Principal='apigateway.amazonaws.com', SourceArn='arn:aws:execute-api:us-east-1:${'0'.repeat(12)}:api/*')
policy = json.loads(client.get_policy(FunctionName='boto', Qualifier='live')['Policy'])
answer = client.invoke(FunctionName='boto', Qualifier='live', Payload=json.dumps({'name': 'py'}))
try:
    client.create_function(FunctionName='old', Runtime='python3.8', Role='${role}', Handler='app.handler', Code={'ZipFile': buf.getvalue()})
    retired = None
except botocore.exceptions.ClientError as err:
    retired = err.response['Error']['Code']
client.delete_function(FunctionName='boto')
try:
    client.get_function(FunctionName='boto')
    gone = None
except client.exceptions.ResourceNotFoundException:
    gone = 'ResourceNotFoundException'
print(json.dumps({'state': created['State'], 'version': version, 'sid': policy['Statement'][0]['Sid'],
  'executed': answer['ExecutedVersion'], 'payload': json.loads(answer['Payload'].read()), 'retired': retired, 'gone': gone}))
`;
    const { stdout } = await run('python3', ['-c', script], { env: cloud.env });
    expect(JSON.parse(stdout)).toEqual({ state: 'Pending', version: '1', sid: 'gw', executed: '1', payload: { hello: 'py', fn: 'boto' }, retired: 'InvalidParameterValueException', gone: 'ResourceNotFoundException' });
  });
});
