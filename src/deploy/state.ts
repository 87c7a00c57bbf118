// The record of what a stage's deploys made: `.discovery/<stage>.json` next to the config,
// rewritten (atomically) after each resource is made, and a lock so two deploys of one stage
// never interleave. The remote state stays the truth; this file speeds up and explains it.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
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
}

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
  return parsed as StateFile;
}

function writeAtomically(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, path);
}

/**
 * A write of the state file waits after the last one for this many times that write's duration,
 * so writing costs a deploy at most about a tenth of its time however fast steps finish.
 */
const WRITE_SPACING = 9;

/**
 * Keeps the state file current as steps finish. Steps that finish together are written at once:
 * at the end of the turn of the event loop they finish in (50 functions answered together), and
 * no sooner after the last write than WRITE_SPACING times its duration. One write per step cost
 * a 50-function deploy a fifth of its time. A process that exits before the write still makes it
 * (on 'exit'); only SIGKILL can lose the last records, which the next deploy finds again by
 * reading the target (the truth; this file explains it).
 */
export class StateRecorder {
  private state: StateFile;
  private pending: { cancel(): void } | undefined;
  private readonly flushOnExit = () => this.flush();
  private nextWriteAt = 0;

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

  /** Records one finished step; the file is written at the end of this turn (sync: no two writes overlap). */
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
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.pending) return;
    const wait = this.nextWriteAt - performance.now();
    if (wait > 0) {
      const timer = setTimeout(() => this.flush(), wait);
      this.pending = { cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(() => this.flush());
      this.pending = { cancel: () => clearImmediate(immediate) };
    }
    process.once('exit', this.flushOnExit);
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

  private cancelPending(): void {
    if (!this.pending) return;
    this.pending.cancel();
    this.pending = undefined;
    process.off('exit', this.flushOnExit);
  }

  /** Writes the file now (what a deploy killed on purpose by a test must leave behind). */
  flush(): void {
    this.cancelPending();
    this.state.updatedAt = this.now().toISOString();
    const started = performance.now();
    writeAtomically(this.path, this.state);
    const ended = performance.now();
    this.nextWriteAt = ended + WRITE_SPACING * (ended - started);
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
    this.cancelPending();
    rmSync(this.path, { force: true });
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
