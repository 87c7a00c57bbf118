#!/usr/bin/env node
// Cost of IAM enforcement on DynamoDB GetItem. Run after `npm run build`:
//   node scripts/bench-iam.mjs [--requests 500]
// Starts one local cloud with iam 'off' and one with 'enforce', creates the same table and an IAM
// user whose inline policy allows the table, then sends the same sequential GetItem requests
// signed with that user's keys to each, and prints p50/p99 latency and the difference.
// Also times authorize() alone (the evaluator in process). Bounded by the request count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startLocalCloud } from '../dist/src/local/index.js';

const argIndex = process.argv.indexOf('--requests');
const REQUESTS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 500;
const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };

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

const off = await run('off');
const enforce = await run('enforce');
const fmt = (ms) => `${ms.toFixed(2)} ms`;
console.log(`DynamoDB GetItem, ${REQUESTS} sequential requests signed by an IAM user`);
console.log(`  iam off:     p50 ${fmt(off.p50)}  p99 ${fmt(off.p99)}`);
console.log(`  iam enforce: p50 ${fmt(enforce.p50)}  p99 ${fmt(enforce.p99)}  (p50 +${(((enforce.p50 - off.p50) / off.p50) * 100).toFixed(1)}%)`);
console.log(`  authorize() alone: ${enforce.authorizeUs.toFixed(1)} µs per call`);
