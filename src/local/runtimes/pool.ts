// Warm workers for one function version: reused across invocations, grown on demand up to a
// small limit (further requests queue), reaped when idle, evicted by the host's warm cap, all
// killed on close. The launch command (which binary) is resolved once, at the first invocation.
import type { Clock } from '../context.js';
import type { GroupReaper } from './reaper.js';
import type { FunctionSpec, Invocation, InvocationOutcome, LanguageLauncher, LaunchCommand } from './types.js';
import { logStreamName, Worker } from './worker.js';

export interface PoolOptions {
  maxWorkers: number;
  clock: Clock;
  /** Ends the workers' process groups if the local cloud dies without closing the pool. */
  reaper?: GroupReaper;
  /** Called before a worker is started (the host makes room under its warm cap). */
  beforeSpawn?: () => void;
  /** Called when a worker turns idle (the host trims back to its warm cap). */
  afterRelease?: () => void;
  /** A counter shared by the host's pools, ordering last uses. */
  nextUseSeq?: () => number;
}

export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private draining = false;
  private launch: Promise<LaunchCommand> | undefined;

  constructor(
    readonly spec: FunctionSpec,
    private readonly launcher: LanguageLauncher,
    private readonly options: PoolOptions,
  ) {}

  get size(): number {
    return this.workers.size;
  }

  async invoke(invocation: Invocation): Promise<InvocationOutcome> {
    let worker: Worker;
    try {
      worker = await this.acquire();
    } catch (err) {
      return launchFailure(this.spec, (err as Error).message);
    }
    try {
      return await worker.invoke(invocation);
    } finally {
      this.release(worker);
    }
  }

  /** Kills workers idle since before `olderThan` (clock time); returns how many. */
  reapIdle(olderThan: number): number {
    let reaped = 0;
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const worker = this.idle[i]!;
      if (worker.lastUsed < olderThan) {
        this.idle.splice(i, 1);
        this.workers.delete(worker);
        worker.kill();
        reaped++;
      }
    }
    return reaped;
  }

  /** Starts one worker ahead of the first invocation (the swap after a code update), when none runs. */
  prewarm(): void {
    if (this.workers.size > 0 || this.draining) return;
    this.launchCommand().then((launch) => {
      if (this.workers.size > 0 || this.draining) return;
      const worker = this.spawn(launch);
      worker.lastUsed = this.options.clock.now();
      worker.lastUseSeq = this.options.nextUseSeq?.() ?? worker.lastUsed;
      this.idle.push(worker);
    }, () => undefined); // the first invocation reports a launch failure
  }

  private launchCommand(): Promise<LaunchCommand> {
    if (!this.launch) {
      this.launch = this.launcher.prepare(this.spec);
      this.launch.catch(() => (this.launch = undefined)); // tried again on the next invocation
    }
    return this.launch;
  }

  /** Kills idle workers now and busy ones when their invocation ends (an update or delete). */
  drain(): void {
    this.draining = true;
    this.reapIdle(Number.POSITIVE_INFINITY);
  }

  /** The idle worker used least recently, if any. */
  leastRecentlyUsedIdle(): Worker | undefined {
    let oldest: Worker | undefined;
    for (const worker of this.idle) if (!oldest || worker.lastUseSeq < oldest.lastUseSeq) oldest = worker;
    return oldest;
  }

  /** Ends an idle worker (the host's warm cap). */
  evict(worker: Worker): void {
    const index = this.idle.indexOf(worker);
    if (index < 0) return;
    this.idle.splice(index, 1);
    this.workers.delete(worker);
    worker.kill();
  }

  close(): void {
    for (const worker of this.workers) worker.kill();
    this.workers.clear();
    this.idle.length = 0;
  }

  private async acquire(): Promise<Worker> {
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.workers.size >= this.options.maxWorkers) return new Promise((resolve) => this.waiting.push(resolve));
    const launch = await this.launchCommand();
    // Another invocation may have freed a worker, or filled the pool, while this one waited.
    const freed = this.idle.pop();
    if (freed) return freed;
    if (this.workers.size >= this.options.maxWorkers) return new Promise((resolve) => this.waiting.push(resolve));
    return this.spawn(launch);
  }

  private release(worker: Worker) {
    worker.lastUsed = this.options.clock.now();
    worker.lastUseSeq = this.options.nextUseSeq?.() ?? worker.lastUsed;
    if (this.draining && this.waiting.length === 0) {
      this.workers.delete(worker);
      worker.kill();
      return;
    }
    if (!worker.alive) {
      // A timed-out or crashed worker is gone; a queued request gets a fresh one.
      this.workers.delete(worker);
      const next = this.waiting.shift();
      if (next) void this.launch?.then((launch) => next(this.spawn(launch)));
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker);
    else {
      this.idle.push(worker);
      this.options.afterRelease?.();
    }
  }

  private spawn(launch: LaunchCommand): Worker {
    this.options.beforeSpawn?.();
    const worker = new Worker(this.spec, launch, (gone) => {
      this.workers.delete(gone);
      const index = this.idle.indexOf(gone);
      if (index >= 0) this.idle.splice(index, 1);
    }, this.options.reaper);
    this.workers.add(worker);
    return worker;
  }
}

/** The outcome of an invocation whose runtime could not be started (no python3, a bad --node-path). */
function launchFailure(spec: FunctionSpec, message: string): InvocationOutcome {
  return {
    payload: JSON.stringify({ errorType: 'Runtime.Unknown', errorMessage: message }),
    functionError: 'Unhandled',
    logEvents: [{ timestamp: Date.now(), message }],
    logStreamName: logStreamName(spec.version),
  };
}
