// The binary runs the CLI bundled at build time (scripts/build-cli.mjs): one entry module and
// lazily loaded chunks in dist/bundle, the local cloud left outside. It must behave as the
// compiled modules do: it finds the build's precompiled config schema beside its chunks, packages
// a project, and starts the local cloud from dist/src/local.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { copyFixture } from '../../unit/config/fixture-project.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/discovery-cli.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../dist/bundle/', import.meta.url));
const REFUSE_AJV = fileURLToPath(new URL('../../fixtures/startup/refuse-ajv-compile.cjs', import.meta.url));

describe('the bundled CLI', () => {
  it('is what the binary runs', () => {
    expect(readFileSync(BIN, 'utf8')).toContain('../dist/bundle/discovery-cli.js');
    expect(existsSync(join(BUNDLE, 'discovery-cli.js'))).toBe(true);
  });

  it('the ajv hook really refuses the schema compiler (so the check below can fail)', async () => {
    await expect(run(process.execPath, ['--require', REFUSE_AJV, '-e', "require('ajv')"])).rejects.toThrow(/ajv compiler loaded/);
  });

  it('validates the config with the precompiled schema and packages a project', async () => {
    const dir = await copyFixture('valid/node-api');
    const { stdout } = await run(process.execPath, ['--require', REFUSE_AJV, BIN, 'package', '--json', '--out', 'o'], { cwd: dir });
    const doc = JSON.parse(stdout) as { functions: { key: string; bytes: number }[] };
    expect(doc.functions.map((f) => f.key)).toEqual(['hello', 'worker']);
    expect(existsSync(join(dir, 'o', 'hello.zip'))).toBe(true);
  });

  it('reaches the local cloud\'s modules outside the bundle (local status of a port nothing serves)', async () => {
    const failed = await run(process.execPath, [BIN, 'local', 'status', '--json'], { env: { ...process.env, DISCOVERY_LOCAL_PORT: '1' } }).then(() => undefined, (e: { code: number; stdout: string }) => e);
    expect(failed?.code).toBe(1);
    expect(JSON.parse(failed!.stdout)).toMatchObject({ running: false, url: 'http://127.0.0.1:1' });
  });
});
