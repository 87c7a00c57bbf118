import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
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
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { failure } from '../../helpers/aws-fixtures.js';
import { startTestCloud, useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { signedFetch } from '../../helpers/signed-fetch.js';

const run = promisify(execFile);
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('CloudWatch Logs in the local cloud', () => {
  let cloud: TestCloud;
  let logs: CloudWatchLogsClient;
  useTestCloud({}, (started) => {
    cloud = started;
    logs = new CloudWatchLogsClient(cloud.clientConfig);
  });

  it('creates groups and streams, and answers ResourceAlreadyExists / ResourceNotFound', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/one', tags: { team: 'a' } }));
    expect(await failure(logs.send(new CreateLogGroupCommand({ logGroupName: '/app/one' })))).toMatchObject({ name: 'ResourceAlreadyExistsException', status: 400 });
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/app/one', logStreamName: 's1' }));
    expect(await failure(logs.send(new CreateLogStreamCommand({ logGroupName: '/app/one', logStreamName: 's1' })))).toMatchObject({ name: 'ResourceAlreadyExistsException' });
    expect(await failure(logs.send(new CreateLogStreamCommand({ logGroupName: '/absent', logStreamName: 's1' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(await failure(logs.send(new PutLogEventsCommand({ logGroupName: '/app/one', logStreamName: 'absent', logEvents: [{ timestamp: T0, message: 'x' }] })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('puts events and reads them back with GetLogEvents, oldest first from the head', async () => {
    const put = await logs.send(new PutLogEventsCommand({
      logGroupName: '/app/one',
      logStreamName: 's1',
      logEvents: [
        { timestamp: T0, message: 'START request 1' },
        { timestamp: T0 + 1000, message: 'ERROR timeout talking to table' },
        { timestamp: T0 + 2000, message: 'END request 1' },
      ],
    }));
    expect(put.nextSequenceToken).toBeTruthy();
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: '/app/one', logStreamName: 's1', startFromHead: true }));
    expect(events.events?.map((e) => e.message)).toEqual(['START request 1', 'ERROR timeout talking to table', 'END request 1']);
    expect(events.nextForwardToken).toMatch(/^f\//);
    const limited = await logs.send(new GetLogEventsCommand({ logGroupName: '/app/one', logStreamName: 's1', limit: 1 }));
    expect(limited.events?.map((e) => e.message)).toEqual(['END request 1']);
  });

  it('refuses events out of chronological order in one PutLogEvents', async () => {
    const err = await failure(logs.send(new PutLogEventsCommand({
      logGroupName: '/app/one', logStreamName: 's1',
      logEvents: [{ timestamp: T0 + 10, message: 'b' }, { timestamp: T0, message: 'a' }],
    })));
    expect(err).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('filters events by term, stream names and time window', async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/app/one', logStreamName: 's2' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: '/app/one', logStreamName: 's2', logEvents: [{ timestamp: T0 + 1500, message: 'ERROR disk full' }] }));
    const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/one', filterPattern: 'ERROR' }));
    expect(errors.events?.map((e) => [e.logStreamName, e.message])).toEqual([['s1', 'ERROR timeout talking to table'], ['s2', 'ERROR disk full']]);
    const inS2 = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/one', filterPattern: 'ERROR', logStreamNames: ['s2'] }));
    expect(inS2.events?.map((e) => e.message)).toEqual(['ERROR disk full']);
    const windowed = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/one', startTime: T0 + 500, endTime: T0 + 1200 }));
    expect(windowed.events?.map((e) => e.message)).toEqual(['ERROR timeout talking to table']);
    const phrase = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/one', filterPattern: '"request 1" -START' }));
    expect(phrase.events?.map((e) => e.message)).toEqual(['END request 1']);
  });

  it('describes groups by prefix and streams of a group', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/other/two' }));
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/app/one']);
    expect(groups.logGroups?.[0]?.arn).toBe(`arn:aws:logs:us-east-1:${cloud.ctx.accountId}:log-group:/app/one:*`);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/app/one' }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual(['s1', 's2']);
    expect(streams.logStreams?.[0]?.lastEventTimestamp).toBe(T0 + 2000);
  });

  it('sets retention and refuses a value AWS does not offer', async () => {
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/app/one', retentionInDays: 14 }));
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/one' }));
    expect(groups.logGroups?.[0]?.retentionInDays).toBe(14);
    expect(await failure(logs.send(new PutRetentionPolicyCommand({ logGroupName: '/app/one', retentionInDays: 2 })))).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('tags groups by name and by ARN', async () => {
    await logs.send(new TagLogGroupCommand({ logGroupName: '/app/one', tags: { stage: 'dev' } }));
    const arn = `arn:aws:logs:us-east-1:${cloud.ctx.accountId}:log-group:/app/one`;
    await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: 'me' } }));
    await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ stage: 'dev', owner: 'me' });
    expect((await logs.send(new ListTagsLogGroupCommand({ logGroupName: '/app/one' }))).tags).toEqual({ stage: 'dev', owner: 'me' });
  });

  it('accepts appends through the logs port, creating group and stream (what Lambda uses)', async () => {
    cloud.ctx.ports.logs?.append('/aws/lambda/fn', '2026/01/01/[$LATEST]abc', [{ timestamp: T0, message: 'hello from handler\n' }]);
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/fn', filterPattern: 'hello' }));
    expect(found.events?.map((e) => e.logStreamName)).toEqual(['2026/01/01/[$LATEST]abc']);
  });

  it('deletes a group; a second delete answers ResourceNotFound', async () => {
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/other/two' }));
    expect(await failure(logs.send(new DeleteLogGroupCommand({ logGroupName: '/other/two' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers an operation it does not serve with UnknownOperationException and keeps serving', async () => {
    const res = await signedFetch(cloud.url, {
      service: 'logs',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.StartQuery' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { __type: string }).__type).toBe('UnknownOperationException');
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.length).toBeGreaterThan(0);
  });

  it('works with the AWS CLI and boto3', async () => {
    await run('aws', ['logs', 'create-log-group', '--log-group-name', '/cli/group'], { env: cloud.env });
    await run('aws', ['logs', 'create-log-stream', '--log-group-name', '/cli/group', '--log-stream-name', 'main'], { env: cloud.env });
    await run('aws', ['logs', 'put-log-events', '--log-group-name', '/cli/group', '--log-stream-name', 'main', '--log-events', `timestamp=${T0},message=cli-line`], { env: cloud.env });
    const cli = JSON.parse((await run('aws', ['logs', 'filter-log-events', '--log-group-name', '/cli/group', '--filter-pattern', 'cli'], { env: cloud.env })).stdout) as { events: { message: string }[] };
    expect(cli.events.map((e) => e.message)).toEqual(['cli-line']);
    const script = `
import boto3, json
logs = boto3.client('logs')
out = logs.get_log_events(logGroupName='/cli/group', logStreamName='main', startFromHead=True)
try:
    logs.delete_log_group(logGroupName='/absent')
    code = None
except logs.exceptions.ResourceNotFoundException as e:
    code = e.response['Error']['Code']
print(json.dumps({'messages': [e['message'] for e in out['events']], 'code': code}))
`;
    const boto = JSON.parse((await run('python3', ['-c', script], { env: cloud.env })).stdout) as { messages: string[]; code: string };
    expect(boto).toEqual({ messages: ['cli-line'], code: 'ResourceNotFoundException' });
  });
});

describe('CloudWatch Logs persistence', () => {
  it('keeps groups and events across a restart, including port appends', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'discovery-logs-persist-'));
    try {
      const first = await startTestCloud({ stateDir });
      first.ctx.ports.logs?.append('/aws/lambda/kept', 'stream', [{ timestamp: T0, message: 'kept line' }]);
      await first.stop();
      const second = await startTestCloud({ stateDir });
      try {
        const out = await new CloudWatchLogsClient(second.clientConfig).send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/kept', logStreamName: 'stream' }));
        expect(out.events?.map((e) => e.message)).toEqual(['kept line']);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
