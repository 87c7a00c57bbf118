// CloudWatch Logs JSON 1.1 operations (X-Amz-Target: Logs_20140328.<Operation>).
import { AwsServiceError, badRequest } from '../protocol/errors.js';
import { jsonResult as renderJson } from '../protocol/render.js';
import { compileFilterPattern } from './filter-pattern.js';
import { groupNameFromArn, groupNotFound, type LogGroup, type LogsModel, type LogStream, type StoredEvent } from './model.js';
import type { JsonTargetOperation } from '../protocol/json-target.js';

type Input = Record<string, unknown>;
type Operation = JsonTargetOperation<LogsModel>;

export const operations: Record<string, Operation> = {
  CreateLogGroup(model, input) {
    model.createGroup(str(input, 'logGroupName'), strMap(input.tags));
    return ok('CreateLogGroup');
  },
  DeleteLogGroup(model, input) {
    model.deleteGroup(str(input, 'logGroupName'));
    return ok('DeleteLogGroup');
  },
  DescribeLogGroups(model, input) {
    const prefix = optStr(input, 'logGroupNamePrefix') ?? '';
    const pattern = optStr(input, 'logGroupNamePattern');
    const groups = Object.values(model.groups)
      .filter((g) => g.name.startsWith(prefix) && (!pattern || g.name.includes(pattern)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = paginate(groups, input, 50);
    return jsonResult('DescribeLogGroups', { logGroups: page.items.map((g) => groupJson(model, g)), ...page.token });
  },
  CreateLogStream(model, input) {
    model.createStream(str(input, 'logGroupName'), str(input, 'logStreamName'));
    return ok('CreateLogStream');
  },
  DeleteLogStream(model, input) {
    model.deleteStream(str(input, 'logGroupName'), str(input, 'logStreamName'));
    return ok('DeleteLogStream');
  },
  DescribeLogStreams(model, input) {
    const group = model.getGroup(optStr(input, 'logGroupIdentifier') ?? str(input, 'logGroupName'));
    const prefix = optStr(input, 'logStreamNamePrefix') ?? '';
    const orderBy = optStr(input, 'orderBy') ?? 'LogStreamName';
    if (orderBy === 'LastEventTime' && prefix) {
      throw badRequest('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const streams = Object.values(group.streams)
      .filter((s) => s.name.startsWith(prefix))
      .sort((a, b) => (orderBy === 'LastEventTime' ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) : a.name.localeCompare(b.name)));
    if (input.descending === true) streams.reverse();
    const page = paginate(streams, input, 50);
    return jsonResult('DescribeLogStreams', { logStreams: page.items.map((s) => streamJson(model, group, s)), ...page.token });
  },
  PutLogEvents(model, input) {
    const events = Array.isArray(input.logEvents) ? (input.logEvents as Input[]) : [];
    if (events.length === 0) throw badRequest('InvalidParameterException', '1 validation error detected: Value at \'logEvents\' failed to satisfy constraint: Member must have length greater than or equal to 1');
    const stream = model.putEvents(str(input, 'logGroupName'), str(input, 'logStreamName'),
      events.map((e) => ({ timestamp: Number(e.timestamp), message: String(e.message ?? '') })));
    return jsonResult('PutLogEvents', { nextSequenceToken: sequenceToken(stream) });
  },
  GetLogEvents(model, input) {
    const group = model.getGroup(optStr(input, 'logGroupIdentifier') ?? str(input, 'logGroupName'));
    const stream = group.streams[str(input, 'logStreamName')];
    if (!stream) throw new AwsServiceError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);
    const events = inWindow(sortEvents(stream.events), input);
    const limit = limitOf(input, 10_000);
    const token = optStr(input, 'nextToken');
    // Tokens are f/<index> (forward) and b/<index> (backward), the shape AWS uses.
    let start: number;
    if (token) {
      const match = /^[fb]\/(\d+)$/.exec(token);
      if (!match) throw badRequest('InvalidParameterException', 'The specified nextToken is invalid.');
      start = token.startsWith('f/') ? Number(match[1]) : Math.max(0, Number(match[1]) - limit);
    } else {
      start = input.startFromHead === true ? 0 : Math.max(0, events.length - limit);
    }
    const page = events.slice(start, start + limit);
    return jsonResult('GetLogEvents', {
      events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      nextForwardToken: `f/${start + page.length}`,
      nextBackwardToken: `b/${start}`,
    });
  },
  FilterLogEvents(model, input) {
    const group = model.getGroup(optStr(input, 'logGroupIdentifier') ?? str(input, 'logGroupName'));
    const names = Array.isArray(input.logStreamNames) ? (input.logStreamNames as unknown[]).map(String) : undefined;
    const prefix = optStr(input, 'logStreamNamePrefix');
    if (names && prefix) throw badRequest('InvalidParameterException', 'Cannot specify both logStreamNames and logStreamNamePrefix.');
    const streams = Object.values(group.streams).filter((s) => (names ? names.includes(s.name) : s.name.startsWith(prefix ?? '')));
    const matches = compileFilterPattern(optStr(input, 'filterPattern'));
    const events = streams
      .flatMap((s) => inWindow(s.events, input).filter((e) => matches(e.message)).map((e) => ({ stream: s.name, event: e })))
      .sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.eventId.localeCompare(b.event.eventId));
    const page = paginate(events, input, 10_000);
    return jsonResult('FilterLogEvents', {
      events: page.items.map(({ stream, event }) => ({
        logStreamName: stream,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: event.eventId,
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
      ...page.token,
    });
  },
  PutRetentionPolicy(model, input) {
    model.setRetention(str(input, 'logGroupName'), Number(input.retentionInDays));
    return ok('PutRetentionPolicy');
  },
  DeleteRetentionPolicy(model, input) {
    model.setRetention(str(input, 'logGroupName'), undefined);
    return ok('DeleteRetentionPolicy');
  },
  TagLogGroup(model, input) {
    model.tag(str(input, 'logGroupName'), strMap(input.tags));
    return ok('TagLogGroup');
  },
  UntagLogGroup(model, input) {
    model.untag(str(input, 'logGroupName'), strList(input.tags));
    return ok('UntagLogGroup');
  },
  ListTagsLogGroup(model, input) {
    return jsonResult('ListTagsLogGroup', { tags: { ...model.getGroup(str(input, 'logGroupName')).tags } });
  },
  TagResource(model, input) {
    model.tag(groupFromArn(str(input, 'resourceArn')), strMap(input.tags));
    return ok('TagResource');
  },
  UntagResource(model, input) {
    model.untag(groupFromArn(str(input, 'resourceArn')), strList(input.tagKeys));
    return ok('UntagResource');
  },
  ListTagsForResource(model, input) {
    return jsonResult('ListTagsForResource', { tags: { ...model.getGroup(groupFromArn(str(input, 'resourceArn'))).tags } });
  },
};

function groupJson(model: LogsModel, g: LogGroup) {
  const arn = model.groupArn(g.name);
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    logGroupArn: arn,
    storedBytes: Object.values(g.streams).reduce((sum, s) => sum + s.storedBytes, 0),
    logGroupClass: 'STANDARD',
  };
}

function streamJson(model: LogsModel, g: LogGroup, s: LogStream) {
  return {
    logStreamName: s.name,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp, lastEventTimestamp: s.lastEventTimestamp } : {}),
    ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
    uploadSequenceToken: sequenceToken(s),
    arn: `${model.groupArn(g.name)}:log-stream:${s.name}`,
    storedBytes: 0,
  };
}

const sequenceToken = (s: LogStream) => String(s.sequence).padStart(56, '4');
const jsonResult = (operation: string, body: unknown) => renderJson(operation, body, 200, 'application/x-amz-json-1.1');
const ok = (operation: string) => jsonResult(operation, {});
const sortEvents = (events: StoredEvent[]) => [...events].sort((a, b) => a.timestamp - b.timestamp);

function inWindow(events: StoredEvent[], input: Input): StoredEvent[] {
  const start = typeof input.startTime === 'number' ? input.startTime : -Infinity;
  const end = typeof input.endTime === 'number' ? input.endTime : Infinity;
  return events.filter((e) => e.timestamp >= start && e.timestamp <= end);
}

function groupFromArn(arn: string): string {
  const name = groupNameFromArn(arn);
  if (!name) {
    if (arn.startsWith('arn:')) throw groupNotFound();
    throw badRequest('InvalidParameterException', `resourceArn "${arn}" is not a log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME).`);
  }
  return name;
}

function paginate<T>(all: T[], input: Input, defaultLimit: number): { items: T[]; token: { nextToken?: string } } {
  const token = optStr(input, 'nextToken');
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw badRequest('InvalidParameterException', 'The specified nextToken is invalid.');
  const limit = limitOf(input, defaultLimit);
  const items = all.slice(start, start + limit);
  const next = start + items.length;
  return { items, token: next < all.length ? { nextToken: Buffer.from(String(next)).toString('base64') } : {} };
}

function limitOf(input: Input, max: number): number {
  if (input.limit === undefined) return max;
  const limit = Number(input.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw badRequest('InvalidParameterException', `1 validation error detected: Value '${String(input.limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  }
  return limit;
}

function str(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw badRequest('InvalidParameterException', `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

const optStr = (input: Input, name: string) => (typeof input[name] === 'string' ? (input[name] as string) : undefined);

function strMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

const strList = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
