// Scheduled rules invoking a real function in the local cloud, on an injected clock.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../../src/local/clock.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { LAMBDA_TRUST_POLICY as TRUST } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const HANDLER = makeZip({
  'index.js': "exports.handler = async (event) => { console.log('SCHEDULED ' + JSON.stringify(event)); return 'ok'; };\n",
});

describe('EventBridge schedules invoke real Lambda functions', () => {
  let cloud: TestCloud;
  let clock: ManualClock;
  let fnArn: string;
  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 30));
    cloud = await startTestCloud({ clock });
    const { Role } = await new IAMClient(cloud.clientConfig).send(new CreateRoleCommand({ RoleName: 'scheduled-role', AssumeRolePolicyDocument: TRUST }));
    const lambda = new LambdaClient(cloud.clientConfig);
    const created = await lambda.send(new CreateFunctionCommand({ FunctionName: 'scheduled', Runtime: 'nodejs22.x', Role: Role!.Arn!, Handler: 'index.handler', Code: { ZipFile: HANDLER } }));
    fnArn = created.FunctionArn!;
    // The function leaves Pending on the cloud's clock.
    await clock.advance(1_000);
    expect((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'scheduled' }))).State).toBe('Active');
  });
  afterAll(() => cloud.dispose());

  it('runs the handler with the scheduled event when the function policy allows the rule', async () => {
    const events = new EventBridgeClient(cloud.clientConfig);
    const { RuleArn } = await events.send(new PutRuleCommand({ Name: 'allowed', ScheduleExpression: 'rate(1 minute)' }));
    await new LambdaClient(cloud.clientConfig).send(new AddPermissionCommand({
      FunctionName: 'scheduled', StatementId: 'events', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: RuleArn,
    }));
    await events.send(new PutTargetsCommand({ Rule: 'allowed', Targets: [{ Id: 'fn', Arn: fnArn }] }));
    await clock.advance(60_000);
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    // The Event invocation runs in a worker process: wait for its log line (bounded poll, no fixed sleep).
    const messages = await vi.waitFor(async () => {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/scheduled', filterPattern: 'SCHEDULED' }));
      expect(found.events?.length).toBeGreaterThan(0);
      return found.events!.map((e) => e.message ?? '');
    }, { timeout: 20_000, interval: 100 });
    const event = JSON.parse(messages[0]!.slice(messages[0]!.indexOf('SCHEDULED ') + 'SCHEDULED '.length)) as Record<string, unknown>;
    expect(event).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', resources: [RuleArn], detail: {} });
    expect(cloud.ctx.ports.events?.firings().filter((f) => f.ruleName === 'allowed').map((f) => f.outcome)).toEqual(['invoked']);
  });

  it('records a refused invoke when no permission lets events.amazonaws.com call the function', async () => {
    const events = new EventBridgeClient(cloud.clientConfig);
    await events.send(new PutRuleCommand({ Name: 'not-allowed', ScheduleExpression: 'rate(1 minute)' }));
    await events.send(new PutTargetsCommand({ Rule: 'not-allowed', Targets: [{ Id: 'fn', Arn: fnArn }] }));
    await clock.advance(60_000);
    const firing = await vi.waitFor(() => {
      const found = cloud.ctx.ports.events?.firings().find((f) => f.ruleName === 'not-allowed');
      expect(found).toBeDefined();
      return found!;
    }, { timeout: 10_000, interval: 50 });
    expect(firing.outcome).toBe('failed');
    expect(firing.error).toContain('events.amazonaws.com');
  });
});
