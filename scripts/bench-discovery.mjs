#!/usr/bin/env node
// Benchmark of the service discovery catalog, with the load in a separate process (so the load
// generator does not share an event loop with the local cloud it measures):
//   - lookups per second and p50/p99 latency through the local cloud (API Gateway data plane ->
//     VTL -> warm Lambda -> DynamoDB): the series' lookup, and ?instances=all
//   - the client library's cached lookups (no HTTP call)
//   - the client's instance-balanced calls: `call` over three instances (weighted random), with
//     the instance list cached
//
//   npm run build && node scripts/bench-discovery.mjs [--seconds 5] [--concurrency 16] [--catalog-url URL]
//
// Without --catalog-url it starts a fresh local cloud on a free port, deploys this project to it
// with `discovery-cli deploy`, and registers the services to look up and call.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deployDiscoveryProject, REPO } from './lib/bench.mjs';
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    'catalog-url': { type: 'string' },
    'cached-lookups': { type: 'string', default: '1000000' },
    load: { type: 'string' }, // internal: run as the load process with this JSON job
  },
});
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const { createDiscoveryClient } = await import(join(REPO, 'dist/src/discovery/index.js'));

if (values.load) {
  process.stdout.write(`${JSON.stringify(await runLoad(JSON.parse(values.load)))}\n`);
  process.exit(0);
}

const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
let cleanup = async () => {};
let catalogUrl = values['catalog-url'];
if (!catalogUrl) ({ catalogUrl, cleanup } = await deployToFreshLocalCloud());
const instances = await startInstanceServers(3);

try {
  const client = createDiscoveryClient({ catalogUrl, region: 'us-east-1', credentials });
  await client.register({ serviceName: 'bench_service', serviceVersion: '1.0', endpointUrl: 'https://bench.example/v1', ttl: 300, status: 'healthy' });
  for (const [i, server] of instances.servers.entries()) {
    await client.register({ serviceName: 'bench_balanced', serviceVersion: '1.0', instanceId: `i${i}`, endpointUrl: server.url, ttl: 300, status: 'healthy', weight: i + 1 });
  }
  const base = catalogUrl.replace(/\/+$/, '');
  const job = { catalogUrl: base, seconds, concurrency, cachedLookups: Number(values['cached-lookups']) };
  process.stderr.write(`load process: ${concurrency} concurrent, ${seconds} s per run ...\n`);
  const result = await inChild(job);

  const line = (r) => `${Math.round(r.count / r.elapsed).toLocaleString('en-US')} lookups/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.errors} errors`;
  console.log(`catalog lookups through the local cloud (${concurrency} concurrent, load in a separate process):`);
  console.log(`  GET /catalog/{name}/{version} (the series' lookup): ${line(result.series)}`);
  console.log(`  GET /catalog/{name}/{version}?instances=all:         ${line(result.instances)}`);
  console.log(`client cached lookups: ${Math.round(result.cached.rate).toLocaleString('en-US')} lookups/s (${result.cached.n} lookups, no HTTP calls)`);
  console.log(`client instance-balanced calls (3 instances, weights 1:2:3, instance list cached): ${Math.round(result.balanced.count / result.balanced.elapsed).toLocaleString('en-US')} calls/s, ` +
    `p50 ${result.balanced.p50.toFixed(2)} ms, p99 ${result.balanced.p99.toFixed(2)} ms, ${result.balanced.errors} errors; share ${instances.servers.map((s) => s.hits).join(':')}`);
} finally {
  await instances.close();
  await cleanup();
}

/** Runs this script again as the load process and reads its JSON answer. */
function inChild(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--load', JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the load process exited ${code}`))));
  });
}

async function runLoad(job) {
  const series = `${job.catalogUrl}/catalog/bench_service/1.0`;
  const listed = `${job.catalogUrl}/catalog/bench_service/1.0?instances=all`;
  // Warm as many workers as there will be concurrent requests, so cold starts stay out of the figures.
  for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: job.concurrency }, () => expectOk(series)));
  const results = {
    series: summarise(await load(() => fetch(series), job.seconds * 1000, job.concurrency)),
    instances: summarise(await load(() => fetch(listed), job.seconds * 1000, job.concurrency)),
  };

  const client = createDiscoveryClient({ catalogUrl: job.catalogUrl, region: 'us-east-1', credentials });
  await client.lookup('bench_service', '1.0');
  const started = performance.now();
  for (let i = 0; i < job.cachedLookups; i++) await client.lookup('bench_service', '1.0');
  results.cached = { n: job.cachedLookups, rate: job.cachedLookups / ((performance.now() - started) / 1000) };

  await client.call('bench_balanced', '1.0');
  results.balanced = summarise(await load(() => client.call('bench_balanced', '1.0'), job.seconds * 1000, job.concurrency));
  return results;
}

async function load(request, durationMs, workers) {
  const latencies = [];
  let count = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        const res = await request();
        await res.arrayBuffer();
        if (res.status === 200) count++;
        else errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  }));
  return { count, errors, latencies, elapsed: (performance.now() - started) / 1000 };
}

function summarise({ count, errors, latencies, elapsed }) {
  latencies.sort((a, b) => a - b);
  const pct = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  return { count, errors, elapsed, p50: pct(0.5), p99: pct(0.99) };
}

async function expectOk(url) {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`lookup ${url} answered ${res.status}: ${text}`);
}

/** Tiny HTTP services the balanced calls go to; each counts its hits. */
async function startInstanceServers(n) {
  const servers = [];
  for (let i = 0; i < n; i++) {
    const entry = { hits: 0, url: '' };
    const server = createServer((req, res) => {
      entry.hits++;
      res.setHeader('content-type', 'application/json');
      res.end('{"message":"Hello World"}');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    entry.url = `http://127.0.0.1:${server.address().port}/hello`;
    entry.server = server;
    servers.push(entry);
  }
  return { servers, close: () => Promise.all(servers.map((s) => new Promise((resolve) => s.server.close(resolve)))) };
}

async function deployToFreshLocalCloud() {
  const { startLocalCloud } = await import(join(REPO, 'dist/src/local/index.js'));
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-discovery-cloud-'));
  const projectDir = mkdtempSync(join(tmpdir(), 'bench-discovery-project-'));
  const cloud = await startLocalCloud({ port: 0, stateDir });
  process.stderr.write(`deploying the discovery project to ${cloud.url} ...\n`);
  return {
    catalogUrl: await deployDiscoveryProject(cloud.url, projectDir),
    cleanup: async () => {
      await cloud.stop();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(projectDir, { recursive: true, force: true });
    },
  };
}
