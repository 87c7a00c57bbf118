// The runtimes the local Lambda runs: a warm pool per function version, idle ones reaped.
import { systemClock, type Clock } from '../context.js';
import { nodeLauncher } from './node/index.js';
import { WorkerPool } from './pool.js';
import { GroupReaper } from './reaper.js';
import { pythonLauncher } from './python/index.js';
import type { FunctionSpec, Invocation, InvocationOutcome, LanguageLauncher } from './types.js';

export type { FunctionSpec, Invocation, InvocationOutcome, LogEvent } from './types.js';
export { TaskRoots } from './task-root.js';
export { extractZip, MAX_UNZIPPED_BYTES, ZipRejectedError, ZipTooLargeError } from './zip.js';

export interface RuntimeHostOptions {
  clock?: Clock;
  /** Workers per function version; further concurrent invocations queue. Default 4. */
  maxWorkersPerVersion?: number;
  /** A worker unused this long (clock time) is killed. Default 5 minutes. */
  idleMs?: number;
  /** How often idle workers are looked for (real time). Default 30 s; 0 disables the timer. */
  reapIntervalMs?: number;
}

export function launcherFor(runtime: string): LanguageLauncher {
  if (runtime.startsWith('nodejs')) return nodeLauncher;
  if (runtime.startsWith('python')) return pythonLauncher;
  throw new Error(`The local cloud runs Node.js and Python functions only, not ${runtime}.`);
}

export class RuntimeHost {
  private readonly pools = new Map<string, WorkerPool>();
  /** Retired pools whose busy workers finish their invocation before being killed. */
  private readonly draining = new Set<WorkerPool>();
  private readonly clock: Clock;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly reaper = new GroupReaper();

  constructor(private readonly options: RuntimeHostOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const interval = options.reapIntervalMs ?? 30_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.reapIdle(), interval);
      this.timer.unref();
    }
  }

  invoke(spec: FunctionSpec, invocation: Invocation): Promise<InvocationOutcome> {
    let pool = this.pools.get(spec.key);
    if (!pool) {
      pool = new WorkerPool(spec, launcherFor(spec.runtime), { maxWorkers: this.options.maxWorkersPerVersion ?? 4, clock: this.clock, reaper: this.reaper });
      this.pools.set(spec.key, pool);
    }
    return pool.invoke(invocation);
  }

  /** Live worker processes for a pool key (for tests and health). */
  workerCount(key: string): number {
    return this.pools.get(key)?.size ?? 0;
  }

  /** A warm worker for this version before its first invocation. */
  prewarm(spec: FunctionSpec): void {
    let pool = this.pools.get(spec.key);
    if (!pool) {
      pool = new WorkerPool(spec, launcherFor(spec.runtime), { maxWorkers: this.options.maxWorkersPerVersion ?? 4, clock: this.clock, reaper: this.reaper });
      this.pools.set(spec.key, pool);
    }
    pool.prewarm();
  }

  /** Drops the pools whose key matches (a function updated or deleted); returns how many workers they had. */
  retire(matches: (key: string) => boolean): number {
    let workers = 0;
    for (const [key, pool] of this.pools) {
      if (!matches(key)) continue;
      workers += pool.size;
      pool.drain();
      this.pools.delete(key);
      if (pool.size > 0) this.draining.add(pool);
    }
    return workers;
  }

  reapIdle(): number {
    const olderThan = this.clock.now() - (this.options.idleMs ?? 5 * 60_000);
    let reaped = 0;
    for (const pool of this.pools.values()) reaped += pool.reapIdle(olderThan);
    for (const pool of this.draining) if (pool.size === 0) this.draining.delete(pool);
    return reaped;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const pool of [...this.pools.values(), ...this.draining]) pool.close();
    this.pools.clear();
    this.draining.clear();
    this.reaper.close();
  }
}
