// `local start --iam`: enforce is the default, audit and off are chosen by the flag, anything else
// is a usage error (exit 2). The mode shows in /_local/calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopDetached } from '../../../src/local/daemon.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

const cli = (...args: string[]) => runCommand(process.execPath, [DISCOVERY_CLI, ...args], { timeout: 60_000 });
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) {
    await stopDetached(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function modeOf(...flags: string[]): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'iam-flag-'));
  dirs.push(stateDir);
  const started = await cli('local', 'start', '--detach', '--port', '0', '--state-dir', stateDir, ...flags);
  expect(started.code, started.stderr).toBe(0);
  const body = (await (await fetch(`${started.stdout.trim()}/_local/calls`)).json()) as { iam: { mode: string } };
  return body.iam.mode;
}

describe('local start --iam', () => {
  it('enforces by default, and audits when asked', async () => {
    expect(await modeOf()).toBe('enforce');
    expect(await modeOf('--iam', 'audit')).toBe('audit');
  }, 120_000);

  it('refuses an unknown mode as a usage error', async () => {
    const result = await cli('local', 'start', '--iam', 'strict', '--port', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--iam must be enforce, audit or off; got strict.');
  });
});
