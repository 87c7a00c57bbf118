#!/usr/bin/env node
// Cost of IAM enforcement. Run after `npm run build`:
//   node scripts/bench-iam.mjs [--requests 500] [--rounds 10]
// 1. Warm-Lambda data plane: two local clouds, iam 'off' and 'enforce', each with the same API
//    (AWS_PROXY GET /item) in front of a Node function that reads one DynamoDB item with its
//    execution role's credentials (so enforcement judges the gateway's invoke under the function
//    policy, the handler's GetItem as the role, and the log writes). Interleaved rounds in one run
//    (off, enforce, off, ...) so machine noise hits both alike; prints p50 per mode and the ratio.
// Starts one local cloud with iam 'off' and one with 'enforce', creates the same table and an IAM
// user whose inline policy allows the table, then sends the same sequential GetItem requests
// signed with that user's keys to each, and prints p50/p99 latency and the difference.
// Also times authorize() alone (the evaluator in process). Bounded by the request count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startLocalCloud } from '../dist/src/local/index.js';
import { deterministicZip } from '../dist/src/build/zip.js';

const argIndex = process.argv.indexOf('--requests');
const REQUESTS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 500;
const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const roundsIndex = process.argv.indexOf('--rounds');
const ROUNDS = roundsIndex > 0 ? Number(process.argv[roundsIndex + 1]) : 10;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(mode) {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-iam-'));
  const cloud = await startLocalCloud({ port: 0, stateDir, iam: mode });
  try {
    const config = { endpoint: cloud.url, region: 'us-east-1', credentials: ROOT };
    const iam = new IAMClient(config);
    await new DynamoDBClient(config).send(new CreateTableCommand({ TableName: 'Music', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    await iam.send(new CreateUserCommand({ UserName: 'bench' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'bench', PolicyName: 'music', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: 'arn:aws:dynamodb:*:*:table/Music' }] }) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }));
    const client = new DynamoDBClient({ ...config, credentials: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey } });
    await client.send(new PutItemCommand({ TableName: 'Music', Item: { id: { S: '1' } } }));
    for (let i = 0; i < 50; i++) await client.send(new GetItemCommand({ TableName: 'Music', Key: { id: { S: '1' } } }));
    const latencies = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      await client.send(new GetItemCommand({ TableName: 'Music', Key: { id: { S: '1' } } }));
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    let authorizeUs;
    if (mode === 'enforce') {
      const n = 20_000;
      const started = performance.now();
      for (let i = 0; i < n; i++) cloud.ctx.ports.iam.authorize(AccessKey.AccessKeyId, 'dynamodb:GetItem', ['arn:aws:dynamodb:us-east-1:000000000000:table/Music']);
      authorizeUs = ((performance.now() - started) * 1000) / n;
    }
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), authorizeUs };
  } finally {
    await cloud.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

const HANDLER = `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
exports.handler = async () => {
  const { Item } = await client.send(new GetItemCommand({ TableName: 'Catalog', Key: { id: { S: '1' } } }));
  return { statusCode: 200, body: JSON.stringify(Item) };
};`;

/** One cloud with the API, the function, its role (GetItem on Catalog, its logs) and the item. */
async function lambdaCloud(mode) {
  const { LambdaClient, CreateFunctionCommand, AddPermissionCommand, waitUntilFunctionActiveV2 } = await import('@aws-sdk/client-lambda');
  const { APIGatewayClient, ImportRestApiCommand, CreateDeploymentCommand } = await import('@aws-sdk/client-api-gateway');
  const { CreateRoleCommand, PutRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-iam-lambda-'));
  const cloud = await startLocalCloud({ port: 0, stateDir, iam: mode });
  const config = { endpoint: cloud.url, region: 'us-east-1', credentials: ROOT };
  const dynamodb = new DynamoDBClient(config);
  await dynamodb.send(new CreateTableCommand({ TableName: 'Catalog', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.2 }, { TableName: 'Catalog' });
  await dynamodb.send(new PutItemCommand({ TableName: 'Catalog', Item: { id: { S: '1' }, endpoint_url: { S: 'https://example.test/v1' } } }));
  const iam = new IAMClient(config);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench', PolicyName: 'least', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/bench:*' },
    { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/Catalog' },
  ] }) }));
  const lambda = new LambdaClient(config);
  const zip = await deterministicZip([{ name: 'index.js', data: Buffer.from(HANDLER) }]);
  const fn = await lambda.send(new CreateFunctionCommand({ FunctionName: 'bench', Runtime: 'nodejs22.x', Role: Role.Arn, Handler: 'index.handler', Code: { ZipFile: zip } }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { FunctionName: 'bench' });
  const swagger = { swagger: '2.0', info: { title: 'bench', version: '1' }, paths: { '/item': { get: { responses: { 200: { description: 'ok' } },
    'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations` } } } } };
  const apigw = new APIGatewayClient(config);
  const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(swagger)) }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'bench', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${api.id}/*/GET/item` }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'bench' }));
  const url = `${cloud.url}/restapis/${api.id}/bench/_user_request_/item`;
  return { cloud, url, stop: async () => { await cloud.stop(); rmSync(stateDir, { recursive: true, force: true }); } };
}

async function timed(url, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body}`);
    out.push(performance.now() - started);
  }
  return out;
}

const offCloud = await lambdaCloud('off');
const enforceCloud = await lambdaCloud('enforce');
const byMode = { off: [], enforce: [] };
const roundRatios = [];
try {
  await timed(offCloud.url, 30);
  await timed(enforceCloud.url, 30);
  const perRound = Math.max(1, Math.floor(REQUESTS / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which mode goes first, so neither always runs on the warmer machine.
    const order = round % 2 === 0 ? ['off', 'enforce'] : ['enforce', 'off'];
    const medians = {};
    for (const mode of order) {
      const latencies = await timed(mode === 'off' ? offCloud.url : enforceCloud.url, perRound);
      byMode[mode].push(...latencies);
      medians[mode] = percentile([...latencies].sort((a, b) => a - b), 50);
    }
    roundRatios.push(medians.enforce / medians.off);
  }
  const denied = enforceCloud.cloud.ctx.ports.iamEnforcement.decisions().filter((d) => !d.allowed);
  if (denied.length) throw new Error(`enforcement denied ${denied.length} calls: ${denied[0].message}`);
} finally {
  await offCloud.stop();
  await enforceCloud.stop();
}
const lambdaP = (mode, p) => percentile([...byMode[mode]].sort((a, b) => a - b), p);
const sortedRatios = [...roundRatios].sort((a, b) => a - b);
console.log(`Warm Lambda behind API Gateway (AWS_PROXY, handler reads DynamoDB as its role), ${ROUNDS} interleaved rounds x ${Math.floor(REQUESTS / ROUNDS)} requests per mode`);
console.log(`  iam off:     p50 ${lambdaP('off', 50).toFixed(2)} ms  p99 ${lambdaP('off', 99).toFixed(2)} ms`);
console.log(`  iam enforce: p50 ${lambdaP('enforce', 50).toFixed(2)} ms  p99 ${lambdaP('enforce', 99).toFixed(2)} ms`);
console.log(`  ratio enforce/off: p50 ${(lambdaP('enforce', 50) / lambdaP('off', 50)).toFixed(3)}  (median of per-round p50 ratios ${percentile(sortedRatios, 50).toFixed(3)}, range ${sortedRatios[0].toFixed(3)}..${sortedRatios.at(-1).toFixed(3)})`);

const off = await run('off');
const enforce = await run('enforce');
const fmt = (ms) => `${ms.toFixed(2)} ms`;
console.log(`DynamoDB GetItem, ${REQUESTS} sequential requests signed by an IAM user`);
console.log(`  iam off:     p50 ${fmt(off.p50)}  p99 ${fmt(off.p99)}`);
console.log(`  iam enforce: p50 ${fmt(enforce.p50)}  p99 ${fmt(enforce.p99)}  (p50 +${(((enforce.p50 - off.p50) / off.p50) * 100).toFixed(1)}%)`);
console.log(`  authorize() alone: ${enforce.authorizeUs.toFixed(1)} µs per call`);
