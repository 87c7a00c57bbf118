// The record of what a stage's deploys made: `.discovery/<stage>.json` next to the config, plus
// `<stage>.json.steps`, one line appended per finished step (a step costs one append, not a
// rewrite) and folded into the file when the run ends; and a lock so two deploys of one stage
// never interleave. The remote state stays the truth; this file speeds up and explains it.
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { RetryClock } from '../aws/retry.js';
import type { PlanStep } from './plan.js';

export const STATE_VERSION = 1;

export interface RecordedResource {
  kind: string;
  outputs: Record<string, string>;
  at: string;
}

export interface StateFile {
  version: typeof STATE_VERSION;
  project: string;
  stage: string;
  region: string;
  accountId: string;
  target: string;
  updatedAt: string;
  resources: Record<string, RecordedResource>;
  /** Tables ever made for this stage, so teardown --delete-data finds them after a rename. */
  tables: string[];
  /** After-deploy invocations planned and not yet done: an interrupted deploy runs them next time. */
  pendingInvokes?: string[];
  /** The last line of the steps file folded into this one (lines up to it are not replayed). */
  stepsFolded?: number;
}

/** One finished step, as appended to the steps file: absolute values, so replaying it twice is harmless. */
interface StepLine {
  n: number;
  id: string;
  resource: RecordedResource | null;
  tables: string[];
  pendingInvokes: string[] | null;
}

export const stepsPath = (path: string): string => `${path}.steps`;

export function stateDir(configPath: string): string {
  return join(dirname(configPath), '.discovery');
}

export function statePath(configPath: string, stage: string): string {
  return join(stateDir(configPath), `${stage}.json`);
}

/** Where a deploy goes: the state of one stage on one target never overwrites another's. */
export interface StateTarget {
  /** The endpoint URL, or "aws". */
  target: string;
  region: string;
  /** Known once the target has been read. */
  accountId?: string;
}

const sameTarget = (s: StateFile, t: StateTarget) =>
  s.target === t.target && s.region === t.region && (!t.accountId || !s.accountId || s.accountId === t.accountId);

/**
 * The state file of a stage on a target: `.discovery/<stage>.json` while that file is this
 * target's (or absent: the first target keeps the plain name other tools read), else
 * `.discovery/<stage>@<region>-<endpoint>.json`, and with the account too when that one is another
 * account's: a second endpoint, region or account never clobbers the first's record.
 */
export function stateFileFor(configPath: string, stage: string, t: StateTarget): string {
  const where = t.target === 'aws' ? 'aws' : t.target.replace(/^[a-z]+:\/\//, '').replace(/[^A-Za-z0-9.-]+/g, '_').replace(/_+$/, '');
  const keyed = (...parts: string[]) => join(stateDir(configPath), `${stage}@${parts.join('-')}.json`);
  const candidates = [statePath(configPath, stage), keyed(t.region, where), ...(t.accountId ? [keyed(t.region, where, t.accountId)] : [])];
  for (const path of candidates) {
    const existing = readState(path);
    if (!existing || sameTarget(existing, t)) return path;
  }
  return candidates.at(-1)!;
}

export function readState(path: string): StateFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as Partial<StateFile>;
  if (parsed.version !== STATE_VERSION) {
    throw new Error(`${path} has state version ${String(parsed.version)}; this discovery-cli writes version ${STATE_VERSION}. Delete the file (the next deploy rebuilds it from what exists) or upgrade discovery-cli.`);
  }
  return replaySteps(path, parsed as StateFile);
}

/** The steps a run finished after the file was last written whole (a killed run's), applied in order. */
function replaySteps(path: string, state: StateFile): StateFile {
  let text: string;
  try {
    text = readFileSync(stepsPath(path), 'utf8');
  } catch {
    return state;
  }
  for (const raw of text.split('\n')) {
    let line: StepLine;
    try {
      line = JSON.parse(raw) as StepLine;
    } catch {
      continue; // a line torn by the kill: its step is found again by reading the target
    }
    if (line.n <= (state.stepsFolded ?? 0)) continue;
    if (line.resource) state.resources[line.id] = line.resource;
    else delete state.resources[line.id];
    state.tables = line.tables;
    if (line.pendingInvokes) state.pendingInvokes = line.pendingInvokes;
    else delete state.pendingInvokes;
    state.stepsFolded = line.n;
  }
  return state;
}

function writeAtomically(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, path);
}

/**
 * Keeps the state file current as steps finish: each finished step is one line appended to the
 * steps file (durable as soon as the step is done, at the cost of the change: one rewrite of the
 * whole file per step cost a 50-function deploy a fifth of its time); the file itself is written
 * whole when the run starts and ends, folding the lines in.
 */
export class StateRecorder {
  private state: StateFile;
  /** Whether this run wrote the file whole yet: step lines only go on top of one. */
  private written = false;

  constructor(readonly path: string, init: Omit<StateFile, 'version' | 'updatedAt' | 'resources' | 'tables' | 'pendingInvokes'>, now: () => Date = () => new Date()) {
    const previous = readState(path);
    this.now = now;
    this.state = {
      version: STATE_VERSION,
      ...init,
      updatedAt: now().toISOString(),
      resources: previous?.resources ?? {},
      tables: previous?.tables ?? [],
      ...(previous?.pendingInvokes?.length ? { pendingInvokes: previous.pendingInvokes } : {}),
      ...(previous?.stepsFolded ? { stepsFolded: previous.stepsFolded } : {}),
    };
  }

  /** Notes invocations the run will make, before it starts: done ones are removed as they finish. */
  markPending(ids: string[]): void {
    if (!ids.length) return;
    this.state.pendingInvokes = [...new Set([...(this.state.pendingInvokes ?? []), ...ids])];
    this.flush();
  }

  private readonly now: () => Date;

  get current(): StateFile {
    return this.state;
  }

  /** Records one finished step: one line appended (sync: no two writes overlap). */
  record(step: PlanStep, outputs: Record<string, string>): void {
    if (step.action === 'delete') {
      delete this.state.resources[step.resource.id];
      if (step.kind === 'table') this.state.tables = this.state.tables.filter((t) => t !== step.resource.name);
    } else {
      if (step.kind === 'invokeAfterDeploy' && this.state.pendingInvokes) {
        this.state.pendingInvokes = this.state.pendingInvokes.filter((id) => id !== step.id);
        if (!this.state.pendingInvokes.length) delete this.state.pendingInvokes;
      }
      this.state.resources[step.id] = { kind: step.kind, outputs, at: this.now().toISOString() };
      if (step.resource.kind === 'table' && !this.state.tables.includes(step.resource.name)) this.state.tables.push(step.resource.name);
    }
    if (!this.written) return this.flush();
    const id = step.action === 'delete' ? step.resource.id : step.id;
    const line: StepLine = {
      n: (this.state.stepsFolded = (this.state.stepsFolded ?? 0) + 1),
      id,
      resource: this.state.resources[id] ?? null,
      tables: this.state.tables,
      pendingInvokes: this.state.pendingInvokes ?? null,
    };
    appendFileSync(stepsPath(this.path), `${JSON.stringify(line)}\n`);
  }

  /** Notes what exists unchanged (noop steps) so the file describes the whole stage. */
  recordExisting(steps: PlanStep[], outputs: Record<string, Record<string, string>>): void {
    for (const s of steps) {
      if (s.action !== 'noop') continue;
      this.state.resources[s.id] ??= { kind: s.kind, outputs: outputs[s.id] ?? {}, at: this.now().toISOString() };
      if (s.resource.kind === 'table' && !this.state.tables.includes(s.resource.name)) this.state.tables.push(s.resource.name);
    }
    this.flush();
  }

  /** Writes the file whole, the step lines folded in (stepsFolded says which), then drops them. */
  flush(): void {
    this.state.updatedAt = this.now().toISOString();
    writeAtomically(this.path, this.state);
    this.written = true;
    rmSync(stepsPath(this.path), { force: true });
  }

  /**
   * After a run that succeeded: keep exactly the resources still wanted. A teardown keeps the
   * file only to remember tables it left (their data), and removes it otherwise.
   */
  finish(wanted: string[], tablesDeleted: boolean): void {
    const keep = new Set(wanted);
    this.state.resources = Object.fromEntries(Object.entries(this.state.resources).filter(([id]) => keep.has(id)));
    if (tablesDeleted && wanted.length === 0) this.state.tables = [];
    if (wanted.length === 0) delete this.state.pendingInvokes;
    if (wanted.length === 0 && this.state.tables.length === 0) this.remove();
    else this.flush();
  }

  remove(): void {
    rmSync(this.path, { force: true });
    rmSync(stepsPath(this.path), { force: true });
  }
}

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export interface LockOptions {
  /** How long to wait for another deploy of the stage to finish. Default 120 s. */
  waitMs?: number;
  pollMs?: number;
  clock?: RetryClock;
  /** A lock older than this from another host is considered abandoned. Default 1 h. */
  staleAfterMs?: number;
  command?: string;
  /** Whether a process lives (injectable for tests). */
  isAlive?: (pid: number) => boolean;
}

export class LockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockError';
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(configPath: string, stage: string): string {
  return join(stateDir(configPath), `${stage}.lock`);
}

/** Takes the stage lock, waiting a bounded time for a running deploy; returns the release function. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => void> {
  const clock = options.clock ?? { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
  const isAlive = options.isAlive ?? pidAlive;
  const waitMs = options.waitMs ?? 120_000;
  const started = clock.now();
  mkdirSync(dirname(path), { recursive: true });
  const me: LockInfo = { pid: process.pid, host: hostname(), command: options.command ?? 'deploy', startedAt: new Date(clock.now()).toISOString() };
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(path);
    if (!holder && clock.now() - started < (options.pollMs ?? 500) * 4) {
      // Being written right now, or left empty by a crash: look again shortly.
      await clock.sleep(options.pollMs ?? 500);
      continue;
    }
    const stale = !holder
      || (holder.host === me.host && !isAlive(holder.pid))
      || clock.now() - Date.parse(holder.startedAt) > (options.staleAfterMs ?? 3_600_000);
    if (stale) {
      rmSync(path, { force: true });
      continue;
    }
    if (clock.now() - started >= waitMs) {
      throw new LockError(`Another ${holder.command} of this stage is running (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); waited ${Math.round(waitMs / 1000)} s. Run again when it has finished, or delete ${path} if that process is gone.`);
    }
    await clock.sleep(options.pollMs ?? 500);
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}
