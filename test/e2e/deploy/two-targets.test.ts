// One stage of one checkout deployed to two endpoints: each keeps its own state file, so the
// first's record (its API id, which `call` and discovery read) is never overwritten.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readState } from '../../../src/deploy/state.js';
import { copyFixture, engine, type FixtureCopy } from '../../helpers/deploy-engine.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { writeCalls } from './harness.js';

let first: TestCloud;
let second: TestCloud;
let project: FixtureCopy;
beforeAll(async () => {
  [first, second] = await Promise.all([startTestCloud(), startTestCloud()]);
  project = copyFixture('deploy-basic');
});
afterAll(async () => {
  await Promise.all([first?.dispose(), second?.dispose()]);
  project?.dispose();
});

describe('state keyed by target', () => {
  it('records each endpoint apart, and each redeploy there has nothing to do', async () => {
    const a = await engine(first.url, project.configPath).deploy();
    const b = await engine(second.url, project.configPath).deploy();
    const files = readdirSync(join(project.dir, '.discovery')).filter((f) => f.endsWith('.json')).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toBe('dev.json');
    const plain = readState(join(project.dir, '.discovery', 'dev.json'))!;
    expect(plain.target).toBe(first.url);
    expect(plain.resources['restApi:main']!.outputs.id).toBe(a.report.apis[0]!.id);
    const keyed = readState(join(project.dir, '.discovery', files[1]!))!;
    expect(keyed.target).toBe(second.url);
    expect(keyed.resources['restApi:main']!.outputs.id).toBe(b.report.apis[0]!.id);

    first.clearCalls();
    const again = await engine(first.url, project.configPath).deploy();
    expect([...again.report.changes.created, ...again.report.changes.updated, ...again.report.changes.deleted]).toEqual([]);
    expect(await writeCalls(first)).toEqual([]);
  });
});
