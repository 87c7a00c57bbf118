// The commands as CI scripts use them: the built binary, --json on stdout, exit codes, the lock.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';
import { acquireLock, lockPath, readState } from '../../../src/deploy/state.js';
import { engine, inventory, useDeployProject, writeCalls, type DeployProject } from './harness.js';

let cloud: TestCloud;
let project: DeployProject['project'];

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCommand('node', [DISCOVERY_CLI, ...args], { cwd: project.dir, env: { ...cloud.env, NO_COLOR: '1', ...env } });

useDeployProject('deploy-basic', (started) => ({ cloud, project } = started));

describe('discovery-cli deploy/plan/status/teardown', () => {
  it('plan shows the creations as a diff and changes nothing', async () => {
    const r = await cli(['plan', '--endpoint-url', cloud.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\+ create function:hello/);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(r.stderr).not.toMatch(/\u001b\[/); // no colour off a terminal
    // Under each step, the exact calls it will send.
    expect(r.stderr).toMatch(/\+ create usagePlan:basic.*\n\s+apigateway:CreateUsagePlan name=fxdeploy-dev-basic .*throttle=\{"rateLimit":50,"burstLimit":100\}/);
    const again = await cli(['deploy', '--dry-run', '--endpoint-url', cloud.url, '--json']);
    const doc = JSON.parse(again.stdout);
    expect(doc.changes.created).toContain('restApi:main');
    // --json: every step with its calls whole (operation, inputs, tokens for later values; bodies by size).
    const fn = doc.steps.find((s: { id: string }) => s.id === 'function:hello');
    expect(fn.calls[0]).toMatchObject({ operation: 'lambda:CreateFunction', input: { FunctionName: 'fxdeploy-dev-hello', Code: { ZipFile: expect.stringMatching(/^<zip function:hello, \d+ bytes>$/) } } });
    const key = doc.steps.find((s: { id: string }) => s.id === 'usagePlanKey:basic:partner');
    expect(key.calls).toEqual([expect.objectContaining({ operation: 'apigateway:CreateUsagePlanKey', input: { usagePlanId: '{{ref:usagePlan:basic#id}}', keyId: '{{ref:apiKey:partner#id}}', keyType: 'API_KEY' } })]);
    const plan = JSON.parse((await cli(['plan', '--endpoint-url', cloud.url, '--json'])).stdout);
    expect(plan.steps.map((s: { id: string }) => s.id)).toEqual(doc.steps.map((s: { id: string }) => s.id));
  });

  it('deploy --json prints exactly the documented document', async () => {
    const r = await cli(['deploy', '--endpoint-url', cloud.url, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(['apis', 'changes', 'functions', 'region', 'stage', 'tables', 'target']);
    expect(doc).toMatchObject({ stage: 'dev', region: 'us-east-1', target: cloud.url });
    expect(doc.apis[0]).toMatchObject({ name: 'fxdeploy-dev-main', stageUrl: `${cloud.url}/restapis/${doc.apis[0].id}/dev/_user_request_` });
    expect(doc.apis[0].endpoints).toEqual(expect.arrayContaining([{ method: 'GET', path: '/hello', url: `${doc.apis[0].stageUrl}/hello` }]));
    expect(doc.apis[0].stages).toEqual([{ name: 'dev', url: doc.apis[0].stageUrl, endpoints: doc.apis[0].endpoints }]);
    expect(doc.functions.map((f: { name: string }) => f.name).sort()).toEqual(['fxdeploy-dev-echo', 'fxdeploy-dev-hello']);
    expect(doc.functions[0]).toEqual({ name: expect.any(String), arn: expect.stringMatching(/^arn:aws:lambda:us-east-1:\d{12}:function:/), version: '$LATEST', alias: null, aliases: [], codeSha256: expect.any(String) });
    expect(doc.tables).toEqual([{ name: 'fxdeploy-dev-items', arn: expect.stringMatching(/:table\/fxdeploy-dev-items$/) }]);
    expect(Object.keys(doc.changes).sort()).toEqual(['created', 'deleted', 'unchanged', 'updated']);
  });

  it('status reports no drift after a deploy', async () => {
    const r = await cli(['status', '--endpoint-url', cloud.url, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.deployed).toBe(true);
    expect(doc.drift).toEqual([]);
  });

  it('exits 2 on bad usage and bad config, before any AWS call', async () => {
    cloud.clearCalls();
    expect((await cli(['deploy', '--local', '--endpoint-url', cloud.url])).code).toBe(2);
    const bad = await cli(['deploy', '--endpoint-url', cloud.url, '--config', 'missing.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing\.json/);
    expect(cloud.calls().filter((c) => c.service !== 'execute-api')).toEqual([]);
  });

  it('two deploys of one stage at once do not interleave: the second waits its turn', async () => {
    const e = engine(cloud.url, project.configPath);
    const lock = { waitMs: 60_000, pollMs: 20 };
    const [a, b] = await Promise.all([e.deploy({ lock }), e.deploy({ lock })]);
    expect([a, b].every((r) => r.plan.steps.every((s) => s.action === 'noop'))).toBe(true);
  });

  it('a deploy that finds the stage locked past its wait exits clearly, naming the holder', async () => {
    const release = await acquireLock(lockPath(project.configPath, 'dev'), { command: 'deploy' });
    try {
      const r = await cli(['deploy', '--endpoint-url', cloud.url], { DISCOVERY_LOCK_WAIT_SECONDS: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Another deploy of this stage is running \\(pid ${process.pid}`));
    } finally {
      release();
    }
  });

  it('teardown proceeds without --yes when stdin is not a terminal (CI), and exits 0', async () => {
    const r = await cli(['teardown', '--endpoint-url', cloud.url, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changes.deleted.length).toBeGreaterThan(5);
  });
});

describe('a deploy killed with SIGKILL', () => {
  it('leaves a stale lock and partial state; the next deploy takes over and converges', async () => {
    const killed = await cli(['deploy', '--endpoint-url', cloud.url], { DISCOVERY_FAULT_KILL_AFTER_STEPS: '6' });
    expect(killed.code).not.toBe(0);
    const state = readState(join(project.dir, '.discovery/dev.json'))!; // the file and the steps appended after it
    expect(Object.keys(state.resources).length).toBeGreaterThanOrEqual(6);
    expect(existsSync(join(project.dir, '.discovery/dev.lock'))).toBe(true);

    const rerun = await cli(['deploy', '--endpoint-url', cloud.url, '--json']);
    expect(rerun.code).toBe(0);
    expect(existsSync(join(project.dir, '.discovery/dev.lock'))).toBe(false);
    const inv = await inventory(cloud, 'fxdeploy-dev-');
    expect(inv).toMatchObject({ functions: ['fxdeploy-dev-echo', 'fxdeploy-dev-hello'], apis: ['fxdeploy-dev-main'], keys: ['fxdeploy-dev-partner'], plans: ['fxdeploy-dev-basic'] });
    cloud.clearCalls();
    expect((await cli(['deploy', '--endpoint-url', cloud.url])).code).toBe(0);
    expect(await writeCalls(cloud)).toEqual([]);
  });
});
