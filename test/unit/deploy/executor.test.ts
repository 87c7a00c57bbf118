// The executor against the in-memory fake of the AWS facade: it sends exactly the planned calls,
// fills tokens from earlier answers, adopts what an interrupted run made, and a second plan of
// what it made is empty.
import { beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../src/deploy/executor.js';
import type { DesiredState } from '../../../src/deploy/model.js';
import { planCalls, type Plan } from '../../../src/deploy/plan.js';
import { plan } from '../../../src/deploy/planner.js';
import { FakeAws } from './fake-aws.js';
import { ACCOUNT, desiredFor } from './helpers.js';

export async function deployTo(fake: FakeAws, desired: DesiredState, deleteData = false): Promise<Plan> {
  const p = plan({ project: desired.project, stage: desired.stage, region: desired.region, resources: desired.resources, remote: fake.read(desired.prefix), artifacts: desired.artifacts, sweep: { deleteData } });
  await execute(p, { api: fake, artifacts: desired.artifacts });
  return p;
}

const changed = (p: Plan) => p.steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.id}`);

let basic: DesiredState;
let aliased: DesiredState;
beforeAll(async () => {
  [basic, aliased] = await Promise.all([desiredFor('deploy-basic'), desiredFor('valid/node-api')]);
});

describe('executor against the fake facade', () => {
  it('sends exactly the planned calls, in dependency order, and then nothing is left to do', async () => {
    const fake = new FakeAws();
    const p = await deployTo(fake, basic);
    expect(fake.sent.map((s) => s.operation).sort()).toEqual(planCalls(p).map((c) => c.call.operation).sort());
    const again = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: basic.resources, remote: fake.read(basic.prefix), artifacts: basic.artifacts });
    expect(changed(again)).toEqual([]);
    // Tokens were filled from earlier answers: the plan's key is bound to the plan's new id.
    const made = fake.read();
    expect(made.usagePlans[0]!.keyIds).toEqual([made.apiKeys[0]!.id]);
    expect(made.usagePlans[0]!.apiStages).toEqual([{ apiId: made.restApis[0]!.id, stage: 'dev' }]);
  });

  it('launches the longest chain of dependent calls first: a role before a log group, whatever the plan\'s order', async () => {
    const fake = new FakeAws();
    const p = plan({ project: basic.project, stage: basic.stage, region: basic.region, resources: basic.resources, remote: fake.read(basic.prefix), artifacts: basic.artifacts });
    const reversed = { ...p, steps: [...p.steps].reverse() };
    expect(reversed.steps.findIndex((s) => s.kind === 'logGroup')).toBeLessThan(reversed.steps.findIndex((s) => s.kind === 'role'));
    await execute(reversed, { api: fake, artifacts: basic.artifacts }, { concurrency: 1 });
    const sent = fake.sent.map((s) => s.operation);
    expect(sent.indexOf('iam:CreateRole')).toBeGreaterThanOrEqual(0);
    expect(sent.indexOf('iam:CreateRole')).toBeLessThan(sent.indexOf('logs:CreateLogGroup'));
    expect(changed(plan({ project: basic.project, stage: basic.stage, region: basic.region, resources: basic.resources, remote: fake.read(basic.prefix), artifacts: basic.artifacts }))).toEqual([]);
  });

  it('deploys aliases on the version it publishes, converging in one run', async () => {
    const fake = new FakeAws();
    await deployTo(fake, aliased);
    const again = await deployTo(fake, aliased);
    expect(changed(again)).toEqual([]);
    const fn = fake.read().functions['fixture-node-dev-hello']!;
    expect(fn.versions.map((v) => v.version)).toEqual(['1']);
    expect(Object.values(fn.aliases).map((a) => a.version)).toEqual(expect.arrayContaining(['1']));
  });

  it('adopts what an interrupted run made (already exists) instead of failing', async () => {
    const fake = new FakeAws();
    await deployTo(fake, basic);
    const remote = fake.read(basic.prefix);
    // The state read before the interruption: nothing of the role or function known.
    delete remote.roles['fxdeploy-dev-hello'];
    delete remote.functions['fxdeploy-dev-hello'];
    const p = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: basic.resources, remote, artifacts: basic.artifacts });
    expect(changed(p)).toEqual(expect.arrayContaining(['create role:hello', 'create function:hello']));
    fake.sent.length = 0;
    await execute(p, { api: fake, artifacts: basic.artifacts });
    expect(fake.sent.map((s) => s.operation)).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration', 'lambda:UpdateFunctionCode']));
    expect(changed(await deployTo(fake, basic))).toEqual([]);
  });

  it('tears down to nothing (tables only with deleteData), deleting dependants first', async () => {
    const fake = new FakeAws();
    await deployTo(fake, aliased);
    const down = plan({ project: 'fixture-node', stage: 'dev', region: 'us-east-1', resources: [], remote: fake.read(aliased.prefix), sweep: { deleteData: true } });
    await execute(down, { api: fake, artifacts: { zips: {}, apiBodies: {} } });
    const left = fake.read(aliased.prefix);
    expect({ ...left, apiGatewayAccount: undefined }).toEqual({
      accountId: ACCOUNT, roles: {}, functions: {}, tables: {}, logGroups: [], restApis: [], apiKeys: [], usagePlans: [], rules: {}, apiGatewayAccount: undefined,
    });
  });
});
