// `invoke` and `logs` through the binary against a local cloud: the result on stdout, the log
// tail on stderr, exit 1 on a function error, an event from stdin; logs finds a handler's line,
// and --tail prints one that arrives later.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

let cloud: TestCloud;
let dir: string;
const cli = (...args: string[]) => runCommand(process.execPath, [DISCOVERY_CLI, ...args, '--endpoint-url', cloud.url], { cwd: dir, env: cloud.env });

beforeAll(async () => {
  cloud = await startTestCloud();
  dir = mkdtempSync(join(tmpdir(), 'discovery-invoke-'));
  mkdirSync(join(dir, 'handlers'));
  writeFileSync(join(dir, 'discovery.config.json'), JSON.stringify({
    project: 'invk',
    functions: {
      worker: { handler: 'handlers/worker.mjs', runtime: 'nodejs22.x' },
      thrower: { handler: 'handlers/thrower.ts', runtime: 'nodejs22.x' },
    },
  }));
  writeFileSync(join(dir, 'handlers', 'thrower.ts'), [
    'interface Event { reason?: string }',
    '',
    'export async function handler(event: Event): Promise<never> {',
    "  const reason: string = event.reason ?? 'no reason';",
    '  throw new Error(`thrown on purpose: ${reason}`);',
    '}',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'handlers', 'worker.mjs'), [
    'export async function handler(event) {',
    '  console.log(`worker saw ${JSON.stringify(event)}`);',
    "  if (event.fail) throw new Error('asked to fail');",
    '  return { doubled: (event.n ?? 0) * 2 };',
    '}',
    '',
  ].join('\n'));
  const deployed = await cli('deploy');
  expect(deployed.code, deployed.stderr).toBe(0);
});
afterAll(async () => {
  await cloud.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('invoke', () => {
  it('prints the result on stdout and the log tail on stderr', async () => {
    writeFileSync(join(dir, 'event.json'), '{"n": 21}');
    const result = await cli('invoke', 'worker', '--event', 'event.json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ doubled: 42 });
    expect(result.stderr).toContain('worker saw {"n":21}');
  });

  it('reads the event from stdin with --event -, and --json gives the whole outcome', async () => {
    const child = spawn(process.execPath, [DISCOVERY_CLI, 'invoke', 'worker', '--event', '-', '--json', '--endpoint-url', cloud.url], { cwd: dir, env: cloud.env });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stdin.end('{"n": 5}');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ functionName: 'invk-dev-worker', statusCode: 200, payload: { doubled: 10 } });
  });

  it('exits 1 when the function fails, with its error as the result', async () => {
    const result = await runCommand('sh', ['-c', `echo '{"fail": true}' | "${process.execPath}" "${DISCOVERY_CLI}" invoke worker --event - --endpoint-url ${cloud.url}`], { cwd: dir, env: cloud.env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ errorType: 'Error', errorMessage: 'asked to fail' });
  });

  it("a thrown error's stack names the .ts file and line, through the bundle's source map", async () => {
    const result = await cli('invoke', 'thrower');
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stdout) as { errorMessage: string; trace?: string[] };
    expect(error.errorMessage).toBe('thrown on purpose: no reason');
    expect((error.trace ?? []).join('\n')).toMatch(/handlers\/thrower\.ts:5:\d+/);
  });

  it('refuses an unknown function and an event that is not JSON before any call (exit 2)', async () => {
    const unknown = await cli('invoke', 'nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/function "nobody" is not in .*Fix: use one of worker, thrower/);
    writeFileSync(join(dir, 'bad.json'), '{nope');
    const bad = await cli('invoke', 'worker', '--event', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--event: bad.json is not JSON/);
  });
});

describe('logs', () => {
  it("prints a handler's log line", async () => {
    await cli('invoke', 'worker', '--event', 'event.json');
    const result = await cli('logs', 'worker', '--since', '1h');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\S+Z invk-dev-worker .*worker saw \{"n":21\}/m);
    const filtered = await cli('logs', '--filter', 'nothing-matches-this', '--since', '1h');
    expect(filtered.stdout).toBe('');
  });

  it('--tail prints a line logged after it started', async () => {
    const tail = spawn(process.execPath, [DISCOVERY_CLI, 'logs', 'worker', '--tail', '--since', '1s', '--endpoint-url', cloud.url], { cwd: dir, env: cloud.env });
    let stdout = '';
    const seen = new Promise<void>((resolve) => tail.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('"n":777')) resolve();
    }));
    try {
      writeFileSync(join(dir, 'later.json'), '{"n": 777}');
      const invoked = await cli('invoke', 'worker', '--event', 'later.json');
      expect(invoked.code).toBe(0);
      await seen;
      expect(stdout).toMatch(/worker saw \{"n":777\}/);
    } finally {
      tail.kill();
    }
  });
});

describe('--json failures', () => {
  it('print one error document on stdout: code, message, remedy', async () => {
    const result = await cli('invoke', 'nobody', '--json');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'UsageError', message: expect.stringMatching(/^function "nobody" is not in /), remedy: 'use one of worker, thrower' },
    });
  });

  it('a config error lists its problems with file, location and fix', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'discovery-json-error-'));
    writeFileSync(join(broken, 'discovery.config.json'), JSON.stringify({ project: 'x', functions: { a: { handler: 'missing.mjs', runtime: 'nodejs22.x', environment: { X: 'y' } } } }));
    const result = await runCommand(process.execPath, [DISCOVERY_CLI, 'plan', '--json', '--endpoint-url', cloud.url], { cwd: broken, env: cloud.env });
    rmSync(broken, { recursive: true, force: true });
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string; problems: { file: string; location: string; fix: string }[] } };
    expect(error.code).toBe('ConfigError');
    expect(error.message).toMatch(/^\d+ problems? in the project$/);
    expect(error.problems).toContainEqual(expect.objectContaining({ file: 'discovery.config.json', location: expect.stringContaining('/functions/a/environment/X') }));
  });
});
