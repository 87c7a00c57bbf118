import { expect, it } from 'vitest';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { failure } from '../helpers/aws-fixtures.js';
import { describeConformance } from './harness/targets.js';

describeConformance('EventBridge', (_name, target) => {
  const events = () => new EventBridgeClient(target().clientConfig);
  const fnArn = () => `arn:aws:lambda:${target().region}:${target().accountId}:function:tick`;

  it('rules: put with rate() and cron(), describe, list', async () => {
    const { RuleArn } = await events().send(new PutRuleCommand({ Name: 'every-5', ScheduleExpression: 'rate(5 minutes)', Description: 'five' }));
    expect(RuleArn).toBe(`arn:aws:events:${target().region}:${target().accountId}:rule/every-5`);
    await events().send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 3 * * ? *)', State: 'DISABLED' }));
    expect(await events().send(new DescribeRuleCommand({ Name: 'every-5' }))).toMatchObject({
      Name: 'every-5', Arn: RuleArn, ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED', Description: 'five', EventBusName: 'default',
    });
    const listed = await events().send(new ListRulesCommand({}));
    expect(listed.Rules?.map((r) => [r.Name, r.State])).toEqual([['every-5', 'ENABLED'], ['nightly', 'DISABLED']]);
  });

  it('ValidationException for an invalid schedule expression or none at all', async () => {
    expect(await failure(events().send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: 'every day' })))).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(await failure(events().send(new PutRuleCommand({ Name: 'bad' })))).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('targets: put, list, DeleteRule refused while targets exist, remove, delete, then ResourceNotFound', async () => {
    await events().send(new PutRuleCommand({ Name: 'with-targets', ScheduleExpression: 'rate(1 hour)' }));
    const put = await events().send(new PutTargetsCommand({ Rule: 'with-targets', Targets: [{ Id: 'fn', Arn: fnArn(), Input: '{"a":1}' }] }));
    expect(put.FailedEntryCount).toBe(0);
    const targets = await events().send(new ListTargetsByRuleCommand({ Rule: 'with-targets' }));
    expect(targets.Targets).toEqual([{ Id: 'fn', Arn: fnArn(), Input: '{"a":1}' }]);
    expect(await failure(events().send(new DeleteRuleCommand({ Name: 'with-targets' })))).toMatchObject({ name: 'ValidationException', status: 400 });
    await events().send(new RemoveTargetsCommand({ Rule: 'with-targets', Ids: ['fn'] }));
    await events().send(new DeleteRuleCommand({ Name: 'with-targets' }));
    expect(await failure(events().send(new DescribeRuleCommand({ Name: 'with-targets' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(await failure(events().send(new PutTargetsCommand({ Rule: 'with-targets', Targets: [{ Id: 'fn', Arn: fnArn() }] })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('tags on a rule', async () => {
    const { RuleArn } = await events().send(new PutRuleCommand({ Name: 'tagged', ScheduleExpression: 'rate(1 day)', Tags: [{ Key: 'a', Value: '1' }] }));
    await events().send(new TagResourceCommand({ ResourceARN: RuleArn, Tags: [{ Key: 'b', Value: '2' }] }));
    const tags = await events().send(new ListTagsForResourceCommand({ ResourceARN: RuleArn }));
    expect(tags.Tags?.sort((x, y) => x.Key!.localeCompare(y.Key!))).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
  });
});
