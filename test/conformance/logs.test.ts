import { expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { failure } from '../helpers/aws-fixtures.js';
import { describeConformance } from './harness/targets.js';

describeConformance('CloudWatch Logs', (_name, target) => {
  const logs = () => new CloudWatchLogsClient(target().clientConfig);

  it('groups, streams, events: put, get, filter, describe, delete', async () => {
    // Recent timestamps: AWS (and moto) reject events older than the retention window.
    const t0 = Date.now() - 60_000;
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/hello' }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/hello', logStreamName: 'one' }));
    await logs().send(new PutLogEventsCommand({
      logGroupName: '/aws/lambda/hello',
      logStreamName: 'one',
      logEvents: [{ timestamp: t0, message: 'START' }, { timestamp: t0 + 1, message: 'ERROR boom' }, { timestamp: t0 + 2, message: 'END' }],
    }));
    const events = await logs().send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/hello', logStreamName: 'one', startFromHead: true }));
    expect(events.events?.map((e) => e.message)).toEqual(['START', 'ERROR boom', 'END']);
    const filtered = await logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', filterPattern: 'ERROR' }));
    expect(filtered.events?.map((e) => [e.logStreamName, e.message])).toEqual([['one', 'ERROR boom']]);
    const groups = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/hello']);
    expect(groups.logGroups?.[0]?.arn).toBe(`arn:aws:logs:${target().region}:${target().accountId}:log-group:/aws/lambda/hello:*`);
    const streams = await logs().send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/hello' }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual(['one']);
    await logs().send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/hello' }));
    expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }))).logGroups).toEqual([]);
  });

  it('ResourceAlreadyExists for a second group, ResourceNotFound for missing group or stream', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'dup' }));
    expect(await failure(logs().send(new CreateLogGroupCommand({ logGroupName: 'dup' })))).toMatchObject({ name: 'ResourceAlreadyExistsException', status: 400 });
    expect(await failure(logs().send(new DeleteLogGroupCommand({ logGroupName: 'absent' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(await failure(logs().send(new CreateLogStreamCommand({ logGroupName: 'absent', logStreamName: 's' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failure(logs().send(new PutLogEventsCommand({ logGroupName: 'dup', logStreamName: 'absent', logEvents: [{ timestamp: Date.now(), message: 'x' }] })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('retention and tags on a group', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'kept', tags: { team: 'a' } }));
    await logs().send(new PutRetentionPolicyCommand({ logGroupName: 'kept', retentionInDays: 7 }));
    expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'kept' }))).logGroups?.[0]?.retentionInDays).toBe(7);
    const arn = `arn:aws:logs:${target().region}:${target().accountId}:log-group:kept`;
    await logs().send(new TagResourceCommand({ resourceArn: arn, tags: { stage: 'dev' } }));
    expect((await logs().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ team: 'a', stage: 'dev' });
  });
});
