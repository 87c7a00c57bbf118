// Deploys converge against a distant, busy cloud: IAM propagation delay, API Gateway's
// control-plane quotas, latency and random 5xx (retry delays injected short); and a deploy
// stopped after N steps, run again, converges with nothing duplicated.
import { readFileSync, writeFileSync } from 'node:fs';
import { APIGatewayClient, GetAccountCommand } from '@aws-sdk/client-api-gateway';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultOptions } from '../../../src/local/faults.js';
import { InjectedAbort } from '../../../src/deploy/executor.js';
import type { ProgressEvent } from '../../../src/deploy/run.js';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { callEndpoints, inventory, startDeployProject, writeCalls, type DeployProject } from './harness.js';

const PREFIX = 'fxdeploy-dev-';
const EVERYTHING = {
  functions: ['fxdeploy-dev-echo', 'fxdeploy-dev-hello'], roles: ['fxdeploy-dev-echo', 'fxdeploy-dev-hello'], apis: ['fxdeploy-dev-main'],
  keys: ['fxdeploy-dev-partner'], plans: ['fxdeploy-dev-basic'], rules: [], tables: ['fxdeploy-dev-items'],
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function setup(faults: FaultOptions = {}): Promise<DeployProject> {
  const started = await startDeployProject('deploy-basic', { faults });
  cleanup.push(started.dispose);
  return started;
}

async function expectConverged(cloud: TestCloud, run: DeployProject['run']) {
  expect(await inventory(cloud, PREFIX)).toEqual(EVERYTHING);
  cloud.clearCalls();
  const again = await run.deploy();
  expect(again.report.changes.created.concat(again.report.changes.updated, again.report.changes.deleted)).toEqual([]);
  expect(await writeCalls(cloud)).toEqual([]);
  expect(await callEndpoints(again.report)).toEqual(['GET /hello -> 200', 'POST /echo -> 200']);
}

describe('deploy under faults', () => {
  it('waits out IAM propagation ("cannot be assumed by Lambda")', async () => {
    const { cloud, run } = await setup({ iamPropagationMs: 400 });
    const retries: string[] = [];
    await run.deploy({ progress: (e) => { if (e.type === 'retry') retries.push(e.message); } });
    expect(retries.some((m) => m.startsWith('iamPropagation'))).toBe(true);
    await expectConverged(cloud, run);
  });

  it("waits out IAM propagation of API Gateway's logging role (UpdateAccount) for a stage with access logs", async () => {
    const { cloud, project, run } = await setup({ iamPropagationMs: 400 });
    const config = JSON.parse(readFileSync(project.configPath, 'utf8'));
    config.apis.main.stages = { dev: { accessLog: { format: 'json' } } };
    writeFileSync(project.configPath, JSON.stringify(config));
    const retries: string[] = [];
    const result = await run.deploy({ progress: (e) => { if (e.type === 'retry') retries.push(e.message); } });
    expect(retries.some((m) => m.startsWith('iamPropagation: BadRequestException (The role ARN does not have required permissions'))).toBe(true);
    const account = await new APIGatewayClient(cloud.clientConfig).send(new GetAccountCommand({}));
    expect(account.cloudwatchRoleArn).toContain('role/discovery-cli-apigateway-cloudwatch');
    expect(await callEndpoints(result.report)).toEqual(['GET /hello -> 200', 'POST /echo -> 200']);
  });

  it("waits out API Gateway's control-plane quotas (TooManyRequestsException)", async () => {
    const { cloud, project, run } = await setup({ apiGatewayQuotaScale: 0.02 });
    // Two stages: their two CreateDeployment calls fall in one quota window.
    const config = JSON.parse(readFileSync(project.configPath, 'utf8'));
    config.apis.main.stages = { dev: {}, beta: {} };
    writeFileSync(project.configPath, JSON.stringify(config));
    const retries: string[] = [];
    const progress = (e: ProgressEvent) => { if (e.type === 'retry') retries.push(e.message); };
    await run.deploy({ progress });
    await run.teardown({ progress });
    await run.deploy({ progress });
    expect(retries.some((m) => m.startsWith('throttled'))).toBe(true);
    await expectConverged(cloud, run);
  });

  it('converges with latency and random 5xx answers', async () => {
    const { cloud, run } = await setup({ latencyMs: 15, errorRate: 0.15, seed: 42 });
    const retries: string[] = [];
    await run.deploy({ progress: (e) => { if (e.type === 'retry') retries.push(e.message); } });
    expect(retries.some((m) => m.startsWith('transient'))).toBe(true);
    await expectConverged(cloud, run);
  });
});

describe('a deploy stopped part way', () => {
  for (const n of [1, 4, 9, 14]) {
    it(`converges when rerun after stopping at step ${n}, with nothing duplicated`, async () => {
      const { cloud, run } = await setup();
      await expect(run.deploy({ abortAfterSteps: n, concurrency: 2 })).rejects.toBeInstanceOf(InjectedAbort);
      await run.deploy();
      await expectConverged(cloud, run);
    });
  }
});
