#!/usr/bin/env node
// The deploy engine's two speed targets (issue #11), measured side by side in one run and
// printed as ratios. Run after `npm run build`:
//   node scripts/bench-deploy-ratios.mjs [--latency-ms 50] [--rounds 3]
// 1. Fresh deploy of a 50-function project against a 1-function one, to a local cloud that adds
//    --latency-ms to every control-plane call; rounds alternate 1 and 50 (target: <= 1.3x).
// The local cloud runs in a process of its own (`discovery-cli local start`), as AWS is elsewhere:
// its CPU is not the engine's.
// 2. A no-change redeploy of this project by the CLI binary (process wall) against
//    `discovery-cli --version` (process wall), alternated (target: <= 5x).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI as bin, median, option, REPO as root, startLocalCloudProcess } from './lib/bench.mjs';

const latencyMs = Number(option('latency-ms', '50'));
const rounds = Number(option('rounds', '3'));
const dist = (path) => pathToFileURL(join(root, 'dist', path)).href;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A project of `count` Node functions, each with its own handler file. */
function makeProject(dir, project, count) {
  mkdirSync(join(dir, 'handlers'), { recursive: true });
  const functions = {};
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, 'handlers', `f${i}.mjs`), `export const handler = async () => ({ n: ${i} });\n`);
    functions[`f${i}`] = { handler: `handlers/f${i}.mjs`, runtime: 'nodejs22.x' };
  }
  writeFileSync(join(dir, 'discovery.config.json'), JSON.stringify({ project, functions }, null, 2));
  return join(dir, 'discovery.config.json');
}

/** Process wall of one CLI run; asynchronous, since the local cloud serves it from this process. */
function processWallMs(argv, env) {
  return new Promise((resolveRun, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolveRun(ms);
      else reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { deploy } = await import(dist('src/deploy/run.js'));
  const work = mkdtempSync(join(tmpdir(), 'bench-deploy-ratios-'));

  // 1. Fresh deploys, 1 against 50 functions, under control-plane latency.
  const slow = await startLocalCloudProcess(join(work, 'slow-cloud'), latencyMs ? ['--latency-ms', String(latencyMs)] : []);
  const fresh = { 1: [], 50: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const count of [1, 50]) {
        const configPath = makeProject(join(work, `p${count}-${round}`), `bench${count}r${round}`, count);
        const result = await deploy({ configPath, stage: 'bench', endpointUrl: slow.url, env: {}, credentials });
        fresh[count].push(result.wallMs);
      }
    }
  } finally {
    await slow.stop();
  }

  // 2. No-change redeploy of this project by the binary, against --version.
  const cloud = await startLocalCloudProcess(join(work, 'cloud'));
  // The repository's own project, on a stage of its own whose state files are removed afterwards.
  const configPath = join(root, 'discovery.config.json');
  const stage = 'benchratios';
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const redeploy = [];
  const version = [];
  try {
    await deploy({ configPath, stage, endpointUrl: cloud.url, env: {}, credentials });
    const deployArgv = [bin, 'deploy', '--config', configPath, '--stage', stage, '--endpoint-url', cloud.url];
    await processWallMs(deployArgv, env); // warm the file cache once for both commands
    for (let round = 0; round < Math.max(rounds, 5); round++) {
      version.push(await processWallMs([bin, '--version'], env));
      redeploy.push(await processWallMs(deployArgv, env));
    }
  } finally {
    await cloud.stop();
    rmSync(work, { recursive: true, force: true });
    const stateFolder = join(root, '.discovery');
    for (const name of existsSync(stateFolder) ? readdirSync(stateFolder) : []) {
      if (name.startsWith(stage)) rmSync(join(stateFolder, name), { force: true, recursive: true });
    }
  }

  const f1 = median(fresh[1]);
  const f50 = median(fresh[50]);
  const r = median(redeploy);
  const v = median(version);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`fresh deploy at ${latencyMs} ms per call, medians of ${rounds} alternated rounds:`);
  console.log(`  1 function ${s(f1)}, 50 functions ${s(f50)}: ratio ${(f50 / f1).toFixed(2)}x (target <= 1.3x) ${f50 / f1 <= 1.3 ? 'met' : 'NOT met'}`);
  console.log(`no-change redeploy of this project (process wall), medians of ${redeploy.length} alternated runs:`);
  console.log(`  redeploy ${r.toFixed(0)} ms, --version ${v.toFixed(0)} ms: ratio ${(r / v).toFixed(2)}x (target <= 5x) ${r / v <= 5 ? 'met' : 'NOT met'}`);
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
