// Warm workers for one function version: reused across invocations, grown on demand up to a
// small limit (further requests queue), reaped when idle, all killed on close.
import type { Clock } from '../context.js';
import type { GroupReaper } from './reaper.js';
import type { FunctionSpec, Invocation, InvocationOutcome, LanguageLauncher } from './types.js';
import { Worker } from './worker.js';

export interface PoolOptions {
  maxWorkers: number;
  clock: Clock;
  /** Ends the workers' process groups if the local cloud dies without closing the pool. */
  reaper?: GroupReaper;
}

export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private draining = false;

  constructor(
    readonly spec: FunctionSpec,
    private readonly launcher: LanguageLauncher,
    private readonly options: PoolOptions,
  ) {}

  get size(): number {
    return this.workers.size;
  }

  async invoke(invocation: Invocation): Promise<InvocationOutcome> {
    const worker = await this.acquire();
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
    const worker = this.spawn();
    worker.lastUsed = this.options.clock.now();
    this.idle.push(worker);
  }

  /** Kills idle workers now and busy ones when their invocation ends (an update or delete). */
  drain(): void {
    this.draining = true;
    this.reapIdle(Number.POSITIVE_INFINITY);
  }

  close(): void {
    for (const worker of this.workers) worker.kill();
    this.workers.clear();
    this.idle.length = 0;
  }

  private acquire(): Promise<Worker> {
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.workers.size < this.options.maxWorkers) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker) {
    worker.lastUsed = this.options.clock.now();
    if (this.draining && this.waiting.length === 0) {
      this.workers.delete(worker);
      worker.kill();
      return;
    }
    if (!worker.alive) {
      // A timed-out or crashed worker is gone; a queued request gets a fresh one.
      this.workers.delete(worker);
      const next = this.waiting.shift();
      if (next) next(this.spawn());
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  private spawn(): Worker {
    const worker = new Worker(this.spec, this.launcher, (gone) => {
      this.workers.delete(gone);
      const index = this.idle.indexOf(gone);
      if (index >= 0) this.idle.splice(index, 1);
    }, this.options.reaper);
    this.workers.add(worker);
    return worker;
  }
}
