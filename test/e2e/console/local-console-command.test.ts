// `discovery-cli local console`: the console's address on stdout when a local cloud answers, the
// browser opened on it with --open (here a stand-in xdg-open that writes down what it was given),
// and a remedy when nothing runs.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/free-port.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

let cloud: TestCloud;
const work = mkdtempSync(join(tmpdir(), 'local-console-'));

beforeAll(async () => {
  cloud = await startTestCloud();
});

afterAll(async () => {
  await cloud?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  runCommand('node', [DISCOVERY_CLI, 'local', 'console', '--state-dir', join(work, 'state'), ...args], { env: { ...env, NO_COLOR: '1' } });

describe('local console', () => {
  it('prints the address of the running local cloud\'s console', async () => {
    const result = await cli(['--port', String(cloud.port)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${cloud.url}/_local/console\n`);
    expect((await fetch(result.stdout.trim())).status).toBe(200);
  });

  it('opens it in the browser with --open', async () => {
    if (process.platform !== 'linux') return;
    const bin = join(work, 'bin');
    const opened = join(work, 'opened.txt');
    rmSync(bin, { recursive: true, force: true });
    await runCommand('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > ${JSON.stringify(opened)}\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const result = await cli(['--port', String(cloud.port), '--open'], { ...process.env, PATH: `${bin}:${process.env.PATH}` });
    expect(result.code, result.stderr).toBe(0);
    // The opener runs detached; the CLI has exited by the time it writes.
    await expect.poll(() => (existsSync(opened) ? readFileSync(opened, 'utf8') : '')).toBe(`${cloud.url}/_local/console`);
  });

  it('says how to start a local cloud when none answers', async () => {
    const result = await cli(['--port', String(await freePort())]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no local cloud answers http:\/\/127\.0\.0\.1:\d+\/_local\/health.*local start --detach/);
    expect(result.stdout).toBe('');
  });
});
