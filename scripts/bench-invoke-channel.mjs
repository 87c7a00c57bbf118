#!/usr/bin/env node
// The channel to a warm worker: is a length-prefixed framed pipe cheaper than the JSON lines the
// runners use now (request on stdin, answer on fd 3)? Two echo workers, identical but for the
// framing, answer N sequential requests of a small and a 1 MB event; each round trip is timed.
// The end-to-end figure (RuntimeHost + the real Node runner, the same events) puts the channel's
// share in proportion. Run after `npm run build`: node scripts/bench-invoke-channel.mjs [--n 2000]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const at = process.argv.indexOf('--n');
const N = at > 0 ? Number(process.argv[at + 1]) : 2000;

// The child side of each framing, as the runner does it: parse the request, answer with the event's size.
const LINES_CHILD = `
const net = require('node:net');
const out = new net.Socket({ fd: 3, readable: false, writable: true });
let partial = [];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  let start = 0, nl;
  while ((nl = chunk.indexOf('\\n', start)) >= 0) {
    const line = partial.join('') + chunk.slice(start, nl); partial = []; start = nl + 1;
    const request = JSON.parse(line);
    out.write(JSON.stringify({ requestId: request.requestId, ok: true, payload: JSON.stringify({ size: JSON.stringify(request.event).length }), logs: [] }) + '\\n');
  }
  if (start < chunk.length) partial.push(chunk.slice(start));
});`;
const FRAMED_CHILD = `
const net = require('node:net');
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
// Chunks are kept in a list and joined once a whole frame is in (no quadratic copying).
let chunks = [], total = 0, buffered = Buffer.alloc(0);
channel.on('data', (chunk) => {
  chunks.push(chunk); total += chunk.length;
  if (total < 4 || total < 4 + (chunks[0].length >= 4 ? chunks[0].readUInt32BE(0) : 0)) return;
  buffered = Buffer.concat(chunks, total); chunks = []; total = 0;
  while (buffered.length >= 4) {
    const size = buffered.readUInt32BE(0);
    if (buffered.length < 4 + size) break;
    const request = JSON.parse(buffered.toString('utf8', 4, 4 + size));
    buffered = buffered.subarray(4 + size);
    const body = Buffer.from(JSON.stringify({ requestId: request.requestId, ok: true, payload: JSON.stringify({ size: JSON.stringify(request.event).length }), logs: [] }));
    const head = Buffer.alloc(4); head.writeUInt32BE(body.length);
    channel.write(Buffer.concat([head, body]));
  }
  if (buffered.length) { chunks = [buffered]; total = buffered.length; }
});
process.stdin.resume();`;

function linesWorker() {
  const child = spawn(process.execPath, ['-e', LINES_CHILD], { stdio: ['pipe', 'inherit', 'inherit', 'pipe'] });
  const results = child.stdio[3];
  results.setEncoding('utf8');
  let partial = [];
  let pending;
  results.on('data', (chunk) => {
    let start = 0, nl;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      const line = partial.length ? partial.join('') + chunk.slice(start, nl) : chunk.slice(start, nl);
      partial = []; start = nl + 1;
      pending(JSON.parse(line));
    }
    if (start < chunk.length) partial.push(chunk.slice(start));
  });
  return {
    call(requestId, payload) {
      return new Promise((resolve) => {
        pending = resolve;
        const event = payload.includes('\n') || payload.includes('\r') ? payload.replace(/[\r\n]/g, ' ') : payload;
        const head = JSON.stringify({ requestId, timeoutMs: 3000, invokedFunctionArn: 'arn' });
        child.stdin.write(`${head.slice(0, -1)},"event":${event}}\n`);
      });
    },
    close: () => child.kill(),
  };
}

function framedWorker() {
  const child = spawn(process.execPath, ['-e', FRAMED_CHILD], { stdio: ['pipe', 'inherit', 'inherit', 'pipe'] });
  const channel = child.stdio[3];
  let chunks = [], total = 0;
  let pending;
  channel.on('data', (chunk) => {
    chunks.push(chunk); total += chunk.length;
    if (total < 4 || total < 4 + (chunks[0].length >= 4 ? chunks[0].readUInt32BE(0) : 0)) return;
    let buffered = Buffer.concat(chunks, total);
    while (buffered.length >= 4) {
      const size = buffered.readUInt32BE(0);
      if (buffered.length < 4 + size) break;
      const answer = JSON.parse(buffered.toString('utf8', 4, 4 + size));
      buffered = buffered.subarray(4 + size);
      pending(answer);
    }
    chunks = buffered.length ? [buffered] : []; total = buffered.length;
  });
  return {
    call(requestId, payload) {
      return new Promise((resolve) => {
        pending = resolve;
        const head = JSON.stringify({ requestId, timeoutMs: 3000, invokedFunctionArn: 'arn' });
        const body = Buffer.from(`${head.slice(0, -1)},"event":${payload}}`);
        const prefix = Buffer.alloc(4); prefix.writeUInt32BE(body.length);
        channel.write(Buffer.concat([prefix, body]));
      });
    },
    close: () => child.kill(),
  };
}

async function timeCalls(call, payload, n) {
  for (let i = 0; i < Math.min(200, n); i++) await call(randomUUID(), payload); // warm up both sides' JIT
  const times = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    await call(randomUUID(), payload);
    times.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(n / 2)], p90: times[Math.floor(n * 0.9)] };
}

const small = JSON.stringify({ service_name: 'testservice1', service_version: '1.0', headers: { a: 'b' } });
const large = JSON.stringify({ blob: 'x'.repeat(1024 * 1024 - 20) });
const sizes = [['small event (90 B)', small, N], ['1 MB event', large, Math.max(50, Math.floor(N / 20))]];

console.log(`invoke channel, ${N} sequential round trips per row (large: N/20), node ${process.version}`);
console.log('| channel | event | median | p90 |');
console.log('| --- | --- | ---: | ---: |');
for (const [label, payload, n] of sizes) {
  for (const [name, make] of [['JSON lines (stdin -> fd 3), current', linesWorker], ['length-prefixed frames on fd 3', framedWorker]]) {
    const worker = make();
    const { median, p90 } = await timeCalls(worker.call, payload, n);
    worker.close();
    console.log(`| ${name} | ${label} | ${median.toFixed(0)} µs | ${p90.toFixed(0)} µs |`);
  }
}

// End to end through the runtime host and the real runner, for proportion.
let RuntimeHost, TaskRoots;
try {
  ({ RuntimeHost, TaskRoots } = await import('../dist/src/local/runtimes/index.js'));
} catch (err) {
  console.error(`Cannot load dist/src/local/runtimes/index.js (${err.message}). Run "npm run build" first.`);
  process.exit(1);
}
const base = mkdtempSync(join(tmpdir(), 'bench-channel-'));
const task = join(base, 'task');
const { mkdirSync } = await import('node:fs');
mkdirSync(task);
writeFileSync(join(task, 'index.js'), 'exports.handler = async (event) => ({ size: JSON.stringify(event).length });\n');
writeFileSync(join(base, 'package.json'), '{"type":"commonjs"}\n');
const host = new RuntimeHost({ reapIntervalMs: 0, notice: () => {} });
const spec = { key: 'bench', runtime: `nodejs${process.versions.node.split('.')[0]}.x`, handler: 'index.handler', taskRoot: task, functionName: 'bench', version: '$LATEST', memorySize: 1024, timeoutSeconds: 30, logGroupName: '/aws/lambda/bench', environment: {} };
const invoke = (requestId, payload) => host.invoke(spec, { requestId, payload, invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench' });
for (const [label, payload, n] of sizes) {
  const { median, p90 } = await timeCalls(invoke, payload, n);
  console.log(`| RuntimeHost.invoke, real runner (end to end) | ${label} | ${median.toFixed(0)} µs | ${p90.toFixed(0)} µs |`);
}
host.close();

// The real runner over the same JSON lines, without the host around it: in this process's
// session, and in its own (detached: a new session, as Worker starts it for its process group).
function runnerWorker(detached) {
  const child = spawn(process.execPath, [join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'src', 'local', 'runtimes', 'node', 'runner.mjs')], {
    cwd: task, env: { _HANDLER: 'index.handler', LAMBDA_TASK_ROOT: task, PATH: process.env.PATH }, stdio: ['pipe', 'ignore', 'ignore', 'pipe'], detached,
  });
  const results = child.stdio[3];
  results.setEncoding('utf8');
  let partial = '';
  let pending;
  results.on('data', (chunk) => {
    partial += chunk;
    let nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const message = JSON.parse(partial.slice(0, nl));
      partial = partial.slice(nl + 1);
      if (!message.ready) pending(message);
    }
  });
  return {
    call: (requestId, payload) => new Promise((resolve) => {
      pending = resolve;
      child.stdin.write(`{"requestId":"${requestId}","timeoutMs":30000,"event":${payload}}\n`);
    }),
    close: () => child.kill(),
  };
}
for (const [label, payload, n] of sizes) {
  for (const detached of [false, true]) {
    const worker = runnerWorker(detached);
    const { median, p90 } = await timeCalls(worker.call, payload, n);
    worker.close();
    console.log(`| real runner alone, ${detached ? 'own session (detached, as Worker)' : "the caller's session"} | ${label} | ${median.toFixed(0)} µs | ${p90.toFixed(0)} µs |`);
  }
}
rmSync(base, { recursive: true, force: true });
