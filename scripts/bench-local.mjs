#!/usr/bin/env node
// Benchmark of the local cloud's execute-api data plane. Run after `npm run build`:
//   node scripts/bench-local.mjs [--duration 5] [--connections 32] [--sequential 500]
// It starts a local cloud, deploys a warm Node function behind an AWS (non-proxy, VTL) integration
// and a MOCK integration, drives keep-alive HTTP load on loopback from a worker thread (its own
// event loop), and prints requests/s, p50/p99 latency, and the invoke overhead over calling the
// handler in process. Every loop is bounded by count and time; it stops by itself.
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const HANDLER_SOURCE = `exports.handler = async (event) => ({
  endpoint_url: 'notarealurl', ttl: '300', status: 'healthy', service_name: event.service_name, service_version: event.service_version,
});`;
const REQUEST_TEMPLATE = "{\"service_name\": \"$input.params('serviceName')\",\"service_version\": \"$input.params('serviceVersion')\"}";

if (!isMainThread) {
  runLoad(workerData).then((result) => parentPort.postMessage(result));
} else {
  main().catch((err) => {
    console.error(err?.stack ?? err);
    process.exit(1);
  });
}

// ---------- load generator (worker thread) ----------

async function runLoad({ url, connections, durationMs, maxRequests }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies = [];
  let errors = 0;
  let statusMismatch = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const one = () => new Promise((resolve) => {
    const t0 = performance.now();
    const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'GET' }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        if (res.statusCode !== 200) statusMismatch++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
  const lane = async () => {
    while (performance.now() < deadline && sent < maxRequests) {
      sent++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, errors, statusMismatch, elapsed };
}

// ---------- orchestration (main thread) ----------

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarize(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

function load(url, connections, durationMs, maxRequests) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { url, connections, durationMs, maxRequests } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** A one-file deployment package, zipped by the project's own deterministic zip (dist). */
async function zipOf(name, content) {
  const { deterministicZip } = await import(new URL('../dist/src/build/zip.js', import.meta.url).href);
  return deterministicZip([{ name, data: Buffer.from(content) }]);
}

async function deploy(cloud) {
  const { IAMClient, CreateRoleCommand } = await import('@aws-sdk/client-iam');
  const { LambdaClient, CreateFunctionCommand, AddPermissionCommand, waitUntilFunctionActiveV2 } = await import('@aws-sdk/client-lambda');
  const { APIGatewayClient, ImportRestApiCommand, CreateDeploymentCommand } = await import('@aws-sdk/client-api-gateway');
  const config = { endpoint: cloud.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const { Role } = await new IAMClient(config).send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: trust }));
  const lambda = new LambdaClient(config);
  const fn = await lambda.send(new CreateFunctionCommand({
    FunctionName: 'bench_catalog', Runtime: 'nodejs22.x', Role: Role.Arn, Handler: 'index.handler', Code: { ZipFile: await zipOf('index.js', HANDLER_SOURCE) },
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { FunctionName: 'bench_catalog' });
  await lambda.send(new AddPermissionCommand({
    FunctionName: 'bench_catalog', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:*`,
  }));
  const swagger = {
    swagger: '2.0',
    info: { title: 'bench', version: '1.0.0' },
    paths: {
      '/catalog/{serviceName}/{serviceVersion}': {
        get: {
          parameters: [{ name: 'serviceName', in: 'path', required: true, type: 'string' }, { name: 'serviceVersion', in: 'path', required: true, type: 'string' }],
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'aws', httpMethod: 'POST',
            uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`,
            requestTemplates: { 'application/json': REQUEST_TEMPLATE },
            responses: { default: { statusCode: '200' } },
          },
        },
      },
      '/mock': {
        get: {
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"healthy": true, "requestId": "$context.requestId"}' } } },
          },
        },
      },
    },
  };
  const apigw = new APIGatewayClient(config);
  const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(swagger)) }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'bench' }));
  return { apiId: api.id };
}

/** p50/p99 of calling the handler in process (no HTTP, no gateway, no Lambda runtime). */
async function inProcessBaseline(iterations) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-handler-'));
  const file = join(dir, 'handler.cjs');
  writeFileSync(file, HANDLER_SOURCE);
  try {
    const { handler } = (await import(pathToFileURL(file).href)).default;
    const event = { service_name: 'testservice1', service_version: '1.0' };
    for (let i = 0; i < 1000; i++) await handler(event);
    const latencies = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      // What API Gateway + Lambda add on top is measured against the handler plus its JSON round trip.
      JSON.stringify(await handler(JSON.parse(JSON.stringify(event))));
      latencies.push(performance.now() - t0);
    }
    return summarize(latencies);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(3)} ms` : 'n/a');

async function main() {
  const durationMs = arg('duration', 5) * 1000;
  const connections = arg('connections', 32);
  const sequential = arg('sequential', 500);
  const maxRequests = arg('max-requests', 200_000);
  let startLocalCloud;
  try {
    ({ startLocalCloud } = await import('../dist/src/local/index.js'));
  } catch (err) {
    console.error(`Cannot load dist/src/local/index.js (${err.message}). Run "npm run build" first.`);
    process.exit(2);
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-local-'));
  const cloud = await startLocalCloud({ port: 0, stateDir, faults: { lambdaStateDelayMs: 0 } });
  try {
    const { apiId } = await deploy(cloud);
    const base = `${cloud.url}/restapis/${apiId}/bench/_user_request_`;
    const targets = [
      ['AWS (Lambda, VTL)', `${base}/catalog/testservice1/1.0`],
      ['MOCK', `${base}/mock`],
    ];
    const baseline = await inProcessBaseline(sequential * 10);
    const results = [];
    for (const [name, url] of targets) {
      await load(url, 4, 2000, 500); // warm-up: worker processes, template caches, route trees
      const seq = await load(url, 1, durationMs, sequential);
      const conc = await load(url, connections, durationMs, maxRequests);
      results.push({ name, seq: summarize(seq.latencies), conc: { ...summarize(conc.latencies), rps: conc.latencies.length / conc.elapsed, errors: conc.errors + conc.statusMismatch } });
    }

    const lines = [];
    lines.push(`execute-api benchmark — node ${process.version}, ${(await import('node:os')).cpus().length} CPUs, ${connections} connections, ${durationMs / 1000}s per load run`);
    lines.push('');
    lines.push('| integration | req/s | p50 | p99 | errors | sequential p50 | sequential p99 |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      lines.push(`| ${r.name} | ${r.conc.rps.toFixed(0)} | ${fmt(r.conc.p50)} | ${fmt(r.conc.p99)} | ${r.conc.errors} | ${fmt(r.seq.p50)} | ${fmt(r.seq.p99)} |`);
    }
    const aws = results[0];
    lines.push('');
    lines.push(`handler in process: p50 ${fmt(baseline.p50)}, p99 ${fmt(baseline.p99)} (${baseline.n} calls)`);
    lines.push(`invoke overhead (sequential p50 through HTTP + gateway + VTL + warm Lambda, minus in-process p50): ${fmt(aws.seq.p50 - baseline.p50)}`);
    lines.push(`aim: >= 1000 req/s through the warm Lambda (${aws.conc.rps >= 1000 ? 'met' : 'NOT met'}), < 2 ms p50 overhead (${aws.seq.p50 - baseline.p50 < 2 ? 'met' : 'NOT met'})`);
    console.log(lines.join('\n'));
  } finally {
    await cloud.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
