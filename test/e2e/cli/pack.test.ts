// The package as npm ships it: a copy of the source tree as a fresh clone has it (no dist/, no
// node_modules), `npm ci`, `npm pack` (prepack builds dist/), then the tarball installed into an
// empty project runs init, deploy --local and teardown --local there.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/free-port.js';
import { runCommand } from '../../helpers/run-command.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'discovery-pack-'));
const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  runCommand('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, env });

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('a fresh clone packs a working package: init, deploy --local, teardown in an empty project', async () => {
    // The files a clone of this working tree holds: tracked and new, not ignored.
    const clone = join(work, 'clone');
    const listed = await runCommand('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO });
    expect(listed.code).toBe(0);
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      try {
        cpSync(join(REPO, file), join(clone, file));
      } catch {
        // listed but deleted in the working tree
      }
    }
    expect((await npm(['ci'], clone)).code).toBe(0);
    const packed = await npm(['pack', '--pack-destination', work], clone);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = join(work, 'empty-project');
    mkdirSync(project);
    expect((await npm(['init', '-y'], project)).code).toBe(0);
    const installed = await npm(['install', join(work, tarball!)], project);
    expect(installed.code, installed.stderr).toBe(0);

    const env = { ...process.env, DISCOVERY_LOCAL_PORT: String(await freePort()), AWS_ENDPOINT_URL: '', AWS_PROFILE: '' };
    const npx = (...args: string[]) => runCommand('npx', ['--no-install', 'discovery-cli', ...args], { cwd: project, env });
    try {
      const init = await npx('init');
      expect(init.code, init.stderr).toBe(0);
      const deploy = await npx('deploy', '--local', '--json');
      expect(deploy.code, deploy.stderr).toBe(0);
      const report = JSON.parse(deploy.stdout) as { apis: { endpoints: unknown[] }[]; changes: { created: string[] } };
      expect(report.changes.created).toContain('function:hello');
      expect(report.apis[0]?.endpoints.length).toBeGreaterThan(0);
      // The console's page is bundled into the package (no ui/ sources there, no network).
      const consoleUrl = (await npx('local', 'console')).stdout.trim();
      expect(consoleUrl).toBe(`http://127.0.0.1:${env.DISCOVERY_LOCAL_PORT}/_local/console`);
      const script = await fetch(`${consoleUrl}/assets/console.js`);
      expect(script.status).toBe(200);
      expect((await script.text()).length).toBeGreaterThan(5000);
      const teardown = await npx('teardown', '--local', '--yes');
      expect(teardown.code, teardown.stderr).toBe(0);
      expect(teardown.stderr).toMatch(/torn down/);
    } finally {
      await npx('local', 'stop');
    }
  }, 240_000);
});
