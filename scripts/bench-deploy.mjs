#!/usr/bin/env node
// Benchmark of the deploy engine. Run after `npm run build`:
//   node scripts/bench-deploy.mjs [--latency-ms 50] [--config discovery.config.json]
// Starts a local cloud that adds --latency-ms to every control-plane call, then deploys the
// project twice (fresh, then with no change) and prints for each: wall time, the API calls the
// cloud served (GET /_local/calls), writes among them, and the depth of the critical path of
// dependent calls (recorded by the engine's call log). Figures only; nothing is asserted.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { option } from './lib/bench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const latencyMs = Number(option('latency-ms', '50'));
const dist = (path) => pathToFileURL(join(root, 'dist', path)).href;

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { startLocalCloud } = await import(dist('src/local/index.js'));
  const { deploy } = await import(dist('src/deploy/run.js'));

  // The repository's own project, or the engine's fixture when there is none. Stage "bench"; its
  // state file (.discovery/bench.json beside the config) is removed afterwards.
  const given = resolve(root, option('config', 'discovery.config.json'));
  const configPath = existsSync(given) ? given : join(root, 'test/fixtures/deploy-basic/discovery.config.json');
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-deploy-cloud-'));
  const cloud = await startLocalCloud({ port: 0, stateDir, faults: { latencyMs } });
  const served = async () => (await (await fetch(`${cloud.url}/_local/calls`)).json()).calls.filter((c) => c.service !== 'execute-api');
  const options = { configPath, stage: 'bench', endpointUrl: cloud.url, env: {}, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

  const rows = [];
  try {
    for (const label of ['fresh deploy', 'no-change redeploy']) {
      cloud.clearCalls();
      const result = await deploy(options);
      const calls = await served();
      // The stage lock's item writes (PutItem/DeleteItem) are not resource writes.
      const writes = calls.filter((c) => !/^(Get|List|Describe)/.test(c.operation) && !(c.service === 'dynamodb' && /Item$/.test(c.operation)));
      const functions = result.report.functions.length;
      rows.push({ label, wallMs: result.wallMs, phases: result.phases, calls: calls.length, writes: writes.length, depth: result.criticalPathDepth, functions });
    }
  } finally {
    await cloud.stop();
    rmSync(join(dirname(configPath), '.discovery', 'bench.json'), { force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }

  console.log(`discovery-cli deploy of ${configPath.slice(root.length + 1)} to a local cloud with ${latencyMs} ms per control-plane call`);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log('run                  wall      (build / read / apply)      calls  writes  critical path (dependent calls)');
  for (const r of rows) {
    const phases = `(${s(r.phases.buildMs)} / ${s(r.phases.readMs)} / ${s(r.phases.applyMs)})`;
    console.log(`${r.label.padEnd(20)} ${s(r.wallMs).padEnd(9)} ${phases.padEnd(27)} ${String(r.calls).padEnd(6)} ${String(r.writes).padEnd(7)} ${r.depth}`);
  }
  const fns = rows[0]?.functions ?? 0;
  console.log(`for comparison, seed 001's sequential scripts: 4 dependent calls per function (${4 * fns} for ${fns} functions), ~${((4 * fns * latencyMs) / 1000).toFixed(2)} s of latency alone, and they fail on a re-run`);
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
