// CloudWatch Logs state: log groups holding streams holding events. Groups and streams (names,
// tags, retention) are a journaled state document; events go to one append-only file per stream
// (./event-files.ts) and are kept in memory up to a size per stream, oldest dropped first.
// Appends from Lambda and the gateway (possibly hundreds a second) are written in batches;
// PutLogEvents is answered once its events are on stable storage.
import type { CloudContext } from '../context.js';
import { PersistentState, untrack } from '../persist.js';
import { AwsServiceError, badRequest } from '../protocol/errors.js';
import type { LogEventInput } from '../ports.js';
import { currentTransaction } from '../transaction.js';
import { EventFiles } from './event-files.js';

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

/** Persisted: name and creationTime. The rest is derived from the stream's events (not journaled). */
export interface LogStream {
  name: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
  /** Message bytes of the events held in memory (what the per-stream bound counts). */
  heldBytes: number;
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
}

export interface LogsOptions {
  /** Message bytes kept per stream; older events are dropped past it. Default 1 MiB. */
  maxStreamBytes?: number;
}

const DEFAULT_MAX_STREAM_BYTES = 1024 * 1024;
const SAVE_DELAY_MS = 250;
const DERIVED = ['firstEventTimestamp', 'lastEventTimestamp', 'lastIngestionTime', 'storedBytes', 'heldBytes', 'sequence', 'events'] as const;
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

export const groupNotFound = () => new AwsServiceError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
const streamNotFound = () => new AwsServiceError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);

export class LogsModel {
  private readonly state: PersistentState<LogsData>;
  private readonly files: EventFiles;
  private readonly maxStreamBytes: number;
  private nextEventId = 1;
  /** Streams with events not yet written, by [group, stream]. */
  private readonly unwritten = new Map<string, [string, string]>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: CloudContext, options: LogsOptions = {}) {
    this.maxStreamBytes = options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES;
    this.state = new PersistentState<LogsData>(ctx.stateDir, 'logs', () => ({ groups: {} }));
    this.files = new EventFiles(ctx.stateDir);
    this.loadEvents();
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
    const group = name === undefined || !Object.hasOwn(this.groups, name) ? undefined : this.groups[name];
    if (!group) throw groupNotFound();
    for (const stream of Object.values(untrack(group).streams)) withDerived(stream); // a rolled-back group is restored bare
    return group;
  }

  createGroup(name: string, tags: Record<string, string> = {}): LogGroup {
    if (!GROUP_NAME.test(name)) {
      throw badRequest('InvalidParameterException', `Log group name "${name}" is invalid: 1 to 512 characters of a-z, A-Z, 0-9, '_', '-', '/', '.', '#'.`);
    }
    if (Object.hasOwn(this.groups, name)) throw badRequest('ResourceAlreadyExistsException', 'The specified log group already exists');
    const group: LogGroup = { name, creationTime: this.ctx.clock.now(), tags: { ...tags }, streams: {} };
    this.groups[name] = group;
    this.state.save();
    return group;
  }

  deleteGroup(name: string): void {
    const group = this.getGroup(name);
    for (const stream of Object.keys(group.streams)) this.files.remove(name, stream);
    delete this.groups[name];
    this.state.save();
  }

  createStream(groupName: string, streamName: string): LogStream {
    const group = this.getGroup(groupName);
    if (!STREAM_NAME.test(streamName)) {
      throw badRequest('InvalidParameterException', `Log stream name "${streamName}" is invalid: 1 to 512 characters, no ':' or '*'.`);
    }
    if (Object.hasOwn(group.streams, streamName)) throw badRequest('ResourceAlreadyExistsException', 'The specified log stream already exists');
    group.streams[streamName] = newStream(streamName, this.ctx.clock.now());
    this.state.save();
    return group.streams[streamName]!;
  }

  deleteStream(groupName: string, streamName: string): void {
    const group = this.getGroup(groupName);
    if (!Object.hasOwn(group.streams, streamName)) throw streamNotFound();
    this.files.remove(groupName, streamName);
    delete group.streams[streamName];
    this.state.save();
  }

  getStream(groupName: string, streamName: string): LogStream {
    const group = this.getGroup(groupName);
    const stream = Object.hasOwn(group.streams, streamName) ? group.streams[streamName] : undefined;
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
    this.store(groupName, stream, events);
    // Acknowledged once on stable storage, as CloudWatch Logs acknowledges an accepted batch.
    this.unwritten.delete(JSON.stringify([groupName, streamName]));
    currentTransaction()?.waitFor(this.files.flush(groupName, streamName, true));
    return stream;
  }

  /** The port used by Lambda and the gateway: group and stream are created when missing. */
  append(groupName: string, streamName: string, events: LogEventInput[]): void {
    const now = this.ctx.clock.now();
    let created = false;
    if (!Object.hasOwn(this.groups, groupName)) {
      this.groups[groupName] = { name: groupName, creationTime: now, tags: {}, streams: {} };
      created = true;
    }
    const group = this.groups[groupName]!;
    if (!Object.hasOwn(group.streams, streamName)) {
      group.streams[streamName] = newStream(streamName, now);
      created = true;
    }
    if (created) this.state.save();
    this.store(groupName, group.streams[streamName]!, [...events].sort((a, b) => a.timestamp - b.timestamp));
    this.unwritten.set(JSON.stringify([groupName, streamName]), [groupName, streamName]);
    this.writeSoon();
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
    this.state.save();
  }

  tag(groupName: string, tags: Record<string, string>): void {
    Object.assign(this.getGroup(groupName).tags, tags);
    this.state.save();
  }

  untag(groupName: string, keys: string[]): void {
    const group = this.getGroup(groupName);
    for (const key of keys) delete group.tags[key];
    this.state.save();
  }

  async close(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.writeUnwritten();
    await this.files.flushAll();
  }

  /** Events and their derived fields live on the raw stream object: no journal record per append. */
  private store(groupName: string, tracked: LogStream, events: LogEventInput[]): void {
    if (events.length === 0) return;
    const stream = withDerived(untrack(tracked));
    const now = this.ctx.clock.now();
    const stored: StoredEvent[] = [];
    for (const event of events) {
      const e = { timestamp: event.timestamp, message: event.message, ingestionTime: now, eventId: String(this.nextEventId++).padStart(20, '0') };
      stored.push(e);
      stream.events.push(e);
      const bytes = Buffer.byteLength(event.message);
      stream.storedBytes += bytes;
      stream.heldBytes += bytes;
      stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? event.timestamp, event.timestamp);
      stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? event.timestamp, event.timestamp);
    }
    stream.lastIngestionTime = now;
    stream.sequence++;
    this.files.add(groupName, stream.name, stored);
    if (this.retain(stream) && this.files.needsCompaction(groupName, stream.name, this.maxStreamBytes)) {
      this.unwritten.delete(JSON.stringify([groupName, stream.name]));
      void this.files.compact(groupName, stream.name, stream.events.length);
    }
  }

  /** Past the size kept per stream, drops the oldest events down to `keepBytes` (7/8 of it: in
   *  batches, as it runs on every append); true when some were dropped. Costs the events dropped. */
  private retain(stream: LogStream, keepBytes = this.maxStreamBytes - (this.maxStreamBytes >> 3)): boolean {
    if (stream.heldBytes <= this.maxStreamBytes) return false;
    let drop = 0;
    while (stream.heldBytes > keepBytes && drop < stream.events.length) {
      stream.heldBytes -= Buffer.byteLength(stream.events[drop]!.message);
      drop++;
    }
    if (drop === 0) return false;
    stream.events.splice(0, drop);
    return true;
  }

  private writeSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.writeUnwritten();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private writeUnwritten(): void {
    for (const [group, stream] of this.unwritten.values()) void this.files.flush(group, stream);
    this.unwritten.clear();
  }

  /** At start: each stream's events from its file, and a state written before the event files moved there. */
  private loadEvents(): void {
    const held: [string, string][] = [];
    let migrated = false;
    for (const group of Object.values(this.state.untracked.groups)) {
      for (const stream of Object.values(group.streams)) {
        held.push([group.name, stream.name]);
        if (Object.getOwnPropertyDescriptor(stream, 'events')?.enumerable) {
          // logs.json of before: events inside the document. They move to the stream's file.
          const events = stream.events;
          for (const key of DERIVED) delete (stream as unknown as Record<string, unknown>)[key];
          withDerived(stream);
          this.files.add(group.name, stream.name, events);
          void this.files.flush(group.name, stream.name, true);
          this.restore(stream, events);
          migrated = true;
        } else {
          this.restore(withDerived(stream), this.files.load(group.name, stream.name));
        }
      }
    }
    this.files.removeAllBut(held);
    if (migrated) {
      // Rewrites each group's entry without the events (they are no longer enumerable).
      for (const name of Object.keys(this.state.untracked.groups)) this.groups[name] = untrack(this.groups[name]!);
      this.state.save();
    }
  }

  private restore(stream: LogStream, events: StoredEvent[]): void {
    stream.events = events;
    for (const e of events) {
      const bytes = Buffer.byteLength(e.message);
      stream.storedBytes += bytes;
      stream.heldBytes += bytes;
      stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? e.timestamp, e.timestamp);
      stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? e.timestamp, e.timestamp);
      stream.lastIngestionTime = Math.max(stream.lastIngestionTime ?? e.ingestionTime, e.ingestionTime);
      this.nextEventId = Math.max(this.nextEventId, Number(e.eventId) + 1);
    }
    stream.sequence = events.length > 0 ? 1 : 0;
    this.retain(stream, this.maxStreamBytes); // at start: the newest events that fit, exactly
  }
}

function newStream(name: string, creationTime: number): LogStream {
  return withDerived({ name, creationTime } as LogStream);
}

/** Gives a stream its derived fields as non-enumerable properties: kept in memory, never serialised. */
function withDerived(stream: LogStream): LogStream {
  if (Object.hasOwn(stream, 'events')) return stream;
  const initial: Record<(typeof DERIVED)[number], unknown> = { firstEventTimestamp: undefined, lastEventTimestamp: undefined, lastIngestionTime: undefined, storedBytes: 0, heldBytes: 0, sequence: 0, events: [] };
  for (const key of DERIVED) Object.defineProperty(stream, key, { value: initial[key], writable: true, enumerable: false, configurable: true });
  return stream;
}

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] -> NAME */
export function groupNameFromArn(arn: string): string | undefined {
  const match = /^arn:aws[\w-]*:logs:[^:]*:\d*:log-group:(.+?)(?::\*)?$/.exec(arn);
  return match?.[1];
}
