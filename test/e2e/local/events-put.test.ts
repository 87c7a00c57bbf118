// PutEvents on the default bus: entries checked one by one, and each event delivered to the Lambda
// targets of every enabled rule whose pattern matches.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { LAMBDA_TRUST_POLICY as TRUST } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const HANDLER = makeZip({ 'index.js': "exports.handler = async (event) => { console.log('GOT ' + JSON.stringify(event)); return 'ok'; };\n" });

describe('PutEvents', () => {
  let cloud: TestCloud;
  let events: EventBridgeClient;
  beforeAll(async () => {
    cloud = await startTestCloud();
    events = new EventBridgeClient(cloud.clientConfig);
    const { Role } = await new IAMClient(cloud.clientConfig).send(new CreateRoleCommand({ RoleName: 'recorder-role', AssumeRolePolicyDocument: TRUST }));
    const lambda = new LambdaClient(cloud.clientConfig);
    const { FunctionArn } = await lambda.send(new CreateFunctionCommand({ FunctionName: 'recorder', Runtime: 'nodejs22.x', Role: Role!.Arn!, Handler: 'index.handler', Code: { ZipFile: HANDLER } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'recorder' });
    for (const [name, pattern] of [['unhealthy-only', { source: ['my.app'], detail: { status: ['unhealthy'] } }], ['other-source', { source: ['else'] }]] as const) {
      const { RuleArn } = await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern) }));
      await lambda.send(new AddPermissionCommand({ FunctionName: 'recorder', StatementId: name, Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: RuleArn }));
      await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'fn', Arn: FunctionArn! }] }));
    }
  }, 60_000);
  afterAll(() => cloud.dispose());

  it('answers an id per entry and reports malformed entries without failing the call', async () => {
    const out = await events.send(new PutEventsCommand({ Entries: [
      { Source: 'my.app', DetailType: 'status', Detail: '{"status":"healthy"}' },
      { Source: 'my.app', DetailType: 'status', Detail: 'not json' },
      { DetailType: 'status', Detail: '{}' },
    ] }));
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries?.slice(1).map((e) => e.ErrorCode)).toEqual(['MalformedDetail', 'InvalidArgument']);
  });

  it('delivers a matching event, whole, to the rule\'s Lambda target, and nothing for a non-matching one', async () => {
    const { Entries = [] } = await events.send(new PutEventsCommand({ Entries: [{ Source: 'my.app', DetailType: 'status', Detail: '{"status":"unhealthy","who":"west"}', Resources: ['arn:aws:x'] }] }));
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    const messages = await vi.waitFor(async () => {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/recorder', filterPattern: 'GOT' }));
      expect(found.events?.length).toBeGreaterThan(0);
      return found.events!.map((e) => e.message ?? '');
    }, { timeout: 20_000, interval: 100 });
    expect(messages).toHaveLength(1); // the healthy event of the first test matched no rule
    const got = JSON.parse(messages[0]!.slice(messages[0]!.indexOf('GOT ') + 4)) as Record<string, unknown>;
    expect(got).toMatchObject({ id: Entries[0]!.EventId, source: 'my.app', 'detail-type': 'status', account: '000000000000', resources: ['arn:aws:x'], detail: { status: 'unhealthy', who: 'west' } });
  });
});
