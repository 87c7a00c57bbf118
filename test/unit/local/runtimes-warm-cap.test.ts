// The cap on live workers across all functions: past it, the least recently used idle worker is
// ended (its function starts cold next time), busy ones never are.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeHost, TaskRoots, type FunctionSpec } from '../../../src/local/runtimes/index.js';
import { makeZip } from '../../helpers/zip.js';

const base = mkdtempSync(join(tmpdir(), 'warm-cap-'));
const roots = new TaskRoots(base);
const host = new RuntimeHost({ reapIntervalMs: 0, maxWarmWorkers: 2, notice: () => {} });
afterAll(() => {
  host.close();
  rmSync(base, { recursive: true, force: true });
});

// Counts its invocations since it started: 1 means a cold start.
const COUNTER = makeZip({ 'index.js': 'let count = 0;\nexports.handler = async () => ({ count: ++count });\n' });

async function spec(name: string): Promise<FunctionSpec> {
  const taskRoot = await roots.prepare(createHash('sha256').update(COUNTER).digest('base64'), () => COUNTER);
  return {
    key: `${name}:${randomUUID()}`, runtime: `nodejs${process.versions.node.split('.')[0]}.x`, handler: 'index.handler', taskRoot, functionName: name,
    version: '$LATEST', memorySize: 128, timeoutSeconds: 3, logGroupName: `/aws/lambda/${name}`, environment: {},
  };
}

const count = async (fn: FunctionSpec) =>
  JSON.parse((await host.invoke(fn, { requestId: randomUUID(), payload: '{}', invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn.functionName}` })).payload).count as number;

describe('warm worker cap', () => {
  it('ends the least recently used worker when a new one would pass the cap', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(spec));
    expect(await count(a!)).toBe(1);
    expect(await count(b!)).toBe(1);
    expect(await count(a!)).toBe(2); // a is now the most recently used
    expect(await count(c!)).toBe(1); // a third worker: b, least recently used, goes
    expect([host.workerCount(a!.key), host.workerCount(b!.key), host.workerCount(c!.key)]).toEqual([1, 0, 1]);
    expect(await count(a!)).toBe(3); // still warm
    expect(await count(b!)).toBe(1); // cold again; c (used before a) made room
    expect([host.workerCount(a!.key), host.workerCount(b!.key), host.workerCount(c!.key)]).toEqual([1, 1, 0]);
    expect(host.totalWorkers).toBe(2);
  });

  it('lets concurrent invocations pass the cap while busy, then trims back to it', async () => {
    const d = await spec('d');
    const counts = await Promise.all([count(d), count(d), count(d)]);
    expect(counts).toEqual([1, 1, 1]); // three workers at once: none idle to end
    expect(host.totalWorkers).toBe(2);
  });
});
