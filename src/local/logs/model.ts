// CloudWatch Logs state: log groups holding streams holding events. Appends (from Lambda and
// the gateway, possibly hundreds a second) are saved in batches; control-plane changes at once.
import type { CloudContext } from '../context.js';
import { PersistentState } from '../persist.js';
import { AwsServiceError, badRequest } from '../protocol/errors.js';
import type { LogEventInput } from '../ports.js';

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface LogStream {
  name: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
  sequence: number;
  events: StoredEvent[];
}

export interface LogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  tags: Record<string, string>;
  streams: Record<string, LogStream>;
}

interface LogsData {
  groups: Record<string, LogGroup>;
  nextEventId: number;
}

/** Kept per stream; older events are dropped so a long-running cloud stays small. */
const MAX_EVENTS_PER_STREAM = 10_000;
const SAVE_DELAY_MS = 250;
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

export const groupNotFound = () => new AwsServiceError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
const streamNotFound = () => new AwsServiceError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);

export class LogsModel {
  private readonly state: PersistentState<LogsData>;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: CloudContext) {
    this.state = new PersistentState<LogsData>(ctx.stateDir, 'logs', () => ({ groups: {}, nextEventId: 1 }));
  }

  get groups(): Record<string, LogGroup> {
    return this.state.data.groups;
  }

  groupArn(name: string): string {
    return `arn:aws:logs:${this.ctx.defaultRegion}:${this.ctx.accountId}:log-group:${name}`;
  }

  /** Accepts a group name or its ARN (with or without the trailing :*), as logGroupIdentifier does. */
  getGroup(nameOrArn: string): LogGroup {
    const name = nameOrArn.startsWith('arn:') ? groupNameFromArn(nameOrArn) : nameOrArn;
    const group = name === undefined ? undefined : this.groups[name];
    if (!group) throw groupNotFound();
    return group;
  }

  createGroup(name: string, tags: Record<string, string> = {}): LogGroup {
    if (!GROUP_NAME.test(name)) {
      throw badRequest('InvalidParameterException', `Log group name "${name}" is invalid: 1 to 512 characters of a-z, A-Z, 0-9, '_', '-', '/', '.', '#'.`);
    }
    if (this.groups[name]) throw badRequest('ResourceAlreadyExistsException', 'The specified log group already exists');
    const group: LogGroup = { name, creationTime: this.ctx.clock.now(), tags: { ...tags }, streams: {} };
    this.groups[name] = group;
    this.saveNow();
    return group;
  }

  deleteGroup(name: string): void {
    this.getGroup(name);
    delete this.groups[name];
    this.saveNow();
  }

  createStream(groupName: string, streamName: string): LogStream {
    const group = this.getGroup(groupName);
    if (!STREAM_NAME.test(streamName)) {
      throw badRequest('InvalidParameterException', `Log stream name "${streamName}" is invalid: 1 to 512 characters, no ':' or '*'.`);
    }
    if (group.streams[streamName]) throw badRequest('ResourceAlreadyExistsException', 'The specified log stream already exists');
    const stream: LogStream = { name: streamName, creationTime: this.ctx.clock.now(), storedBytes: 0, sequence: 0, events: [] };
    group.streams[streamName] = stream;
    this.saveNow();
    return stream;
  }

  deleteStream(groupName: string, streamName: string): void {
    const group = this.getGroup(groupName);
    if (!group.streams[streamName]) throw streamNotFound();
    delete group.streams[streamName];
    this.saveNow();
  }

  getStream(groupName: string, streamName: string): LogStream {
    const stream = this.getGroup(groupName).streams[streamName];
    if (!stream) throw streamNotFound();
    return stream;
  }

  /** PutLogEvents: events must come in chronological order, as AWS requires. */
  putEvents(groupName: string, streamName: string, events: LogEventInput[]): LogStream {
    const stream = this.getStream(groupName, streamName);
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.timestamp < events[i - 1]!.timestamp) {
        throw badRequest('InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.');
      }
    }
    this.store(stream, events);
    return stream;
  }

  /** The port used by Lambda and the gateway: group and stream are created when missing. */
  append(groupName: string, streamName: string, events: LogEventInput[]): void {
    const now = this.ctx.clock.now();
    const group = (this.groups[groupName] ??= { name: groupName, creationTime: now, tags: {}, streams: {} });
    const stream = (group.streams[streamName] ??= { name: streamName, creationTime: now, storedBytes: 0, sequence: 0, events: [] });
    this.store(stream, [...events].sort((a, b) => a.timestamp - b.timestamp));
  }

  /** The last `limit` events of a group across its streams, oldest first (for the console). */
  recent(groupName: string, limit: number): { stream: string; timestamp: number; message: string }[] {
    const group = this.groups[groupName];
    if (!group) return [];
    const events = Object.values(group.streams).flatMap((stream) => stream.events.slice(-limit).map((e) => ({ stream: stream.name, timestamp: e.timestamp, message: e.message, id: e.eventId })));
    events.sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id));
    return events.slice(-limit).map(({ stream, timestamp, message }) => ({ stream, timestamp, message }));
  }

  setRetention(groupName: string, days: number | undefined): void {
    const group = this.getGroup(groupName);
    if (days !== undefined && !RETENTION_DAYS.includes(days)) {
      throw badRequest('InvalidParameterException', `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
    }
    if (days === undefined) delete group.retentionInDays;
    else group.retentionInDays = days;
    this.saveNow();
  }

  tag(groupName: string, tags: Record<string, string>): void {
    Object.assign(this.getGroup(groupName).tags, tags);
    this.saveNow();
  }

  untag(groupName: string, keys: string[]): void {
    const group = this.getGroup(groupName);
    for (const key of keys) delete group.tags[key];
    this.saveNow();
  }

  close(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.state.save();
    }
  }

  private store(stream: LogStream, events: LogEventInput[]): void {
    if (events.length === 0) return;
    const now = this.ctx.clock.now();
    for (const event of events) {
      stream.events.push({ timestamp: event.timestamp, message: event.message, ingestionTime: now, eventId: String(this.state.data.nextEventId++).padStart(20, '0') });
      stream.storedBytes += Buffer.byteLength(event.message);
      stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? event.timestamp, event.timestamp);
      stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? event.timestamp, event.timestamp);
    }
    if (stream.events.length > MAX_EVENTS_PER_STREAM) stream.events.splice(0, stream.events.length - MAX_EVENTS_PER_STREAM);
    stream.lastIngestionTime = now;
    stream.sequence++;
    this.saveSoon();
  }

  private saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.state.save();
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.state.save();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }
}

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] -> NAME */
export function groupNameFromArn(arn: string): string | undefined {
  const match = /^arn:aws[\w-]*:logs:[^:]*:\d*:log-group:(.+?)(?::\*)?$/.exec(arn);
  return match?.[1];
}
