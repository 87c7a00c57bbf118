// How plan, deploy --local and teardown speak, through the built binary against a real local cloud
// that `deploy --local` itself starts in the background: the plan in the conditional, the notice of
// the background cloud with how to stop it, and teardown's reasons and what it kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, type FixtureCopy } from '../../helpers/deploy-engine.js';
import { freePort } from '../../helpers/free-port.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

let project: FixtureCopy;
let port: number;

const cli = (args: string[]) =>
  runCommand('node', [DISCOVERY_CLI, ...args], {
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: '1', DISCOVERY_LOCAL_PORT: String(port), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
  });

beforeAll(async () => {
  project = copyFixture('deploy-basic');
  port = await freePort();
});

afterAll(async () => {
  await cli(['local', 'stop']);
  project.dispose();
});

describe('the words of plan, deploy and teardown', () => {
  it('deploy --local says it started a background local cloud, and how to stop it; only when it did', async () => {
    const first = await cli(['deploy', '--local']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`Started a local cloud in the background at http://127\\.0\\.0\\.1:${port} \\(pid \\d+, state in .*\\); it keeps running after this command\\. Stop it with: npx discovery-cli local stop`));
    expect(first.stderr).toMatch(/Stage dev in http:\/\/127\.0\.0\.1:\d+: \d+ created, 0 updated, 0 deleted, 0 unchanged/);
    const again = await cli(['deploy', '--local']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/Started a local cloud/);
  });

  it('plan speaks in the conditional', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs');
    const config = JSON.parse(readFileSync(project.configPath, 'utf8'));
    config.functions.echo.memory = 512;
    config.functions.extra = { handler: 'handlers/echo.mjs', runtime: 'nodejs22.x' };
    writeFileSync(project.configPath, JSON.stringify(config));
    const r = await cli(['plan', '--local']);
    expect(r.code).toBe(0);
    // The function, its role, policy and log group are new; echo's memory changes.
    expect(r.stderr).toMatch(/ would create [1-9]\d*, would update 1, would delete 0; \d+ unchanged/);
    expect(r.stderr).toMatch(/Stage dev in http:\/\/127\.0\.0\.1:\d+: would create [1-9]\d*, would update 1, would delete 0, \d+ unchanged/);
    expect(r.stderr).not.toMatch(/\d+ created|\d+ updated/);
  });

  it('teardown gives each deletion its reason and says which table it kept, and why', async () => {
    const dry = await cli(['teardown', '--local', '--dry-run']);
    expect(dry.stderr).toMatch(/- delete function:fxdeploy-dev-hello\s+stage dev is torn down/);
    expect(dry.stderr).not.toMatch(/no longer in the config/);
    expect(dry.stderr).toMatch(/would keep table fxdeploy-dev-items: it holds data; pass --delete-data to delete it/);
    const r = await cli(['teardown', '--local', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Stage dev torn down\.\n\s+kept table fxdeploy-dev-items: it holds data; pass --delete-data to delete it/);
    const json = await cli(['teardown', '--local', '--yes', '--json']);
    expect(JSON.parse(json.stdout).kept).toEqual([{ id: 'table:fxdeploy-dev-items', reason: 'it holds data; pass --delete-data to delete it' }]);
  });
});
