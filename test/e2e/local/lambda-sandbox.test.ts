// The local Lambda keeps hostile code in its box (issue 8's findings, each as a regression case):
// zips that try to write outside the state folder or unpack to gigabytes, oversized uploads,
// corrupt zips, handlers that outgrow MemorySize, spawn processes that would outlive the local
// cloud, or print millions of lines. Each case asserts AWS's answer and that the local cloud
// still serves another client afterwards.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { readServerInfo, stopDetached } from '../../../src/local/daemon.js';
import { createLambdaRole, decode, failure } from '../../helpers/aws-fixtures.js';
import { clientConfigAt, startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';
import { makeZip, type DeflatedEntry, type ZipSource } from '../../helpers/zip.js';

const MB = 1024 * 1024;
const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';
const ECHO = makeZip({ 'index.js': 'exports.handler = async (event) => ({ echo: event });' });
const SPAWNER = makeZip({
  'index.js': `const { spawn } = require('node:child_process');
exports.handler = async () => { const child = spawn('sleep', ['1000'], { stdio: 'ignore' }); child.unref(); return { sleeper: child.pid, worker: process.pid }; };`,
});
const SPINNER = makeZip({
  'index.js': `const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
exports.handler = async (event) => {
  const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
  child.unref();
  writeFileSync(event.out, JSON.stringify({ sleeper: child.pid, worker: process.pid }));
  for (;;) {} // never yields: stdin closing goes unnoticed
};`,
});
const zeros = Buffer.alloc(MB);
const deflatedMB = deflateRawSync(zeros, { level: 9 });
/** 1 MiB of zeros, deflated to about 1 KB; `claimed` is the size the headers say. */
const oneMB = (claimed = MB): DeflatedEntry => ({ deflated: deflatedMB, uncompressedSize: claimed, crc: crc32(zeros) });

/** The process exists and is not a zombie (killed, waiting for a parent that may never reap it). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
};

/** Every file name under dir (not following links). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).map((name) => name.split('/').pop()!);
}

describe('Lambda sandbox: code and handlers kept in their box', () => {
  let outer: string;
  let cloud: TestCloud;
  let lambda: LambdaClient;
  let role: string;

  beforeAll(async () => {
    // The state folder sits one level below `outer`, so an escaping zip has somewhere to land.
    outer = mkdtempSync(join(tmpdir(), 'lambda-sandbox-'));
    const stateDir = join(outer, 'state');
    mkdirSync(stateDir);
    cloud = await startTestCloud({ stateDir, faults: { lambdaStateDelayMs: 0 } });
    lambda = new LambdaClient(cloud.clientConfig);
    role = await createLambdaRole(cloud, 'sandbox-role');
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'bystander', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: ECHO } }));
  });
  afterAll(async () => {
    await cloud?.stop();
    rmSync(outer, { recursive: true, force: true });
  });

  /** Another client's function still answers: the local cloud was not brought down. */
  async function stillServes() {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'bystander', Payload: JSON.stringify({ still: 'here' }) }));
    expect(answer.FunctionError).toBeUndefined();
    expect(decode(answer.Payload)).toEqual({ echo: { still: 'here' } });
  }

  const create = (name: string, zip: Buffer, extra: Partial<{ Runtime: string; Handler: string; MemorySize: number; Timeout: number }> = {}) =>
    lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: zip }, ...extra } as never));

  /** Nothing of a refused function on disk or in the records. */
  async function leftNothing(name: string) {
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    expect(Functions?.map((f) => f.FunctionName)).not.toContain(name);
    expect(readdirSync(join(cloud.stateDir, 'lambda', 'task')).length).toBe(new Set(Functions!.map((f) => f.CodeSha256)).size);
    expect(readdirSync(join(cloud.stateDir, 'lambda', 'code')).length).toBe(new Set(Functions!.map((f) => f.CodeSha256)).size);
  }

  it('refuses a zip of chained symlinks (d/l1 -> .., d/l1/l2 -> .., ...): nothing is written outside the function folder', async () => {
    const chain: ZipSource = { 'index.js': 'exports.handler = async () => 1' };
    let path = 'd';
    for (let i = 1; i <= 6; i++) { // six links climb from the staging folder to `outer`
      path += `/l${i}`;
      chain[path] = { symlink: '..' };
    }
    chain[`${path}/escaped-marker.txt`] = 'written outside';
    const err = await failure(create('chained', makeZip(chain)));
    expect(err).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(err.message).toBe(`${UNZIP_FAILED} (entry d/l1/l2 would be written through the symlink d/l1)`);
    expect(filesUnder(outer)).not.toContain('escaped-marker.txt');
    expect(filesUnder(outer)).not.toContain('l2');
    await leftNothing('chained');
    await stillServes();
  });

  it('refuses a 3 MB zip that unpacks to 3 GiB before inflating it, with AWS\'s quota error, memory bounded and nothing on disk', async () => {
    const bomb: ZipSource = {};
    for (let i = 0; i < 3072; i++) bomb[`part-${i}.bin`] = oneMB();
    const zip = makeZip(bomb);
    expect(zip.length).toBeLessThan(4 * MB);
    const rssBefore = process.memoryUsage.rss();
    const err = await failure(create('bomb', zip));
    expect(err).toEqual({ name: 'InvalidParameterValueException', status: 400, message: 'Unzipped size must be smaller than 262144000 bytes' });
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(200 * MB);
    // Lying headers (1 KB declared, 1 MiB inside) are stopped while inflating.
    const liar: ZipSource = { 'index.js': 'exports.handler = async () => 1' };
    for (let i = 0; i < 300; i++) liar[`part-${i}.bin`] = oneMB(1024);
    const lied = await failure(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'bystander', ZipFile: makeZip(liar) })));
    expect(lied).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(lied.message.startsWith(UNZIP_FAILED)).toBe(true);
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(200 * MB);
    await leftNothing('bomb');
    // The failed UpdateFunctionCode kept the previous code.
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: 'bystander' }));
    expect(Configuration?.CodeSize).toBe(ECHO.length);
    await stillServes();
  });

  it('refuses a direct upload over 50 MB with 413 RequestEntityTooLargeException', async () => {
    const huge = Buffer.alloc(50 * MB + 1); // zero pages: cheap to hold
    expect(await failure(create('huge', huge)))
      .toEqual({ name: 'RequestEntityTooLargeException', status: 413, message: 'Request must be smaller than 69905067 bytes for the CreateFunction operation' });
    expect(await failure(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'bystander', ZipFile: huge }))))
      .toEqual({ name: 'RequestEntityTooLargeException', status: 413, message: 'Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation' });
    await leftNothing('huge');
    await stillServes();
  });

  it('answers a corrupt zip with AWS\'s message and no path of this machine', async () => {
    const valid = makeZip({ 'index.js': 'exports.handler = async () => 1', 'lib/a.js': 'x'.repeat(500) });
    for (const zip of [Buffer.from('PK\u0003\u0004 this is not a zip'), valid.subarray(0, valid.length - 30), makeZip({ a: 'file', 'a/b.js': 'x' })]) {
      const err = await failure(create('corrupt', zip));
      expect(err).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
      expect(err.message.startsWith(UNZIP_FAILED)).toBe(true);
      for (const internal of [outer, tmpdir(), process.cwd(), 'node_modules', '.tmp']) expect(err.message).not.toContain(internal);
    }
    await leftNothing('corrupt');
    // Code that is checked but not kept (a dry run, a create whose name is taken) leaves nothing either.
    const dry = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'bystander', ZipFile: valid, DryRun: true }));
    expect(dry.CodeSize).toBe(valid.length);
    expect(await failure(create('bystander', valid))).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    await leftNothing('corrupt');
    await stillServes();
  });

  it('stops a MemorySize 128 handler that allocates 400 MB with Runtime.OutOfMemory, then serves the next invoke from a fresh worker', async () => {
    await create('hungry', makeZip({
      'index.js': `exports.handler = async (event) => {
  if (event.grow) { const blocks = []; for (let i = 0; i < 40; i++) blocks.push(Buffer.alloc(10 * 1024 * 1024, 1)); return blocks.length; }
  return { pid: process.pid };
};`,
    }), { MemorySize: 128, Timeout: 30 });
    const before = decode((await lambda.send(new InvokeCommand({ FunctionName: 'hungry', Payload: '{}' }))).Payload).pid as number;
    const oom = await lambda.send(new InvokeCommand({ FunctionName: 'hungry', Payload: JSON.stringify({ grow: true }) }));
    expect(oom.FunctionError).toBe('Unhandled');
    const body = decode(oom.Payload);
    expect(body.errorType).toBe('Runtime.OutOfMemory');
    expect(body.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: signal: killed$/);
    const next = await lambda.send(new InvokeCommand({ FunctionName: 'hungry', Payload: '{}' }));
    expect(next.FunctionError).toBeUndefined();
    expect(decode(next.Payload).pid).not.toBe(before);
    expect(alive(before)).toBe(false);
    await stillServes();
  });

  it('stops a Python handler past its MemorySize the same way', async () => {
    await create('hungry-py', makeZip({ 'app.py': 'def handler(event, context):\n    if event.get("grow"):\n        return len(b"x" * (400 * 1024 * 1024))\n    return "ok"\n' }),
      { Runtime: 'python3.12', Handler: 'app.handler', MemorySize: 128, Timeout: 30 });
    const oom = await lambda.send(new InvokeCommand({ FunctionName: 'hungry-py', Payload: JSON.stringify({ grow: true }) }));
    expect(decode(oom.Payload)).toMatchObject({ errorType: 'Runtime.OutOfMemory' });
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: 'hungry-py', Payload: '{}' }))).Payload)).toBe('ok');
    await stillServes();
  });

  it('keeps a Python print of 2,000,000 lines prompt and its log capped, not lost', async () => {
    await create('chatty', makeZip({ 'app.py': 'def handler(event, context):\n    print("\\n".join(str(i) for i in range(2000000)))\n    return "printed"\n' }),
      { Runtime: 'python3.12', Handler: 'app.handler', MemorySize: 512, Timeout: 30 });
    const started = performance.now();
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'chatty', Payload: '{}', LogType: 'Tail' }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`2,000,000 lines printed and captured in ${seconds.toFixed(2)} s`);
    expect(answer.FunctionError).toBeUndefined();
    expect(decode(answer.Payload)).toBe('printed');
    const tail = Buffer.from(answer.LogResult!, 'base64').toString('utf8');
    expect(tail).toMatch(/\[the local cloud dropped \d+ more line\(s\), \d+ characters, of this invocation's output: it keeps 5000 events and 1048576 bytes per invocation\]\nEND RequestId/);
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/chatty', logStreamName: await streamOf('chatty'), startFromHead: true, limit: 3 }));
    expect(events?.map((e) => e.message)).toEqual([expect.stringMatching(/^START RequestId/), '0', '1']);
    await stillServes();
  });

  async function streamOf(fn: string): Promise<string> {
    const { DescribeLogStreamsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const { logStreams } = await new CloudWatchLogsClient(cloud.clientConfig).send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${fn}` }));
    return logStreams![0]!.logStreamName!;
  }

  it('ends the processes a handler spawned when the local cloud stops', async () => {
    const own = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    try {
      const client = new LambdaClient(own.clientConfig);
      await client.send(new CreateFunctionCommand({ FunctionName: 'spawner', Runtime: 'nodejs22.x', Role: await createLambdaRole(own, 'r'), Handler: 'index.handler', Code: { ZipFile: SPAWNER } }));
      const { sleeper, worker } = decode((await client.send(new InvokeCommand({ FunctionName: 'spawner' }))).Payload) as { sleeper: number; worker: number };
      expect(alive(sleeper)).toBe(true);
      await own.dispose(); // stops it
      await vi.waitFor(() => expect([alive(sleeper), alive(worker)]).toEqual([false, false]), { timeout: 10_000, interval: 20 });
    } finally {
      await own.dispose().catch(() => {}); // when the test failed before stopping it
    }
    await stillServes();
  });
});

describe('Lambda sandbox: a killed local cloud leaves no process behind', () => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'lambda-sandbox-kill-'));
  });
  afterAll(async () => {
    await stopDetached(stateDir).catch(() => {});
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('ends the handler\'s processes when the local cloud is SIGKILLed', async () => {
    const started = await runCommand(process.execPath, [DISCOVERY_CLI, 'local', 'start', '--detach', '--port', '0', '--state-dir', stateDir], { timeout: 60_000 });
    expect(started.code, started.stderr).toBe(0);
    const info = readServerInfo(stateDir)!;
    const config = clientConfigAt(info.url);
    const client = new LambdaClient(config);
    await client.send(new CreateFunctionCommand({ FunctionName: 'spawner', Runtime: 'nodejs22.x', Role: await createLambdaRole({ clientConfig: config }, 'r'), Handler: 'index.handler', Code: { ZipFile: SPAWNER } }));
    await vi.waitFor(async () => {
      const { Configuration } = await client.send(new GetFunctionCommand({ FunctionName: 'spawner' }));
      expect(Configuration?.State).toBe('Active');
    }, { timeout: 10_000, interval: 20 });
    const { sleeper, worker } = decode((await client.send(new InvokeCommand({ FunctionName: 'spawner' }))).Payload) as { sleeper: number; worker: number };
    expect([alive(sleeper), alive(worker)]).toEqual([true, true]);
    // A handler busy in a loop cannot notice its host is gone: the reaper must end it.
    await client.send(new CreateFunctionCommand({ FunctionName: 'spinner', Runtime: 'nodejs22.x', Role: await createLambdaRole({ clientConfig: config }, 'r2'), Handler: 'index.handler', Timeout: 300, Code: { ZipFile: SPINNER } }));
    const out = join(stateDir, 'spinner.json');
    await vi.waitFor(async () => {
      await client.send(new InvokeCommand({ FunctionName: 'spinner', InvocationType: 'Event', Payload: JSON.stringify({ out }) }));
    }, { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(existsSync(out)).toBe(true), { timeout: 10_000, interval: 20 });
    const spinning = JSON.parse(readFileSync(out, 'utf8')) as { sleeper: number; worker: number };
    process.kill(info.pid, 'SIGKILL');
    await vi.waitFor(() => expect([info.pid, sleeper, worker, spinning.sleeper, spinning.worker].map(alive)).toEqual([false, false, false, false, false]), { timeout: 10_000, interval: 20 });
    // The state folder serves a fresh local cloud afterwards.
    const again = await runCommand(process.execPath, [DISCOVERY_CLI, 'local', 'start', '--detach', '--port', '0', '--state-dir', stateDir], { timeout: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    const fresh = new LambdaClient(clientConfigAt(readServerInfo(stateDir)!.url));
    expect((await fresh.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName)).toEqual(['spawner', 'spinner']);
  });
});
