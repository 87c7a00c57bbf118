import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/local/clock.js';
import type { InvokeOptions, InvokeResult, LambdaPort } from '../../../src/local/ports.js';
import { failure } from '../../helpers/aws-fixtures.js';
import { startTestCloud, useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const run = promisify(execFile);
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('EventBridge in the local cloud', () => {
  let cloud: TestCloud;
  let events: EventBridgeClient;
  let fnArn: string;
  useTestCloud({ clock: new ManualClock(T0) }, (started) => {
    cloud = started;
    events = new EventBridgeClient(cloud.clientConfig);
    fnArn = `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:tick`;
  });

  it('puts rules with rate() and cron() schedules and describes them', async () => {
    const put = await events.send(new PutRuleCommand({ Name: 'every-5', ScheduleExpression: 'rate(5 minutes)', Description: 'five', Tags: [{ Key: 'a', Value: '1' }] }));
    expect(put.RuleArn).toBe(`arn:aws:events:us-east-1:${cloud.ctx.accountId}:rule/every-5`);
    await events.send(new PutRuleCommand({ Name: 'weekdays', ScheduleExpression: 'cron(0 9 ? * MON-FRI *)', State: 'DISABLED' }));
    const described = await events.send(new DescribeRuleCommand({ Name: 'every-5' }));
    expect(described).toMatchObject({ Name: 'every-5', Arn: put.RuleArn, ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED', Description: 'five', EventBusName: 'default' });
    const listed = await events.send(new ListRulesCommand({ NamePrefix: 'week' }));
    expect(listed.Rules?.map((r) => [r.Name, r.State])).toEqual([['weekdays', 'DISABLED']]);
  });

  it('refuses invalid schedule expressions with ValidationException', async () => {
    for (const expression of ['rate(1 minutes)', 'rate(5 minute)', 'rate(0 hours)', 'cron(0 9 * * MON *)', 'cron(0 9 * *)', 'cron(0 9 L * ? *)', 'every day']) {
      const err = await failure(events.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: expression })));
      expect(err, expression).toMatchObject({ name: 'ValidationException', status: 400 });
    }
    expect(await failure(events.send(new PutRuleCommand({ Name: 'empty' })))).toMatchObject({ name: 'ValidationException' });
  });

  it('puts, lists and removes targets; DeleteRule is refused while targets exist', async () => {
    const put = await events.send(new PutTargetsCommand({ Rule: 'every-5', Targets: [{ Id: 't1', Arn: fnArn, Input: '{"k":1}' }] }));
    expect(put.FailedEntryCount).toBe(0);
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'every-5' }))).Targets).toEqual([{ Id: 't1', Arn: fnArn, Input: '{"k":1}' }]);
    const refused = await failure(events.send(new DeleteRuleCommand({ Name: 'every-5' })));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toContain('targets');
    await events.send(new RemoveTargetsCommand({ Rule: 'every-5', Ids: ['t1'] }));
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'every-5' }))).Targets).toEqual([]);
    await events.send(new DeleteRuleCommand({ Name: 'every-5' }));
    expect(await failure(events.send(new DescribeRuleCommand({ Name: 'every-5' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
  });

  it('answers ResourceNotFound for targets of a missing rule, ValidationException for bad targets', async () => {
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'absent', Targets: [{ Id: 't', Arn: fnArn }] })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failure(events.send(new ListTargetsByRuleCommand({ Rule: 'absent' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'weekdays', Targets: [{ Id: 't', Arn: 'not-an-arn' }] })))).toMatchObject({ name: 'ValidationException' });
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'weekdays', Targets: [{ Id: 't', Arn: fnArn, Input: '{bad' }] })))).toMatchObject({ name: 'ValidationException' });
  });

  it('tags rules by ARN', async () => {
    const { Arn } = await events.send(new DescribeRuleCommand({ Name: 'weekdays' }));
    await events.send(new TagResourceCommand({ ResourceARN: Arn, Tags: [{ Key: 'x', Value: '1' }, { Key: 'y', Value: '2' }] }));
    await events.send(new UntagResourceCommand({ ResourceARN: Arn, TagKeys: ['x'] }));
    expect((await events.send(new ListTagsForResourceCommand({ ResourceARN: Arn }))).Tags).toEqual([{ Key: 'y', Value: '2' }]);
    expect(await failure(events.send(new ListTagsForResourceCommand({ ResourceARN: `arn:aws:events:us-east-1:${cloud.ctx.accountId}:rule/absent` })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('works with the AWS CLI and boto3', async () => {
    const cli = JSON.parse((await run('aws', ['events', 'put-rule', '--name', 'cli-rule', '--schedule-expression', 'rate(1 hour)'], { env: cloud.env })).stdout) as { RuleArn: string };
    expect(cli.RuleArn).toContain(':rule/cli-rule');
    await run('aws', ['events', 'put-targets', '--rule', 'cli-rule', '--targets', `Id=1,Arn=${fnArn}`], { env: cloud.env });
    const script = `
import boto3, json
ev = boto3.client('events')
targets = ev.list_targets_by_rule(Rule='cli-rule')['Targets']
try:
    ev.delete_rule(Name='cli-rule')
    code = None
except ev.exceptions.ClientError as e:
    code = e.response['Error']['Code']
print(json.dumps({'ids': [t['Id'] for t in targets], 'code': code, 'state': ev.describe_rule(Name='cli-rule')['State']}))
`;
    const boto = JSON.parse((await run('python3', ['-c', script], { env: cloud.env })).stdout) as unknown;
    expect(boto).toEqual({ ids: ['1'], code: 'ValidationException', state: 'ENABLED' });
  });
});

/** Records what the scheduler asks Lambda to do. A fake of the Lambda *port*, as the brief allows. */
class RecordingLambda implements LambdaPort {
  calls: { ref: string; payload: unknown; options?: InvokeOptions }[] = [];
  refuse = false;
  async invoke(ref: string, _qualifier: string | undefined, payload: Buffer, options?: InvokeOptions): Promise<InvokeResult> {
    this.calls.push({ ref, payload: JSON.parse(payload.toString('utf8')), options });
    if (this.refuse) throw Object.assign(new Error('The function policy does not allow events.amazonaws.com'), { name: 'AccessDeniedException' });
    return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: '$LATEST' };
  }
  exists() {
    return true;
  }
  isInvokeAllowed() {
    return true;
  }
}

describe('EventBridge schedules fire on the injected clock', () => {
  let cloud: TestCloud;
  const clock = new ManualClock(T0 + 30_000);
  let events: EventBridgeClient;
  let lambda: RecordingLambda;
  const fn = 'arn:aws:lambda:us-east-1:000000000000:function:scheduled';
  useTestCloud({ clock }, (started) => {
    cloud = started;
    events = new EventBridgeClient(cloud.clientConfig);
    lambda = new RecordingLambda();
    // Resolved lazily at fire time, so a port installed after start is used.
    cloud.ctx.ports.lambda = lambda;
  });

  it('fires a rate(1 minute) rule once per minute with the scheduled-event payload AWS sends', async () => {
    const { RuleArn } = await events.send(new PutRuleCommand({ Name: 'minutely', ScheduleExpression: 'rate(1 minute)' }));
    await events.send(new PutTargetsCommand({ Rule: 'minutely', Targets: [{ Id: 'fn', Arn: fn }] }));
    await clock.advance(59_000);
    expect(lambda.calls).toHaveLength(0);
    await clock.advance(1_000);
    expect(lambda.calls).toHaveLength(1);
    const call = lambda.calls[0]!;
    expect(call.ref).toBe(fn);
    expect(call.options).toEqual({ invocationType: 'Event', caller: { principal: 'events.amazonaws.com', sourceArn: RuleArn } });
    expect(call.payload).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: cloud.ctx.accountId,
      time: new Date(T0 + 90_000).toISOString().replace('.000', ''),
      region: 'us-east-1',
      resources: [RuleArn],
      detail: {},
    });
    await clock.advance(120_000);
    expect(lambda.calls).toHaveLength(3);
    await events.send(new DisableRuleCommand({ Name: 'minutely' }));
    await clock.advance(180_000);
    expect(lambda.calls).toHaveLength(3);
    await events.send(new RemoveTargetsCommand({ Rule: 'minutely', Ids: ['fn'] }));
  });

  it('fires a cron() rule at the matching minute with the target Input as payload', async () => {
    lambda.calls = [];
    const start = clock.now();
    const nextHour = Math.ceil((start + 1) / 3_600_000) * 3_600_000;
    await events.send(new PutRuleCommand({ Name: 'hourly', ScheduleExpression: 'cron(0 * * * ? *)' }));
    await events.send(new PutTargetsCommand({ Rule: 'hourly', Targets: [{ Id: 'fn', Arn: fn, Input: '{"job":"report"}' }] }));
    await clock.advanceTo(nextHour - 1_000);
    expect(lambda.calls).toHaveLength(0);
    await clock.advanceTo(nextHour);
    expect(lambda.calls.map((c) => c.payload)).toEqual([{ job: 'report' }]);
  });

  it('records a refused invoke instead of throwing, and keeps firing', async () => {
    lambda.calls = [];
    lambda.refuse = true;
    await clock.advance(3_600_000);
    expect(lambda.calls).toHaveLength(1);
    const last = cloud.ctx.ports.events?.firings().at(-1);
    expect(last).toMatchObject({ ruleName: 'hourly', targetId: 'fn', outcome: 'failed' });
    expect(last?.error).toContain('AccessDeniedException');
    lambda.refuse = false;
    await clock.advance(3_600_000);
    expect(cloud.ctx.ports.events?.firings().at(-1)).toMatchObject({ ruleName: 'hourly', outcome: 'invoked' });
  });
});

describe('EventBridge persistence', () => {
  it('keeps rules, targets and tags across a restart with the same state folder', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'discovery-events-persist-'));
    const fn = 'arn:aws:lambda:us-east-1:000000000000:function:kept';
    try {
      const first = await startTestCloud({ stateDir });
      const before = new EventBridgeClient(first.clientConfig);
      await before.send(new PutRuleCommand({ Name: 'kept', ScheduleExpression: 'cron(0 3 * * ? *)', Tags: [{ Key: 'k', Value: 'v' }] }));
      await before.send(new PutTargetsCommand({ Rule: 'kept', Targets: [{ Id: 't', Arn: fn }] }));
      await first.stop();
      const second = await startTestCloud({ stateDir });
      try {
        const after = new EventBridgeClient(second.clientConfig);
        const rule = await after.send(new DescribeRuleCommand({ Name: 'kept' }));
        expect(rule).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', State: 'ENABLED' });
        expect((await after.send(new ListTargetsByRuleCommand({ Rule: 'kept' }))).Targets).toEqual([{ Id: 't', Arn: fn }]);
        expect((await after.send(new ListTagsForResourceCommand({ ResourceARN: rule.Arn }))).Tags).toEqual([{ Key: 'k', Value: 'v' }]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
