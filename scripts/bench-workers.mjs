#!/usr/bin/env node
// Memory of warm Lambda workers: starts the local cloud, creates and invokes N functions (50 by
// default), then sums the resident memory (VmRSS in /proc/<pid>/status, Linux) of the worker
// processes still alive, at the default warm cap or the one given.
// Run after `npm run build`:
//   node scripts/bench-workers.mjs [--functions 50] [--runtime nodejs22.x|python3.12] [--cap N]
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipOf } from './lib/bench.mjs';

const flag = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const functions = Number(flag('functions', 50));
const runtime = flag('runtime', 'nodejs22.x');
const cap = flag('cap', undefined);

const SOURCES = {
  nodejs: ['index.js', 'index.handler', 'exports.handler = async (event) => ({ ok: true, pid: process.pid, n: event.n });\n'],
  python: ['app.py', 'app.handler', 'import os\n\ndef handler(event, context):\n    return {"ok": True, "pid": os.getpid(), "n": event["n"]}\n'],
};


/** Direct children of this process that run a Lambda runner (the workers). */
function workerPids() {
  const pids = [];
  for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
    let children = '';
    try {
      children = readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'latin1');
    } catch {
      continue;
    }
    for (const pid of children.split(' ').filter(Boolean)) {
      try {
        if (/runner\.(mjs|py)/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'))) pids.push(Number(pid));
      } catch {
        // gone meanwhile
      }
    }
  }
  return pids;
}

function status(pid, field) {
  const match = new RegExp(`\\n${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return match ? Number(match[1]) * 1024 : 0;
}

if (process.platform !== 'linux') {
  console.error('bench-workers reads /proc: Linux only.');
  process.exit(1);
}
let startLocalCloud, DEFAULT_MAX_WARM_WORKERS;
try {
  ({ startLocalCloud } = await import('../dist/src/local/index.js'));
  ({ DEFAULT_MAX_WARM_WORKERS } = await import('../dist/src/local/runtimes/index.js'));
} catch (err) {
  console.error(`Cannot load dist/src/local/index.js (${err.message}). Run "npm run build" first.`);
  process.exit(1);
}
const { IAMClient, CreateRoleCommand } = await import('@aws-sdk/client-iam');
const { LambdaClient, CreateFunctionCommand, InvokeCommand } = await import('@aws-sdk/client-lambda');

const stateDir = mkdtempSync(join(tmpdir(), 'bench-workers-'));
const maxWarmWorkers = cap === undefined ? undefined : Number(cap);
const cloud = await startLocalCloud({ port: 0, stateDir, faults: { lambdaStateDelayMs: 0 }, runtimes: { maxWarmWorkers } });
try {
  const config = { endpoint: cloud.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const { Role } = await new IAMClient(config).send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: trust }));
  const lambda = new LambdaClient(config);
  const [file, handler, source] = SOURCES[runtime.startsWith('python') ? 'python' : 'nodejs'];
  const started = performance.now();
  for (let i = 0; i < functions; i++) {
    const name = `bench_${i}`;
    // Each its own code, as distinct functions have: no shared task root.
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Role: Role.Arn, Handler: handler, Code: { ZipFile: await zipOf(file, `${source}# ${i}\n`.replace('# ', runtime.startsWith('python') ? '# ' : '// ')) } }));
    const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify({ n: i }) }));
    if (answer.FunctionError) throw new Error(`${name}: ${Buffer.from(answer.Payload).toString()}`);
  }
  const warmMs = performance.now() - started;
  const pids = workerPids();
  const rss = pids.map((pid) => status(pid, 'VmRSS'));
  const anon = pids.map((pid) => status(pid, 'RssAnon'));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
  console.log(`${functions} ${runtime} functions created and invoked once in ${(warmMs / 1000).toFixed(1)} s (host node ${process.version})`);
  console.log(`warm cap: ${maxWarmWorkers ?? `${DEFAULT_MAX_WARM_WORKERS} (default)`}; live workers: ${pids.length}`);
  console.log(`| measure | total | per worker |`);
  console.log(`| --- | ---: | ---: |`);
  console.log(`| VmRSS | ${mb(sum(rss))} | ${mb(sum(rss) / Math.max(1, pids.length))} |`);
  console.log(`| RssAnon (private) | ${mb(sum(anon))} | ${mb(sum(anon) / Math.max(1, pids.length))} |`);
  console.log(`aim: total VmRSS within 1 GiB (${sum(rss) <= 1024 ** 3 ? 'met' : 'NOT met'})`);
} finally {
  await cloud.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
