// Each nodejs<major>.x function runs on that Node major, as on AWS (nodejs20.x can no longer be
// created, as on AWS; it would resolve the same way): the binary is fetched once
// from the npm registry into the cache (the default one, shared with every test run; the first
// fetch is given minutes), a named binary overrides it, and when none can be had (downloads off,
// the registry unreachable) the host's Node runs it and the local cloud says why, once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NodeBinaries } from '../../../src/local/runtimes/node/index.js';
import { Notices } from '../../../src/local/runtimes/notices.js';
import { resolveRuntimeOptions } from '../../../src/local/runtimes/options.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole, decode } from '../../helpers/aws-fixtures.js';
import { freePort } from '../../helpers/free-port.js';
import { makeZip } from '../../helpers/zip.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';
import { clientConfigAt } from '../../helpers/local-cloud.js';

const VERSION_HANDLER = makeZip({ 'index.js': 'exports.handler = async () => ({ version: process.version, execPath: process.execPath });\n' });
const FIRST_FETCH_MS = 5 * 60_000;
const hostMajor = Number(process.versions.node.split('.')[0]);
/** A runtime the host's Node is not: its functions need another binary. */
const otherRuntime = hostMajor === 24 ? 'nodejs22.x' : 'nodejs24.x';

async function versionOf(cloud: Pick<TestCloud, 'clientConfig'>, role: string, name: string, runtime: string): Promise<{ version: string; execPath: string }> {
  const lambda = new LambdaClient(cloud.clientConfig);
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Role: role, Handler: 'index.handler', Code: { ZipFile: VERSION_HANDLER } }));
  const answer = await lambda.send(new InvokeCommand({ FunctionName: name }));
  expect(answer.FunctionError).toBeUndefined();
  return decode(answer.Payload);
}

describe('Node.js runtimes on their own major', () => {
  let cloud: TestCloud;
  let role: string;
  const notices: string[] = [];

  beforeAll(async () => {
    // The first run on a machine fetches Node 22 and 24 (about 50 MB each); later runs find them cached.
    const binaries = new NodeBinaries(resolveRuntimeOptions(), new Notices((line) => process.stderr.write(`${line}\n`)));
    await Promise.all(['nodejs22.x', 'nodejs24.x'].map((runtime) => binaries.resolve(runtime)));
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 }, runtimes: { notice: (line) => notices.push(line) } });
    role = await createLambdaRole(cloud, 'node-versions');
  }, FIRST_FETCH_MS);
  afterAll(async () => {
    await cloud.dispose();
  });

  it.each([
    ['nodejs22.x', 'v22.'],
    ['nodejs24.x', 'v24.'],
  ])('a %s handler sees process.version %s*', async (runtime, prefix) => {
    const { version } = await versionOf(cloud, role, runtime.replace('.', '-'), runtime);
    expect(version.startsWith(prefix)).toBe(true);
    expect(notices.filter((line) => line.includes('host'))).toEqual([]); // nothing fell back
  });

  it('runs a runtime on the binary named in nodePaths (--node-path) instead', async () => {
    const binaries = new NodeBinaries(resolveRuntimeOptions(), new Notices(() => {}));
    const node22 = await binaries.resolve('nodejs22.x');
    const named = await startTestCloud({ faults: { lambdaStateDelayMs: 0 }, runtimes: { nodePaths: { 'nodejs24.x': node22.path } } });
    try {
      const answer = await versionOf(named, await createLambdaRole(named, 'named'), 'named', 'nodejs24.x');
      expect(answer).toMatchObject({ version: expect.stringMatching(/^v22\./), execPath: node22.path });
    } finally {
      await named.dispose();
    }
  });
});

describe('Node.js runtimes when no binary can be had', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'node-cache-empty-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('with downloads off, runs the function on the host Node and says so once (runtime, host version)', async () => {
    const notices: string[] = [];
    const cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 }, runtimes: { cacheDir, nodeDownload: false, notice: (line) => notices.push(line) } });
    try {
      const role = await createLambdaRole(cloud, 'fallback');
      expect((await versionOf(cloud, role, 'one', otherRuntime)).version).toBe(process.version);
      expect((await versionOf(cloud, role, 'two', otherRuntime)).version).toBe(process.version);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(`${otherRuntime} functions run on the host's Node ${process.version}`);
      expect(notices[0]).toContain('fetching Node binaries is turned off');
      expect(notices[0]).toContain(`--node-path ${otherRuntime}=`);
    } finally {
      await cloud.dispose();
    }
  });

  it('offline (the registry unreachable), says what failed and how to fix it, and still runs the function', async () => {
    const registry = `http://127.0.0.1:${await freePort()}/`; // nothing listens there
    const notices: string[] = [];
    const cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 }, runtimes: { cacheDir, registry, notice: (line) => notices.push(line) } });
    try {
      const role = await createLambdaRole(cloud, 'offline');
      expect((await versionOf(cloud, role, 'offline', otherRuntime)).version).toBe(process.version);
      expect(notices).toHaveLength(1);
      const major = otherRuntime.slice('nodejs'.length, -2);
      expect(notices[0]).toContain(`could not fetch Node ${major}`);
      expect(notices[0]).toContain(`from the registry ${registry}`);
      expect(notices[0]).toMatch(/ECONNREFUSED/);
      expect(notices[0]).toContain('DISCOVERY_NODE_PATH_NODEJS');
      expect(notices[0]).toContain(`pre-fill the cache: unpack nodejs.org's node-v${major}.x.y-`);
      expect(notices[0]).toContain(cacheDir);
    } finally {
      await cloud.dispose();
    }
  });
});

describe('local start --node-path', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'node-path-cli-'));
  const cli = (...args: string[]) => runCommand(process.execPath, [DISCOVERY_CLI, ...args]);
  afterAll(async () => {
    await cli('local', 'stop', '--state-dir', stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reaches the detached local cloud: nodejs24.x runs on the binary named', async () => {
    const node22 = await new NodeBinaries(resolveRuntimeOptions(), new Notices(() => {})).resolve('nodejs22.x');
    const started = await cli('local', 'start', '--detach', '--port', '0', '--state-dir', stateDir, '--lambda-state-delay-ms', '0', '--node-path', `nodejs24.x=${node22.path}`);
    expect(started.code, started.stderr).toBe(0);
    const target = { clientConfig: clientConfigAt(started.stdout.trim()) };
    const answer = await versionOf(target, await createLambdaRole(target, 'cli'), 'cli', 'nodejs24.x');
    expect(answer.version).toMatch(/^v22\./);
  });

  it('refuses a malformed or missing --node-path (exit 2)', async () => {
    const malformed = await cli('local', 'start', '--node-path', '/usr/bin/node', '--state-dir', stateDir);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--node-path takes <runtime>=<path to a node binary>');
    const missing = await cli('local', 'start', '--node-path', `nodejs22.x=${join(stateDir, 'nope')}`, '--state-dir', stateDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
});
