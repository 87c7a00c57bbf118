// CloudWatch Logs events on disk: appended per stream, bounded by size per stream (oldest dropped),
// replayed at a restart; a torn last record (a crash mid-append) is dropped, the rest kept.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/local/clock.js';
import type { CloudContext } from '../../../src/local/context.js';
import { LogsModel } from '../../../src/local/logs/model.js';
import { EventFiles } from '../../../src/local/logs/event-files.js';
import { closeStates, readStateDocument } from '../../../src/local/persist.js';

describe('CloudWatch Logs storage', () => {
  const dirs: string[] = [];
  const contextIn = (stateDir: string) => ({ stateDir, clock: new ManualClock(), defaultRegion: 'us-east-1', accountId: '000000000000' }) as unknown as CloudContext;
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'logs-'));
    dirs.push(dir);
    return dir;
  };
  const streamFiles = (dir: string) => readdirSync(join(dir, 'logs', 'streams')).filter((f) => f.endsWith('.events')).map((f) => join(dir, 'logs', 'streams', f));
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await closeStates(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps events out of the state document and replays them from the stream file', async () => {
    const dir = fresh();
    const model = new LogsModel(contextIn(dir));
    model.append('/aws/lambda/f', 'one', [{ timestamp: 1, message: 'a' }, { timestamp: 2, message: 'b' }]);
    model.append('/aws/lambda/f', 'one', [{ timestamp: 3, message: 'c' }]);
    await model.close();
    expect(JSON.stringify(readStateDocument(dir, 'logs'))).not.toContain('"message"');
    const again = new LogsModel(contextIn(dir));
    const stream = again.getStream('/aws/lambda/f', 'one');
    expect(stream.events.map((e) => e.message)).toEqual(['a', 'b', 'c']);
    expect(stream).toMatchObject({ firstEventTimestamp: 1, lastEventTimestamp: 3, storedBytes: 3 });
    again.append('/aws/lambda/f', 'one', [{ timestamp: 4, message: 'd' }]);
    expect(Number(again.getStream('/aws/lambda/f', 'one').events.at(-1)!.eventId)).toBe(4); // ids go on after a restart
    await again.close();
  });

  it('bounds each stream by size: the oldest events go, in memory and (after a rewrite) on disk', async () => {
    const dir = fresh();
    const model = new LogsModel(contextIn(dir), { maxStreamBytes: 1000 });
    for (let i = 0; i < 2000; i++) model.append('g', 's', [{ timestamp: i, message: `m${String(i).padStart(8, '0')}` }]); // 9 bytes each
    const kept = model.getStream('g', 's').events;
    // Within the bound, the newest kept: past 1000 bytes the oldest go down to 7/8 of it (in batches).
    expect(kept.length * 9).toBeLessThanOrEqual(1000);
    expect(kept.length * 9).toBeGreaterThan(875 - 9);
    expect(kept.map((e) => e.message)).toEqual(Array.from({ length: kept.length }, (_, i) => `m${String(2000 - kept.length + i).padStart(8, '0')}`));
    await model.close();
    const [file] = streamFiles(dir);
    expect(statSync(file!).size).toBeLessThan(2 * 1000 * 6 + 64 * 1024);
    const again = new LogsModel(contextIn(dir), { maxStreamBytes: 1000 });
    // After a restart: the newest events that fit the bound, exactly; every one kept before among them.
    const reloaded = again.getStream('g', 's').events.map((e) => e.message);
    expect(reloaded.length).toBe(111);
    expect(reloaded.slice(-kept.length)).toEqual(kept.map((e) => e.message));
    await again.close();
  });

  it('compacts a stream file to its last records by copying its tail, pending records included', async () => {
    const dir = fresh();
    const files = new EventFiles(dir);
    const event = (i: number) => ({ timestamp: i, ingestionTime: i, eventId: String(i).padStart(20, '0'), message: `event ${i}${'x'.repeat(i % 7)}` });
    files.add('g', 's', Array.from({ length: 10 }, (_, i) => event(i)));
    await files.flush('g', 's');
    files.add('g', 's', [event(10), event(11)]); // still pending when the compaction is asked
    const compacted = files.compact('g', 's', 5);
    files.add('g', 's', [event(12)]); // after it: appended behind the copied tail
    await compacted;
    await files.flush('g', 's', true);
    const again = new EventFiles(dir);
    expect(again.load('g', 's').map((e) => e.timestamp)).toEqual([7, 8, 9, 10, 11, 12]);
    // The sizes it tracks stay true: a second compaction cuts at a record boundary again.
    await again.compact('g', 's', 2);
    expect(new EventFiles(dir).load('g', 's').map((e) => e.message)).toEqual(['event 11xxxx', 'event 12xxxxx']);
  });

  it('drops a torn last event (a crash mid-append) and keeps every earlier one', async () => {
    const dir = fresh();
    const model = new LogsModel(contextIn(dir));
    for (let i = 0; i < 5; i++) model.append('g', 's', [{ timestamp: i, message: `event ${i}` }]);
    await model.close();
    const [file] = streamFiles(dir);
    truncateSync(file!, statSync(file!).size - 10);
    const again = new LogsModel(contextIn(dir));
    expect(again.getStream('g', 's').events.map((e) => e.message)).toEqual(['event 0', 'event 1', 'event 2', 'event 3']);
    again.append('g', 's', [{ timestamp: 9, message: 'after' }]);
    await again.close();
    const third = new LogsModel(contextIn(dir));
    expect(third.getStream('g', 's').events.map((e) => e.message)).toEqual(['event 0', 'event 1', 'event 2', 'event 3', 'after']);
    await third.close();
  });

  it('moves the events of a logs.json written before the stream files into them', async () => {
    const dir = fresh();
    const stream = { name: 's', creationTime: 1, storedBytes: 2, sequence: 1, events: [{ timestamp: 5, message: 'hi', ingestionTime: 6, eventId: '00000000000000000007' }] };
    writeFileSync(join(dir, 'logs.json'), JSON.stringify({ groups: { g: { name: 'g', creationTime: 1, tags: {}, streams: { s: stream } } }, nextEventId: 8 }));
    const model = new LogsModel(contextIn(dir));
    expect(model.getStream('g', 's').events.map((e) => e.message)).toEqual(['hi']);
    await model.close();
    expect(JSON.stringify(readStateDocument(dir, 'logs'))).not.toContain('"hi"');
    expect(readFileSync(streamFiles(dir)[0]!, 'utf8')).toContain('"hi"');
    const again = new LogsModel(contextIn(dir));
    expect(again.getStream('g', 's').events.map((e) => e.message)).toEqual(['hi']);
    await again.close();
  });
});
