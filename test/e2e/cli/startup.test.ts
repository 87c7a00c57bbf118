// `--help` and `--version` must not load the AWS SDK: a resolve hook makes any such import fail.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/discovery-cli.js', import.meta.url));
const HOOK = fileURLToPath(new URL('../../fixtures/startup/refuse-aws-sdk.mjs', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const cli = (...args: string[]) => run(process.execPath, ['--import', HOOK, BIN, ...args]);

describe('CLI start-up', () => {
  it('the hook really refuses the SDK (so the checks below can fail)', async () => {
    await expect(run(process.execPath, ['--import', HOOK, '-e', "await import('@aws-sdk/client-lambda')", '--input-type=module'])).rejects.toThrow(/AWS SDK module loaded/);
  });

  it('the hook refuses the bundle\'s chunks holding the SDK too, which a command loads', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../dist/bundle/manifest.json', import.meta.url), 'utf8')) as { sdkChunks: string[] };
    expect(manifest.sdkChunks.length).toBeGreaterThan(0);
    await expect(cli('status', '--config', '/nonexistent/discovery.config.json')).rejects.toThrow(/AWS SDK chunk of the bundle loaded/);
  });

  it('prints --version without loading the AWS SDK', async () => {
    const { stdout } = await cli('--version');
    expect(stdout.trim()).toBe(VERSION);
  });

  it('prints --help, and every command help, without loading the AWS SDK', async () => {
    const { stdout } = await cli('--help');
    for (const command of ['deploy', 'teardown', 'status', 'plan', 'package', 'init', 'local', 'lookup', 'register', 'call']) {
      expect(stdout).toContain(command);
    }
    const deploy = await cli('deploy', '--help');
    expect(deploy.stdout).toContain('--dry-run');
  });
});
