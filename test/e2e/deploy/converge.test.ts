// Changes that once planned forever against a real peer (the local cloud): a usage plan's
// throttle and quota removed from the config, and a function whose description alone changed.
// Each is applied by one deploy; the next makes no write call.
import { readFileSync, writeFileSync } from 'node:fs';
import { APIGatewayClient, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { GetAliasCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { useDeployProject, writeCalls, type DeployProject } from './harness.js';

let cloud: TestCloud;
let project: DeployProject['project'];
let run: DeployProject['run'];
useDeployProject('deploy-aliased', (started) => ({ cloud, project, run } = started));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON edits in a test
function editJson(path: string, edit: (doc: any) => void): void {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  edit(doc);
  writeFileSync(path, JSON.stringify(doc, null, 2));
}

const client = <T>(Make: new (c: object) => T) => new Make({ endpoint: cloud.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

describe('deploys that settle', () => {
  it('removes a usage plan throttle and quota the config no longer has, then has nothing to do', async () => {
    editJson(project.configPath, (c) => { c.usagePlans.basic.throttle = { rateLimit: 5, burstLimit: 10 }; c.usagePlans.basic.quota = { limit: 100, period: 'DAY' }; });
    await run.deploy();
    editJson(project.configPath, (c) => { delete c.usagePlans.basic.throttle; delete c.usagePlans.basic.quota; });

    const dry = await run.deploy({ dryRun: true });
    const step = dry.plan.steps.find((s) => s.id === 'usagePlan:basic')!;
    expect(step.calls.map((c) => [c.operation, c.input.patchOperations])).toEqual([
      ['apigateway:UpdateUsagePlan', [{ op: 'remove', path: '/throttle' }, { op: 'remove', path: '/quota' }]],
    ]);
    const applied = await run.deploy();
    expect(applied.report.changes.updated).toEqual(['usagePlan:basic']);
    const plans = await client(APIGatewayClient).send(new GetUsagePlansCommand({}));
    const plan = plans.items!.find((p) => p.name === 'fxalias-dev-basic')!;
    expect([plan.throttle, plan.quota]).toEqual([undefined, undefined]);

    cloud.clearCalls();
    const again = await run.deploy();
    expect(again.report.changes.updated).toEqual([]);
    expect(await writeCalls(cloud)).toEqual([]);
  });

  it('updates a function whose description alone changed, without a publish, then has nothing to do', async () => {
    const lambda = client(LambdaClient);
    const before = await lambda.send(new GetAliasCommand({ FunctionName: 'fxalias-dev-hello', Name: 'live' }));
    editJson(project.configPath, (c) => { c.functions.hello.description = 'now with a description'; });
    cloud.clearCalls();
    const applied = await run.deploy();
    expect([...applied.report.changes.created, ...applied.report.changes.updated]).toEqual(['function:hello']);
    expect(await writeCalls(cloud)).toEqual(['lambda:UpdateFunctionConfiguration']);
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'fxalias-dev-hello' }));
    expect(fn.Configuration!.Description).toBe('now with a description');
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'fxalias-dev-hello', Name: 'live' }));
    expect(alias.FunctionVersion).toBe(before.FunctionVersion);

    cloud.clearCalls();
    const again = await run.deploy();
    expect([...again.report.changes.created, ...again.report.changes.updated]).toEqual([]);
    expect(await writeCalls(cloud)).toEqual([]);
  });
});
