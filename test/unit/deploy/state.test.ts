// The state file (written whole at a run's start and end, one appended line per step between) and
// the stage lock (waits bounded, detects stale locks).
import { existsSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockError, readState, stateFileFor, StateRecorder, stepsPath } from '../../../src/deploy/state.js';
import type { PlanStep } from '../../../src/deploy/plan.js';

const dir = () => mkdtempSync(join(tmpdir(), 'discovery-state-'));
const clock = () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return { now: () => now, sleep: async (ms: number) => { now += ms; } };
};

describe('state file', () => {
  it('is on disk as each step finishes, and survives a new recorder', () => {
    const path = join(dir(), '.discovery', 'dev.json');
    const recorder = new StateRecorder(path, { project: 'p', stage: 'dev', region: 'us-east-1', accountId: '1', target: 'aws' });
    const step = { id: 'restApi:main', kind: 'restApi', action: 'create', reason: '', calls: [], outputs: {}, dependsOn: [], resource: { id: 'restApi:main', kind: 'restApi', key: 'main', name: 'p-dev-main', definitionHash: 'h', tags: {} } } as PlanStep;
    recorder.record(step, { id: 'abc' });
    expect(readState(path)?.resources['restApi:main']?.outputs).toEqual({ id: 'abc' });
    const again = new StateRecorder(path, { project: 'p', stage: 'dev', region: 'us-east-1', accountId: '1', target: 'aws' });
    expect(again.current.resources['restApi:main']?.outputs.id).toBe('abc');
    again.finish([], false);
    expect(existsSync(path)).toBe(false);
  });

  it('keeps after-deploy invocations pending from before the first call until each is done', () => {
    const path = join(dir(), '.discovery', 'dev.json');
    const init = { project: 'p', stage: 'dev', region: 'us-east-1', accountId: '1', target: 'aws' };
    new StateRecorder(path, init).markPending(['invokeAfterDeploy:a', 'invokeAfterDeploy:b']);
    // Killed here: the next run's recorder (and planner) still see both.
    const next = new StateRecorder(path, init);
    expect(readState(path)?.pendingInvokes).toEqual(['invokeAfterDeploy:a', 'invokeAfterDeploy:b']);
    const invoke = (id: string) => ({ id, kind: 'invokeAfterDeploy', action: 'create', reason: '', calls: [], outputs: {}, dependsOn: [], resource: { id, kind: 'invokeAfterDeploy', functionName: 'f', input: '{}' } }) as PlanStep;
    next.record(invoke('invokeAfterDeploy:a'), {});
    expect(readState(path)?.pendingInvokes).toEqual(['invokeAfterDeploy:b']);
    next.record(invoke('invokeAfterDeploy:b'), {});
    next.flush();
    expect(readState(path)?.pendingInvokes).toBeUndefined();
  });

  it('costs a step one appended line, not a rewrite; a line torn by a kill loses only that step', () => {
    const path = join(dir(), '.discovery', 'dev.json');
    const init = { project: 'p', stage: 'dev', region: 'us-east-1', accountId: '1', target: 'aws' };
    const recorder = new StateRecorder(path, init);
    const fn = (i: number) => ({ id: `logGroup:f${i}`, kind: 'logGroup', action: 'create', reason: '', calls: [], outputs: {}, dependsOn: [], resource: { id: `logGroup:f${i}`, kind: 'logGroup', name: `/aws/lambda/f${i}`, arn: '', tags: {} } }) as unknown as PlanStep;
    for (let i = 0; i < 50; i++) recorder.record(fn(i), {});
    // The file was written whole once (the first step); the other 49 are lines on top of it.
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).resources)).toHaveLength(1);
    expect(readFileSync(stepsPath(path), 'utf8').trim().split('\n')).toHaveLength(49);
    expect(Object.keys(readState(path)?.resources ?? {})).toHaveLength(50);
    truncateSync(stepsPath(path), statSync(stepsPath(path)).size - 10); // killed mid-append
    expect(Object.keys(readState(path)?.resources ?? {})).toHaveLength(49);
    // The next run folds what the lines hold into the file and starts its own lines after them.
    const next = new StateRecorder(path, init);
    next.record(fn(49), {});
    expect(existsSync(stepsPath(path))).toBe(false);
    next.record(fn(50), {});
    next.flush();
    expect(existsSync(stepsPath(path))).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).resources)).toHaveLength(51);
  });

  it('replays no line the file already holds (a kill between writing it whole and dropping the lines)', () => {
    const path = join(dir(), '.discovery', 'dev.json');
    const init = { project: 'p', stage: 'dev', region: 'us-east-1', accountId: '1', target: 'aws' };
    const recorder = new StateRecorder(path, init);
    const step = (action: 'create' | 'delete') => ({ id: 'logGroup:f', kind: 'logGroup', action, reason: '', calls: [], outputs: {}, dependsOn: [], resource: { id: 'logGroup:f', kind: 'logGroup', name: '/aws/lambda/f', arn: '', tags: {} } }) as unknown as PlanStep;
    recorder.record(step('create'), {}); // written whole
    recorder.record(step('delete'), {}); // line 1: deleted
    const lines = readFileSync(stepsPath(path), 'utf8');
    recorder.record(step('create'), {}); // line 2: made again
    recorder.flush();
    writeFileSync(stepsPath(path), lines); // as if the lines had not been dropped yet
    expect(readState(path)?.resources['logGroup:f']).toBeDefined();
  });

  it('keeps one file per target: a second endpoint, region or account never overwrites the first', () => {
    const root = dir();
    const config = join(root, 'discovery.config.json');
    const aws = { target: 'aws', region: 'us-east-1', accountId: '111111111111' };
    const local = { target: 'http://127.0.0.1:4577', region: 'us-east-1', accountId: '000000000000' };
    const record = (where: typeof aws, apiId: string) => {
      const recorder = new StateRecorder(stateFileFor(config, 'dev', where), { project: 'p', stage: 'dev', ...where });
      recorder.record({ id: 'restApi:main', kind: 'restApi', action: 'create', reason: '', calls: [], outputs: {}, dependsOn: [], resource: { id: 'restApi:main', kind: 'restApi', key: 'main', name: 'p-dev-main', definitionHash: 'h', tags: {} } } as PlanStep, { id: apiId });
      recorder.flush();
    };
    record(aws, 'on-aws');
    expect(stateFileFor(config, 'dev', aws)).toBe(join(root, '.discovery', 'dev.json'));
    record(local, 'on-local');
    expect(stateFileFor(config, 'dev', local)).toBe(join(root, '.discovery', 'dev@us-east-1-127.0.0.1_4577.json'));
    expect(stateFileFor(config, 'dev', { ...aws, accountId: '222222222222' })).toBe(join(root, '.discovery', 'dev@us-east-1-aws.json'));
    record({ ...aws, region: 'eu-west-1' }, 'in-ireland');
    record({ ...aws, accountId: '222222222222' }, 'other-account');
    const apiOf = (where: typeof aws) => readState(stateFileFor(config, 'dev', where))?.resources['restApi:main']?.outputs.id;
    expect([apiOf(aws), apiOf(local), apiOf({ ...aws, region: 'eu-west-1' }), apiOf({ ...aws, accountId: '222222222222' })]).toEqual(['on-aws', 'on-local', 'in-ireland', 'other-account']);
    // Before the account is known (the first read), the endpoint and region pick the file.
    expect(stateFileFor(config, 'dev', { target: local.target, region: local.region })).toBe(stateFileFor(config, 'dev', local));
  });

  it('refuses a state file of another version with a remedy', () => {
    const path = join(dir(), 'dev.json');
    writeFileSync(path, JSON.stringify({ version: 99 }));
    expect(() => readState(path)).toThrow(/Delete the file/);
  });
});

describe('stage lock', () => {
  it('makes a second deploy wait, then exit clearly', async () => {
    const path = join(dir(), 'dev.lock');
    const release = await acquireLock(path, { clock: clock() });
    const c = clock();
    await expect(acquireLock(path, { clock: c, waitMs: 5_000, pollMs: 1_000, command: 'deploy' })).rejects.toThrow(LockError);
    expect(c.now() - Date.parse('2026-01-01T00:00:00Z')).toBeGreaterThanOrEqual(5_000);
    release();
    const second = await acquireLock(path, { clock: c, waitMs: 0 });
    second();
  });

  it('takes over the lock of a process that is gone', async () => {
    const d = dir();
    mkdirSync(d, { recursive: true });
    const path = join(d, 'dev.lock');
    writeFileSync(path, JSON.stringify({ pid: 999_999, host: hostname(), command: 'deploy', startedAt: new Date().toISOString() }));
    const release = await acquireLock(path, { waitMs: 0, isAlive: () => false });
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    release();
  });
});
