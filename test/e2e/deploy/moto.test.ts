// The engine against moto_server too (an independent implementation of the AWS APIs): deploy and
// teardown of the IAM, Lambda, DynamoDB, stage, key and usage-plan parts. moto cannot serve the
// API or run code, so endpoints are not called here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoUnavailableReason, startMoto, type MotoServer } from '../../conformance/harness/moto.js';
import { copyFixture, engine, type Engine } from '../../helpers/deploy-engine.js';

const unavailable = motoUnavailableReason();

describe.skipIf(unavailable !== undefined)(`deploy and teardown against moto_server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let moto: MotoServer;
  let project: ReturnType<typeof copyFixture>;
  let run: Engine;

  beforeAll(async () => {
    moto = await startMoto();
    project = copyFixture('deploy-moto');
    run = engine(moto.url, project.configPath, { region: 'us-east-1' });
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
    project?.dispose();
  });

  it('creates the role, function, table, API stage, key and plan', async () => {
    const result = await run.deploy();
    expect(result.report.changes.created).toEqual(expect.arrayContaining([
      'role:hello', 'rolePolicy:hello', 'function:hello', 'table:items', 'restApi:main', 'deployment:main:v1', 'stageSettings:main:v1',
      'apiKey:partner', 'usagePlan:basic', 'usagePlanKey:basic:partner',
    ]));
    expect(result.report.apis[0]!.stageUrl).toBe(`${moto.url}/restapis/${result.report.apis[0]!.id}/v1/_user_request_`);
    expect(result.report.functions[0]!.arn).toBe('arn:aws:lambda:us-east-1:123456789012:function:fxmoto-dev-hello');
  });

  it('plans nothing more on a second deploy', async () => {
    const result = await run.deploy({ dryRun: true });
    expect(result.plan.steps.filter((s) => s.action !== 'noop').map((s) => `${s.id}: ${s.reason}`)).toEqual([]);
  });

  it('tears everything down and then has nothing left to do', async () => {
    const result = await run.teardown({ deleteData: true });
    expect(result.report.changes.deleted.length).toBeGreaterThanOrEqual(6);
    const again = await run.teardown({ deleteData: true, dryRun: true });
    expect(again.plan.steps.map((s) => s.id)).toEqual([]);
  });
});
