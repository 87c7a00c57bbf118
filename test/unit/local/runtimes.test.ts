// The Lambda runtimes on their own: unpacking, Node (CJS/ESM/callback) and Python handlers in
// warm worker processes, errors, timeouts, logs, idle reaping.
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { extractZip, RuntimeHost, TaskRoots, ZipRejectedError, type FunctionSpec } from '../../../src/local/runtimes/index.js';
import { codeFolderName } from '../../../src/local/runtimes/task-root.js';
import { makeZip, type ZipSource } from '../../helpers/zip.js';
import { createHash } from 'node:crypto';

const base = mkdtempSync(join(tmpdir(), 'runtimes-test-'));
let now = 1_000_000;
const clock = { now: () => now, sleep: async () => {} };
const roots = new TaskRoots(base);
const host = new RuntimeHost({ clock, reapIntervalMs: 0, idleMs: 60_000 });

afterAll(() => {
  host.close();
  rmSync(base, { recursive: true, force: true });
});

async function deploy(files: ZipSource, overrides: Partial<FunctionSpec> = {}): Promise<FunctionSpec> {
  const zip = makeZip(files);
  const sha = createHash('sha256').update(zip).digest('base64');
  const taskRoot = await roots.prepare(sha, () => zip);
  return {
    key: randomUUID(),
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    taskRoot,
    functionName: 'fn',
    version: '$LATEST',
    memorySize: 256,
    timeoutSeconds: 3,
    logGroupName: '/aws/lambda/fn',
    environment: { AWS_REGION: 'us-east-1', GREETING: 'hi' },
    ...overrides,
  };
}

const invoke = (spec: FunctionSpec, event: unknown = {}) =>
  host.invoke(spec, { requestId: randomUUID(), payload: JSON.stringify(event), invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${spec.functionName}` });

describe('zip unpacking', () => {
  it('refuses entries that escape the folder', async () => {
    const unzip = (zip: Buffer) => extractZip(zip, join(base, `refused-${randomUUID()}`));
    await expect(unzip(makeZip({ '../evil.js': 'x' }))).rejects.toThrow(/invalid relative path: \.\.\/evil\.js/);
    await expect(unzip(makeZip({ 'a/../../evil.js': 'x' }))).rejects.toBeInstanceOf(ZipRejectedError);
    await expect(unzip(makeZip({ '/etc/evil': 'x' }))).rejects.toThrow(/absolute path/);
    await expect(unzip(makeZip({ 'link': { symlink: '../../etc/passwd' } }))).rejects.toThrow(/points outside/);
    await expect(unzip(Buffer.from('not a zip'))).rejects.toThrow(/Could not unzip uploaded file/);
  });

  it('unpacks into a folder per code sha with node_modules linked for @aws-sdk', async () => {
    const zip = makeZip({ 'index.js': 'exports.handler = 1', 'lib/a.txt': 'a' });
    const sha = createHash('sha256').update(zip).digest('base64');
    const root = await roots.prepare(sha, () => zip);
    expect(root).toBe(join(base, codeFolderName(sha), 'task'));
    expect(existsSync(join(root, 'lib/a.txt'))).toBe(true);
    expect(existsSync(join(readlinkSync(join(base, codeFolderName(sha), 'node_modules')), '@aws-sdk', 'client-dynamodb'))).toBe(true);
  });
});

describe('Node.js runtime', () => {
  it('runs a CommonJS handler with the Lambda context and environment, warm across invokes', async () => {
    const spec = await deploy({
      'index.js': `
        exports.handler = async (event, context) => {
          console.log('got', event.n);
          return { n: event.n, pid: process.pid, name: context.functionName, version: context.functionVersion,
            arn: context.invokedFunctionArn, mem: context.memoryLimitInMB, id: context.awsRequestId,
            remaining: context.getRemainingTimeInMillis(), group: context.logGroupName,
            env: { greeting: process.env.GREETING, region: process.env.AWS_REGION, handler: process.env._HANDLER,
              root: process.env.LAMBDA_TASK_ROOT, stream: process.env.AWS_LAMBDA_LOG_STREAM_NAME } };
        };`,
    });
    const first = await invoke(spec, { n: 1 });
    const second = await invoke(spec, { n: 2 });
    const a = JSON.parse(first.payload);
    const b = JSON.parse(second.payload);
    expect(first.functionError).toBeUndefined();
    expect(a).toMatchObject({ n: 1, name: 'fn', version: '$LATEST', mem: '256', group: '/aws/lambda/fn' });
    expect(a.arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:fn');
    expect(a.remaining).toBeGreaterThan(2000);
    expect(a.remaining).toBeLessThanOrEqual(3000);
    expect(a.env).toMatchObject({ greeting: 'hi', region: 'us-east-1', handler: 'index.handler', root: spec.taskRoot, stream: first.logStreamName });
    expect(b.pid).toBe(a.pid);
    const messages = first.logEvents.map((e) => e.message);
    expect(messages[0]).toMatch(/^START RequestId: [0-9a-f-]+ Version: \$LATEST$/);
    expect(messages[1]).toMatch(/^\d{4}-\d\d-\d\dT.*Z\t[0-9a-f-]+\tINFO\tgot 1$/);
    expect(messages.at(-2)).toMatch(/^END RequestId: /);
    expect(messages.at(-1)).toMatch(/^REPORT RequestId: .*\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\t.*Init Duration/);
    expect(second.logEvents.at(-1)!.message).not.toMatch(/Init Duration/);
  });

  it('runs ESM handlers (.mjs and type:module) that import @aws-sdk from the runtime', async () => {
    const mjs = await deploy({
      'index.mjs': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
        export const handler = async () => ({ sdk: typeof DynamoDBClient, endpoint: process.env.AWS_ENDPOINT_URL ?? null });`,
    });
    expect(JSON.parse((await invoke(mjs)).payload)).toEqual({ sdk: 'function', endpoint: null });
    const typeModule = await deploy({
      'package.json': '{"type":"module"}',
      'src/app.js': `export async function main(event) { return { esm: typeof require === 'undefined', got: event }; }`,
    }, { handler: 'src/app.main' });
    expect(JSON.parse((await invoke(typeModule, { a: 1 })).payload)).toEqual({ esm: true, got: { a: 1 } });
  });

  it('treats a .js handler as CommonJS even when the state folder sits in a "type":"module" project', async () => {
    const project = join(base, 'esm-project');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"type":"module"}');
    const zip = makeZip({ 'index.js': 'exports.handler = async () => typeof module;' });
    const taskRoot = await new TaskRoots(join(project, '.discovery', 'local')).prepare(createHash('sha256').update(zip).digest('base64'), () => zip);
    const spec = { ...(await deploy({ 'x.js': '' })), taskRoot, key: randomUUID() };
    expect(JSON.parse((await invoke(spec)).payload)).toBe('object');
  });

  it('carries multi-megabyte events and results intact (line framing across chunks)', async () => {
    const spec = await deploy({ 'index.js': `exports.handler = async (e) => ({ size: e.data.length, back: e.data });` });
    const data = 'é\n"x'.repeat(1_200_000);
    const outcome = await invoke(spec, { data });
    expect(outcome.functionError).toBeUndefined();
    const body = JSON.parse(outcome.payload);
    expect(body.size).toBe(data.length);
    expect(body.back === data).toBe(true);
  });

  it('supports callback-style handlers', async () => {
    const spec = await deploy({ 'index.js': `exports.handler = (event, context, callback) => setTimeout(() => callback(null, { ok: event.v }), 5);` });
    expect(JSON.parse((await invoke(spec, { v: 7 })).payload)).toEqual({ ok: 7 });
  });

  it('returns thrown errors as errorType/errorMessage/trace with FunctionError Unhandled', async () => {
    const spec = await deploy({ 'index.js': `class NotFound extends Error { constructor(m) { super(m); this.name = 'NotFound'; } }
      exports.handler = async () => { throw new NotFound('no such service'); };` });
    const outcome = await invoke(spec);
    expect(outcome.functionError).toBe('Unhandled');
    const body = JSON.parse(outcome.payload);
    expect(body).toMatchObject({ errorType: 'NotFound', errorMessage: 'no such service' });
    expect(body.trace[0]).toBe('NotFound: no such service');
    expect(outcome.logEvents.some((e) => e.message.includes('Invoke Error'))).toBe(true);
  });

  it('reports a missing module or export as the Lambda runtime does', async () => {
    const missing = await deploy({ 'other.js': '' });
    expect(JSON.parse((await invoke(missing)).payload).errorType).toBe('Runtime.ImportModuleError');
    const noExport = await deploy({ 'index.js': 'exports.other = () => 1;' });
    const outcome = await invoke(noExport);
    expect(outcome.functionError).toBe('Unhandled');
    expect(JSON.parse(outcome.payload)).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' });
  });

  it('enforces the timeout by killing the worker, then serves the next invoke from a fresh one', async () => {
    const spec = await deploy({ 'index.js': `exports.handler = async (e) => { if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return process.pid; };` }, { timeoutSeconds: 1 });
    const before = JSON.parse((await invoke(spec)).payload);
    const outcome = await invoke(spec, { hang: true });
    expect(outcome.functionError).toBe('Unhandled');
    expect(JSON.parse(outcome.payload).errorMessage).toMatch(/^\d{4}-.*Z [0-9a-f-]+ Task timed out after 1\.00 seconds$/);
    // Invoked at once, before the killed process's exit event: must not reuse the killed worker.
    const next = await invoke(spec);
    expect(next.functionError).toBeUndefined();
    const after = JSON.parse(next.payload);
    expect(typeof after).toBe('number');
    expect(after).not.toBe(before);
  });

  it('reports a handler that exits the process as Runtime.ExitError', async () => {
    const spec = await deploy({ 'index.js': `exports.handler = async () => { process.exit(3); };` });
    const outcome = await invoke(spec);
    expect(JSON.parse(outcome.payload)).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(JSON.parse(outcome.payload).errorMessage).toMatch(/exit status 3/);
  });

  it('caps console output per invocation (5,000 events, 256 KB each) and joins stdout lines split across writes', async () => {
    const spec = await deploy({ 'index.js': `exports.handler = async () => {
      for (let i = 0; i < 20000; i++) console.log('line', i);
      console.log('y'.repeat(300000));
      process.stdout.write('half a '); process.stdout.write('line\\n');
      return 'ok';
    };` });
    const outcome = await invoke(spec);
    expect(JSON.parse(outcome.payload)).toBe('ok');
    const messages = outcome.logEvents.map((e) => e.message);
    expect(messages.filter((m) => /\tINFO\tline \d+$/.test(m))).toHaveLength(5000);
    expect(messages).toContain('half a line');
    expect(messages.some((m) => m.startsWith("[the local cloud dropped 15001 more line(s)"))).toBe(true);
    const second = await invoke(spec);
    expect(second.logEvents.filter((e) => /\tINFO\tline \d+$/.test(e.message))).toHaveLength(5000);
  });

  it('ends the processes a handler started when its worker is killed', async () => {
    const spec = await deploy({ 'index.js': `const { spawn } = require('node:child_process');
      exports.handler = async (e) => { const c = spawn('sleep', ['1000'], { stdio: 'ignore' }); c.unref(); if (e.exit) setTimeout(() => process.exit(1), 10); return c.pid; };` }, { timeoutSeconds: 1 });
    const sleeper = JSON.parse((await invoke(spec, { exit: true })).payload) as number;
    // The runner exited by itself: what it started goes with it.
    await vi.waitFor(() => expect(() => process.kill(sleeper, 0)).toThrow(), { timeout: 5000, interval: 10 });
  });

  it('reaps workers idle longer than the limit (clock driven)', async () => {
    const spec = await deploy({ 'index.js': `exports.handler = async () => 1;` });
    await invoke(spec);
    expect(host.workerCount(spec.key)).toBe(1);
    now += 30_000;
    host.reapIdle();
    expect(host.workerCount(spec.key)).toBe(1);
    now += 31_000;
    host.reapIdle();
    expect(host.workerCount(spec.key)).toBe(0);
    expect(JSON.parse((await invoke(spec)).payload)).toBe(1);
  });
});

describe('worker pool', () => {
  it('grows to its limit under concurrent invokes, queues the rest, and kills every worker on close', async () => {
    const small = new RuntimeHost({ clock, reapIntervalMs: 0, maxWorkersPerVersion: 2 });
    const spec = await deploy({ 'index.js': `exports.handler = async () => { await new Promise((r) => setTimeout(r, 50)); return process.pid; };` });
    const pids = await Promise.all(Array.from({ length: 6 }, () => small.invoke(spec, { requestId: randomUUID(), payload: '{}', invokedFunctionArn: 'arn' })))
      .then((outcomes) => outcomes.map((o) => JSON.parse(o.payload) as number));
    expect(new Set(pids).size).toBe(2);
    expect(small.workerCount(spec.key)).toBe(2);
    small.close();
    await vi.waitFor(() => {
      for (const pid of new Set(pids)) expect(() => process.kill(pid, 0)).toThrow();
    }, { timeout: 5000, interval: 10 });
  });
});

describe('Python runtime', () => {
  const python = (source: string, handler = 'app.lambda_handler') => deploy({ 'app.py': source }, { runtime: 'python3.12', handler });

  it('runs a handler with context, print and logging captured', async () => {
    const spec = await python(`
import logging, os
logging.basicConfig()
logger = logging.getLogger()
logger.setLevel(logging.INFO)
print('Loading function')

def lambda_handler(event, context):
    logger.info("service: %s" % event["service_name"])
    print("remaining", context.get_remaining_time_in_millis() > 0)
    return {"id": context.aws_request_id, "name": context.function_name, "greeting": os.environ["GREETING"], "pid": os.getpid()}
`);
    const first = await invoke(spec, { service_name: 'testservice1' });
    const second = await invoke(spec, { service_name: 'x' });
    const body = JSON.parse(first.payload);
    expect(first.functionError).toBeUndefined();
    expect(body).toMatchObject({ name: 'fn', greeting: 'hi' });
    expect(JSON.parse(second.payload).pid).toBe(body.pid);
    const messages = first.logEvents.map((e) => e.message);
    expect(messages[0]).toBe('Loading function');
    expect(messages).toContain('remaining True');
    expect(messages.some((m) => /^\[INFO\]\t\d{4}-.*Z\t[0-9a-f-]+\tservice: testservice1$/.test(m))).toBe(true);
    expect(messages.some((m) => m.startsWith('START RequestId:'))).toBe(true);
  });

  it('returns exceptions as errorType/errorMessage/stackTrace', async () => {
    const spec = await python(`
def lambda_handler(event, context):
    raise ValueError('Unrecognized operation "{}"'.format(event["operation"]))
`);
    const outcome = await invoke(spec, { operation: 'nope' });
    expect(outcome.functionError).toBe('Unhandled');
    const body = JSON.parse(outcome.payload);
    expect(body).toMatchObject({ errorType: 'ValueError', errorMessage: 'Unrecognized operation "nope"' });
    expect(body.stackTrace.join('')).toMatch(/app\.py/);
  });

  it('reports a missing handler module', async () => {
    const spec = await python('x = 1', 'missing.lambda_handler');
    expect(JSON.parse((await invoke(spec)).payload)).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
  });
});
