// UpdateFunctionCode on a function in use swaps its warm worker: the old one is retired and a
// worker of the new code starts at once, before any invocation asks for it (what `dev` relies on
// for a save to answer without a cold start). A function never invoked gets no worker.
import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, UpdateFunctionCodeCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

// Each worker's init (module load) appends its code's name to the marker file.
const code = (name: string) => makeZip({ 'index.js': `require('fs').appendFileSync(process.env.MARK, ${JSON.stringify(`${name}\n`)});\nexports.handler = async () => ${JSON.stringify(name)};` });

let cloud: TestCloud;
let lambda: LambdaClient;
let dir: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  lambda = new LambdaClient(cloud.clientConfig);
  dir = mkdtempSync(join(tmpdir(), 'warm-swap-'));
});

afterAll(async () => {
  await cloud.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once the file's lines include `line` (woken by the file's changes, no polling). */
function lineAppears(file: string, line: string): Promise<void> {
  const has = () => existsSync(file) && readFileSync(file, 'utf8').split('\n').includes(line);
  return new Promise((resolve) => {
    if (has()) return resolve();
    const watcher = watch(file, () => {
      if (has()) {
        watcher.close();
        resolve();
      }
    });
    if (has()) {
      watcher.close();
      resolve();
    }
  });
}

async function deployed(name: string, mark: string) {
  writeFileSync(mark, '');
  const role = await createLambdaRole(cloud, `${name}-role`);
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: code('v1') }, Environment: { Variables: { MARK: mark } } }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: name });
}

describe('a code update swaps the warm worker', () => {
  it('starts a worker of the new code before the next invocation', async () => {
    const mark = join(dir, 'warm.log');
    await deployed('warm-swap', mark);
    const first = await lambda.send(new InvokeCommand({ FunctionName: 'warm-swap' }));
    expect(Buffer.from(first.Payload!).toString()).toBe('"v1"');
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'warm-swap', ZipFile: code('v2') }));
    // No invocation yet: the new worker loads the new code on its own.
    await lineAppears(mark, 'v2');
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'warm-swap' });
    const second = await lambda.send(new InvokeCommand({ FunctionName: 'warm-swap' }));
    expect(Buffer.from(second.Payload!).toString()).toBe('"v2"');
    // One worker loaded v2: the one started by the swap served the invocation.
    expect(readFileSync(mark, 'utf8').split('\n').filter(Boolean)).toEqual(['v1', 'v2']);
  }, 30_000);

  it('starts nothing for a function that had no warm worker', async () => {
    const mark = join(dir, 'cold.log');
    await deployed('cold-update', mark);
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'cold-update', ZipFile: code('v2') }));
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'cold-update' });
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'cold-update' }));
    expect(Buffer.from(answer.Payload!).toString()).toBe('"v2"');
    expect(readFileSync(mark, 'utf8').split('\n').filter(Boolean)).toEqual(['v2']);
  }, 30_000);
});
