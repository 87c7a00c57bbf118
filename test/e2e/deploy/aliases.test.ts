// Stages that invoke through a Lambda alias: versions published and aliases moved only when the
// code or configuration changes; schedules, access logs and stage settings converge too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIGatewayClient, GetAccountCommand, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, GetAliasCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { callEndpoints, inventory, useDeployProject, writeCalls, type DeployProject } from './harness.js';

let cloud: TestCloud;
let project: DeployProject['project'];
let run: DeployProject['run'];
useDeployProject('deploy-aliased', (started) => ({ cloud, project, run } = started));

describe('a stage with a Lambda alias', () => {
  let apiId = '';

  it('deploys: the stage invokes the alias on a published version, with its settings', async () => {
    const result = await run.deploy();
    apiId = result.report.apis[0]!.id;
    expect(result.report.apis[0]!.stageUrl).toContain('/live/');
    expect(result.report.functions.find((f) => f.name === 'fxalias-dev-hello')).toMatchObject({ version: '1', alias: 'live' });
    expect(await callEndpoints(result.report)).toEqual(['GET /hello -> 200', 'POST /echo -> 200']);
    const alias = await new LambdaClient(cloud.clientConfig).send(new GetAliasCommand({ FunctionName: 'fxalias-dev-hello', Name: 'live' }));
    expect(alias.FunctionVersion).toBe('1');
    const stage = await new APIGatewayClient(cloud.clientConfig).send(new GetStageCommand({ restApiId: apiId, stageName: 'live' }));
    expect(stage.variables).toEqual({ color: 'blue', lambdaAlias: 'live' });
    expect(stage.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 100, throttlingBurstLimit: 200 });
    expect(stage.accessLogSettings?.destinationArn).toMatch(/log-group:\/aws\/apigateway\/fxalias-dev-main\/live$/);
    // Access logs need API Gateway's account CloudWatch role; the fresh account had none, so the engine set one.
    const account = await new APIGatewayClient(cloud.clientConfig).send(new GetAccountCommand({}));
    expect(account.cloudwatchRoleArn).toBe('arn:aws:iam::000000000000:role/discovery-cli-apigateway-cloudwatch');
    const attached = await new IAMClient(cloud.clientConfig).send(new ListAttachedRolePoliciesCommand({ RoleName: 'discovery-cli-apigateway-cloudwatch' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']);
    expect((await inventory(cloud, 'fxalias-dev-')).rules).toEqual(['fxalias-dev-echo-schedule']);
  });

  it('redeploys with no change making zero writes', async () => {
    cloud.clearCalls();
    const result = await run.deploy();
    expect(await writeCalls(cloud)).toEqual([]);
    expect(result.criticalPathDepth).toBeLessThanOrEqual(2);
  });

  it('publishes a version and moves the alias when the code changes, and nothing else', async () => {
    const file = join(project.dir, 'handlers/hello.mjs');
    writeFileSync(file, readFileSync(file, 'utf8').replace("message: 'hello'", "message: 'v2'"));
    cloud.clearCalls();
    const result = await run.deploy();
    expect((await writeCalls(cloud)).sort()).toEqual(['lambda:PublishVersion', 'lambda:UpdateAlias', 'lambda:UpdateFunctionCode']);
    expect(result.report.functions.find((f) => f.name === 'fxalias-dev-hello')).toMatchObject({ version: '2', alias: 'live' });
    const body = await (await fetch(`${result.report.apis[0]!.stageUrl}/hello`)).json();
    expect(body).toMatchObject({ message: 'v2' });
  });

  it('tears everything down, schedules included', async () => {
    await run.teardown({ deleteData: true });
    expect(await inventory(cloud, 'fxalias-dev-')).toEqual({ functions: [], roles: [], apis: [], keys: [], plans: [], rules: [], tables: [] });
    // The account-wide logging role stays: other APIs of the account rely on it.
    expect((await new IAMClient(cloud.clientConfig).send(new GetRoleCommand({ RoleName: 'discovery-cli-apigateway-cloudwatch' }))).Role).toBeDefined();
    expect((await new APIGatewayClient(cloud.clientConfig).send(new GetAccountCommand({}))).cloudwatchRoleArn).toContain('discovery-cli-apigateway-cloudwatch');
  });
});
