// The state documents' files: a save appends only the entries it changed; a restart replays the
// snapshot and the journal; a record torn by a crash is ignored, a damaged one stops the replay.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStates, PersistentState, readStateDocument, type StateOptions } from '../../../src/local/persist.js';

type Doc = { apis: Record<string, { name: string; resources: Record<string, { path: string; methods: string[] }> }>; counter: number; list: string[] };
const empty = (): Doc => ({ apis: {}, counter: 0, list: [] });

describe('PersistentState on a journal', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    dirs.push(dir);
    return dir;
  };
  const open = (dir: string, options: StateOptions = {}) => new PersistentState<Doc>(dir, 'svc', empty, options);
  const journals = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.journal')).sort();
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await closeStates(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('appends only the changed entry, whatever the document holds, and a restart replays it', () => {
    const dir = fresh();
    const state = open(dir, { minCompactBytes: 1e9 });
    for (let i = 0; i < 200; i++) state.data.apis[`api${i}`] = { name: `api ${i}`, resources: { root: { path: '/', methods: ['GET'] } } };
    state.save();
    const [journal] = journals(dir);
    const sizeBefore = statSync(join(dir, journal!)).size;
    state.data.apis.api7!.resources.root!.methods.push('POST'); // a write deep inside one entry
    state.save();
    const appended = statSync(join(dir, journal!)).size - sizeBefore;
    expect(appended).toBeLessThan(200);
    state.data.counter = 5;
    delete state.data.apis.api3;
    state.data.list.push('a', 'b');
    state.save();
    const reloaded = readStateDocument(dir, 'svc') as Doc;
    expect(reloaded.apis.api7!.resources.root!.methods).toEqual(['GET', 'POST']);
    expect(reloaded.apis.api3).toBeUndefined();
    expect(Object.keys(reloaded.apis)).toHaveLength(199);
    expect(reloaded).toMatchObject({ counter: 5, list: ['a', 'b'] });
    expect(reloaded).toEqual(JSON.parse(JSON.stringify(state.data)));
  });

  it('ignores a record torn at the tail (a crash mid-write): every earlier record is there, and later saves survive', () => {
    const dir = fresh();
    const state = open(dir, { minCompactBytes: 1e9 });
    for (let i = 0; i < 10; i++) {
      state.data.apis[`api${i}`] = { name: `api ${i}`, resources: {} };
      state.save();
    }
    const file = join(dir, journals(dir)[0]!);
    const size = statSync(file).size;
    const lastRecord = readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)!;
    truncateSync(file, size - Math.floor(lastRecord.length / 2)); // cut the last record in the middle

    const warnings: string[] = [];
    const restarted = open(dir, { warn: (m) => warnings.push(m) });
    expect(Object.keys(restarted.data.apis).sort()).toEqual(['api0', 'api1', 'api2', 'api3', 'api4', 'api5', 'api6', 'api7', 'api8']);
    expect(warnings.join('\n')).toMatch(/partial record/);
    restarted.data.apis.after = { name: 'after', resources: {} };
    restarted.save();
    const again = readStateDocument(dir, 'svc') as Doc;
    expect(Object.keys(again.apis)).toHaveLength(10);
    expect(again.apis.after).toEqual({ name: 'after', resources: {} });
  });

  it('stops the replay at a damaged record, with a warning, and keeps the damaged journal aside', () => {
    const dir = fresh();
    const state = open(dir, { minCompactBytes: 1e9 });
    for (let i = 0; i < 5; i++) {
      state.data.counter = i + 1;
      state.save();
    }
    const file = join(dir, journals(dir)[0]!);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"v":3', '"v":9'); // a flipped byte: the checksum no longer matches
    writeFileSync(file, lines.join('\n'));

    const warnings: string[] = [];
    const restarted = open(dir, { warn: (m) => warnings.push(m) });
    expect(restarted.data.counter).toBe(2);
    expect(warnings.join('\n')).toMatch(/damaged record at byte \d+/);
    expect(readdirSync(dir).some((f) => f.endsWith('.journal.damaged'))).toBe(true);
    restarted.data.counter = 10;
    restarted.save();
    expect((readStateDocument(dir, 'svc') as Doc).counter).toBe(10);
  });

  it('compacts once the journal outgrows the snapshot: a new snapshot, the old journals gone, nothing lost', async () => {
    const dir = fresh();
    const state = open(dir, { minCompactBytes: 1024 });
    for (let i = 0; i < 100; i++) {
      state.data.apis[`api${i % 7}`] = { name: `api ${i}`, resources: { r: { path: `/p${i}`, methods: [] } } };
      state.save();
      await state.settled();
    }
    await state.close();
    expect(JSON.parse(readFileSync(join(dir, 'svc.json'), 'utf8')).apis).toBeDefined();
    const total = journals(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(total).toBeLessThan(2 * statSync(join(dir, 'svc.json')).size + 1024);
    const reloaded = readStateDocument(dir, 'svc') as Doc;
    expect(reloaded.apis.api1!.name).toBe('api 99');
    expect(reloaded).toEqual(JSON.parse(JSON.stringify(state.data)));
  });

  it('group-commits concurrent durable saves across compactions (journals retired while a sync runs)', async () => {
    const dir = fresh();
    const state = open(dir, { minCompactBytes: 512 });
    const acks: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      state.data.apis[`api${i % 20}`] = { name: `api ${i}`, resources: {} };
      state.save();
      acks.push(state.durable());
      if (i % 25 === 0) await Promise.resolve(); // let syncs and compactions interleave with the saves
    }
    await Promise.all(acks);
    await state.settled();
    await state.close();
    expect(readStateDocument(dir, 'svc')).toEqual(JSON.parse(JSON.stringify(state.data)));
  });

  it('loads a state folder written before the journal (one JSON document per service)', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'svc.json'), JSON.stringify({ apis: { old: { name: 'old', resources: {} } }, counter: 3, list: [] }));
    const state = open(dir);
    expect(state.data.apis.old!.name).toBe('old');
    state.data.counter = 4;
    state.save();
    expect(readStateDocument(dir, 'svc')).toMatchObject({ counter: 4, apis: { old: { name: 'old' } } });
  });

  it('lets structuredClone copy tracked state (the PATCH drafts), and resolves durable() after fdatasync', async () => {
    const dir = fresh();
    const state = open(dir);
    state.data.apis.a = { name: 'a', resources: { r: { path: '/', methods: ['GET'] } } };
    state.save();
    const draft = structuredClone({ resources: state.data.apis.a!.resources });
    draft.resources.r!.methods.push('PUT');
    expect(state.data.apis.a!.resources.r!.methods).toEqual(['GET']);
    await expect(state.durable()).resolves.toBeUndefined();
  });
});
