#!/usr/bin/env node
// Benchmark of the service discovery catalog: lookups per second and p50/p99 latency through the
// local cloud (API Gateway data plane -> VTL -> warm Lambda -> DynamoDB), and the rate of the
// client library's cached lookups.
//
//   npx tsc -p tsconfig.json && node scripts/bench-discovery.mjs [--seconds 5] [--concurrency 16] [--catalog-url URL]
//
// Without --catalog-url it starts a fresh local cloud on a free port, deploys this project to it
// with `discovery-cli deploy`, and registers a service to look up.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    'catalog-url': { type: 'string' },
    'cached-lookups': { type: 'string', default: '1000000' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

const { createDiscoveryClient } = await import(join(REPO, 'dist/src/discovery/index.js'));

let cleanup = async () => {};
let catalogUrl = values['catalog-url'];
if (!catalogUrl) ({ catalogUrl, cleanup } = await deployToFreshLocalCloud());

try {
  const client = createDiscoveryClient({ catalogUrl, region: 'us-east-1', credentials });
  await client.register({ serviceName: 'bench_service', serviceVersion: '1.0', endpointUrl: 'https://bench.example/v1', ttl: 300, status: 'healthy' });
  const lookupUrl = `${catalogUrl.replace(/\/+$/, '')}/catalog/bench_service/1.0`;
  // Warm as many workers as there will be concurrent requests, so cold starts stay out of the figures.
  for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: concurrency }, () => expectOk(lookupUrl)));

  const { count, errors, latencies, elapsed } = await load(lookupUrl, seconds * 1000, concurrency);
  latencies.sort((a, b) => a - b);
  console.log(`catalog lookups through the local cloud (${concurrency} concurrent, ${elapsed.toFixed(1)} s):`);
  console.log(`  ${Math.round(count / elapsed)} lookups/s, p50 ${pct(latencies, 0.5).toFixed(2)} ms, p99 ${pct(latencies, 0.99).toFixed(2)} ms, ${errors} errors`);

  const n = Number(values['cached-lookups']);
  await client.lookup('bench_service', '1.0');
  const started = performance.now();
  for (let i = 0; i < n; i++) await client.lookup('bench_service', '1.0');
  const cachedSeconds = (performance.now() - started) / 1000;
  console.log(`client cached lookups: ${Math.round(n / cachedSeconds).toLocaleString('en-US')} lookups/s (${n} lookups, no HTTP calls)`);
} finally {
  await cleanup();
}

async function load(url, durationMs, workers) {
  const latencies = [];
  let count = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        const res = await fetch(url);
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

function pct(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

async function expectOk(url) {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`lookup ${url} answered ${res.status}: ${text}`);
}

async function deployToFreshLocalCloud() {
  const { startLocalCloud } = await import(join(REPO, 'dist/src/local/index.js'));
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-discovery-cloud-'));
  const projectDir = mkdtempSync(join(tmpdir(), 'bench-discovery-project-'));
  for (const part of ['discovery.config.json', 'schema', 'handlers', 'swagger', 'src/discovery']) cpSync(join(REPO, part), join(projectDir, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(projectDir, 'node_modules'), 'dir');
  const cloud = await startLocalCloud({ port: 0, stateDir });
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: cloud.url, NO_COLOR: '1' };
  process.stderr.write(`deploying the discovery project to ${cloud.url} ...\n`);
  const { stdout } = await promisify(execFile)('node', [join(REPO, 'bin/discovery-cli.js'), 'deploy', '--config', join(projectDir, 'discovery.config.json'), '--endpoint-url', cloud.url, '--json'], { env, cwd: REPO, maxBuffer: 64 << 20 });
  const deployed = JSON.parse(stdout);
  const catalog = deployed.apis.find((api) => api.name.endsWith('-catalog'));
  if (!catalog) throw new Error(`deploy output has no catalog API: ${stdout.slice(0, 500)}`);
  return {
    catalogUrl: catalog.stageUrl,
    cleanup: async () => {
      await cloud.stop();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(projectDir, { recursive: true, force: true });
    },
  };
}
