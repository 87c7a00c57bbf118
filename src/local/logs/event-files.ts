// Log events on disk: one append-only file per stream (logs/streams/<hash>.events), one checksummed
// record per event, written off the event loop. A stream's file is compacted to what it retains
// only when it grew past twice its retention, by copying the file's tail (the retained events are
// its last records): no event is serialised again on the event loop, so the cost of an append is
// the append. A crash leaves at most a torn last record, which the next load cuts off.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { replaceFileDurably } from '../persist/durable-file.js';
import { join } from 'node:path';
import { FRAME_OVERHEAD, frame, scan } from '../persist/records.js';
import type { StoredEvent } from './model.js';

interface StreamFile {
  group: string;
  stream: string;
  path: string;
  /** Framed records not yet handed to the file. */
  pending: string[];
  /** What the file will hold once the pending records are written. */
  bytes: number;
  /** The byte length of each of those records, in file order (where a compaction cuts). */
  sizes: number[];
  /** The file's writes, one after the other. */
  chain: Promise<void>;
}

export class EventFiles {
  private readonly dir: string;
  private readonly files = new Map<string, StreamFile>();

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'logs', 'streams');
    mkdirSync(this.dir, { recursive: true });
  }

  /** The events kept for a stream, in the order they were stored. */
  load(group: string, stream: string): StoredEvent[] {
    const file = this.file(group, stream);
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const scanned = scan(buffer);
    file.bytes = scanned.goodBytes;
    file.sizes = scanned.records.map((json) => FRAME_OVERHEAD + Buffer.byteLength(json));
    if (scanned.problem && !scanned.problem.atTail) process.emitWarning(`${file.path}: damaged record at byte ${scanned.problem.offset}; events after it are dropped`, 'LocalCloudState');
    // A torn or damaged tail must not sit in front of the next append: cut off at once.
    if (scanned.problem) truncateSync(file.path, scanned.goodBytes);
    return scanned.records.map((json) => {
      const [timestamp, ingestionTime, eventId, message] = JSON.parse(json) as [number, number, string, string];
      return { timestamp, ingestionTime, eventId, message };
    });
  }

  /** Removes the files of streams no longer held (deleted while their files were being written). */
  removeAllBut(kept: Iterable<[string, string]>): void {
    const names = new Set([...kept].map(([g, s]) => `${hashOf(g, s)}.events`));
    for (const name of readdirSync(this.dir)) if (!names.has(name)) rmSync(join(this.dir, name), { force: true });
  }

  add(group: string, stream: string, events: StoredEvent[]): void {
    const file = this.file(group, stream);
    for (const e of events) {
      const record = frame(JSON.stringify([e.timestamp, e.ingestionTime, e.eventId, e.message]));
      const size = Buffer.byteLength(record);
      file.pending.push(record);
      file.bytes += size;
      file.sizes.push(size);
    }
  }

  /** Writes what is pending; with `durable`, resolves once it is on stable storage. */
  flush(group: string, stream: string, durable = false): Promise<void> {
    const file = this.file(group, stream);
    const text = file.pending.join('');
    file.pending = [];
    if (text === '' && !durable) return file.chain;
    file.chain = file.chain.then(() => appendTo(file.path, text, durable)).catch((err: Error) => process.emitWarning(`writing ${file.path} failed: ${err.message}`, 'LocalCloudState'));
    return file.chain;
  }

  flushAll(): Promise<void> {
    return Promise.all([...this.files.values()].map((f) => this.flush(f.group, f.stream))).then(() => undefined);
  }

  /** The file holds more than twice what is retained: time to compact it. */
  needsCompaction(group: string, stream: string, retainedBytes: number): boolean {
    return this.file(group, stream).bytes > 2 * retainedBytes + 64 * 1024;
  }

  /** Keeps only the file's last `keep` records: its pending ones written, then the tail copied to a
   *  new file that replaces it, all off the event loop (the retained events are those records). */
  compact(group: string, stream: string, keep: number): Promise<void> {
    const file = this.file(group, stream);
    const drop = Math.max(0, file.sizes.length - keep);
    let cut = 0;
    for (let i = 0; i < drop; i++) cut += file.sizes[i]!;
    file.sizes.splice(0, drop);
    file.bytes -= cut;
    const text = file.pending.join('');
    file.pending = [];
    file.chain = file.chain.then(async () => {
      if (text !== '') await appendTo(file.path, text);
      const source = await open(file.path, 'r');
      let tail: Buffer;
      try {
        const { size } = await source.stat();
        tail = Buffer.alloc(size - cut);
        await source.read(tail, 0, tail.length, cut);
      } finally {
        await source.close();
      }
      await replaceFileDurably(file.path, tail);
    }).catch((err: Error) => process.emitWarning(`compacting ${file.path} failed: ${err.message}`, 'LocalCloudState'));
    return file.chain;
  }

  remove(group: string, stream: string): void {
    const file = this.file(group, stream);
    file.pending = [];
    file.bytes = 0;
    file.sizes = [];
    file.chain = file.chain.then(() => rm(file.path, { force: true })).catch(() => undefined);
  }

  private file(group: string, stream: string): StreamFile {
    const key = JSON.stringify([group, stream]);
    let file = this.files.get(key);
    if (!file) {
      file = { group, stream, path: join(this.dir, `${hashOf(group, stream)}.events`), pending: [], bytes: 0, sizes: [], chain: Promise.resolve() };
      this.files.set(key, file);
    }
    return file;
  }
}

const hashOf = (group: string, stream: string) => createHash('sha256').update(group).update('\0').update(stream).digest('hex').slice(0, 40);

/** Appends to a file (creating it); with `durable`, resolves once it is on stable storage. */
async function appendTo(path: string, text: string, durable = false): Promise<void> {
  const handle = await open(path, 'a');
  try {
    if (text !== '') await handle.write(text);
    if (durable) await handle.datasync();
  } finally {
    await handle.close();
  }
}
