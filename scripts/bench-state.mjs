#!/usr/bin/env node
// Does a control-plane write cost the change or the state held? Run after `npm run build`:
//   node scripts/bench-state.mjs [--samples 40] [--apis 250] [--functions 500] [--items 100000] [--dist DIR]
// The local cloud runs in a child process (its CPU is not the client's); this process sends
// single calls with the AWS SDK and times them. For each operation it prints the p50 with
// nothing held, the p50 with the state filled, and their ratio (the target is <= 1.3x).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zipOf } from './lib/bench.mjs';

const args = parseArgs(process.argv.slice(2));
const here = fileURLToPath(new URL('.', import.meta.url));
const distDir = resolve(args.dist ?? join(here, '..', 'dist'));

if (args.serve) serve(args.serve).catch((err) => { console.error(err?.stack ?? err); process.exit(1); });
else main().catch((err) => { console.error(err?.stack ?? err); process.exit(1); });

// ---------- the local cloud (child process) ----------

async function serve(stateDir) {
  const { startLocalCloud } = await import(pathToFileURL(join(distDir, 'src/local/index.js')).href);
  const cloud = await startLocalCloud({ port: 0, stateDir, faults: { lambdaStateDelayMs: 0 } });
  process.send({ url: cloud.url });
  process.on('message', async (m) => {
    if (m === 'stop') {
      await cloud.stop();
      process.exit(0);
    }
  });
}

// ---------- the client (this process) ----------

async function main() {
  const samples = Number(args.samples ?? 40);
  const apis = Number(args.apis ?? 250);
  const functions = Number(args.functions ?? 500);
  const items = Number(args.items ?? 100_000);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-state-'));
  const child = fork(fileURLToPath(import.meta.url), ['--serve', stateDir, '--dist', distDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { url } = await new Promise((res, rej) => { child.once('message', res); child.once('exit', (code) => rej(new Error(`local cloud exited ${code}`))); });
  const sdk = await loadSdk();
  const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const apigw = new sdk.apigw.APIGatewayClient(config);
  const lambda = new sdk.lambda.LambdaClient(config);
  const ddb = new sdk.ddb.DynamoDBClient(config);
  const iam = new sdk.iam.IAMClient(config);
  console.log(`bench-state: local cloud ${url} (child pid ${child.pid}), ${samples} samples per figure, dist ${distDir}`);
  const lines = [];
  try {
    // ImportRestApi: a 12-resource Swagger 2.0 API with MOCK integrations.
    const body = Buffer.from(JSON.stringify(swagger(12)));
    const importOnce = async () => {
      const t0 = performance.now();
      const { id } = await apigw.send(new sdk.apigw.ImportRestApiCommand({ body }));
      const ms = performance.now() - t0;
      await apigw.send(new sdk.apigw.DeleteRestApiCommand({ restApiId: id }));
      return ms;
    };
    await warm(importOnce);
    const importEmpty = await timed(samples, importOnce);
    for (let i = 0; i < apis; i++) await apigw.send(new sdk.apigw.ImportRestApiCommand({ body }));
    const importFull = await timed(samples, importOnce);
    lines.push(figure(`import_rest_api (${apis} APIs held vs none)`, importEmpty, importFull));

    // CreateFunction: a tiny Node function (the code zip is stored once, by content).
    const role = (await iam.send(new sdk.iam.CreateRoleCommand({ RoleName: 'bench-state', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }))).Role.Arn;
    const zip = await zipOf('index.js', 'exports.handler = async () => "ok";');
    let n = 0;
    const create = (name) => lambda.send(new sdk.lambda.CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: zip } }));
    const createOnce = async () => {
      const name = `probe-${n++}`;
      const t0 = performance.now();
      await create(name);
      const ms = performance.now() - t0;
      await lambda.send(new sdk.lambda.DeleteFunctionCommand({ FunctionName: name }));
      return ms;
    };
    await warm(createOnce);
    const createEmpty = await timed(samples, createOnce);
    for (let i = 0; i < functions; i++) await create(`held-${i}`);
    const createFull = await timed(samples, createOnce);
    lines.push(figure(`CreateFunction (${functions} functions held vs none)`, createEmpty, createFull));

    // PutItem: one table, then filled by BatchWriteItem.
    await ddb.send(new sdk.ddb.CreateTableCommand({ TableName: 'bench', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    await sdk.ddb.waitUntilTableExists({ client: ddb, maxWaitTime: 60 }, { TableName: 'bench' });
    let k = 0;
    const putOnce = async () => {
      const t0 = performance.now();
      await ddb.send(new sdk.ddb.PutItemCommand({ TableName: 'bench', Item: { pk: { S: `probe-${k++}` }, v: { S: 'x'.repeat(100) } } }));
      return performance.now() - t0;
    };
    await warm(putOnce);
    const putEmpty = await timed(samples * 5, putOnce); // cheap calls: more samples against LevelDB's background compaction noise
    for (let i = 0; i < items; i += 25) {
      const batch = [];
      for (let j = i; j < Math.min(items, i + 25); j++) batch.push({ PutRequest: { Item: { pk: { S: `held-${j}` }, v: { S: 'x'.repeat(100) } } } });
      await ddb.send(new sdk.ddb.BatchWriteItemCommand({ RequestItems: { bench: batch } }));
    }
    // LevelDB compacts in the background after the bulk load; the probe is warmed again, as for the empty table.
    await warm(putOnce);
    const putFull = await timed(samples * 5, putOnce);
    lines.push(figure(`PutItem (${items} items held vs none)`, putEmpty, putFull));
  } finally {
    child.send('stop');
    await new Promise((res) => child.once('exit', res));
    rmSync(stateDir, { recursive: true, force: true });
  }
  for (const line of lines) console.log(line);
}

async function loadSdk() {
  const [apigw, lambda, ddb, iam] = await Promise.all([
    import('@aws-sdk/client-api-gateway'), import('@aws-sdk/client-lambda'), import('@aws-sdk/client-dynamodb'), import('@aws-sdk/client-iam'),
  ]);
  return { apigw, lambda, ddb, iam };
}

async function warm(fn) {
  for (let i = 0; i < 20; i++) await fn();
}

async function timed(count, fn) {
  const ms = [];
  for (let i = 0; i < count; i++) ms.push(await fn());
  return ms;
}

function figure(label, empty, full) {
  const a = p50(empty);
  const b = p50(full);
  return `${label}: p50 ${a.toFixed(2)} ms empty, ${b.toFixed(2)} ms full, ratio ${(b / a).toFixed(2)}x (target <= 1.3x)`;
}

function p50(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

function swagger(resources) {
  const paths = {};
  for (let i = 0; i < resources; i++) {
    paths[`/r${i}/{id}`] = {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
        responses: { 200: { description: 'ok' } },
        'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
      },
    };
  }
  return { swagger: '2.0', info: { title: 'bench-state', version: '1' }, paths };
}


function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1]?.startsWith('--') ? true : argv[++i];
  return out;
}
