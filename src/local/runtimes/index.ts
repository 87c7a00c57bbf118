// The runtimes the local Lambda runs: a warm pool per function version, idle ones reaped, and
// a cap on live workers across all functions (the least recently used idle one goes first).
import { systemClock, type Clock } from '../context.js';
import { nodeLauncher } from './node/index.js';
import { Notices } from './notices.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './options.js';
import { WorkerPool } from './pool.js';
import { GroupReaper } from './reaper.js';
import { pythonLauncher } from './python/index.js';
import type { FunctionSpec, Invocation, InvocationOutcome, LanguageLauncher } from './types.js';

export type { FunctionSpec, Invocation, InvocationOutcome, LogEvent } from './types.js';
export type { RuntimeOptions } from './options.js';
export { DEFAULT_MAX_WARM_WORKERS, nodePathVariable, parseNodePath, resolveRuntimeOptions } from './options.js';
export { TaskRoots } from './task-root.js';
export { extractZip, MAX_UNZIPPED_BYTES, ZipRejectedError, ZipTooLargeError } from './zip.js';

export interface RuntimeHostOptions extends RuntimeOptions {
  clock?: Clock;
  /** Workers per function version; further concurrent invocations queue. Default 4. */
  maxWorkersPerVersion?: number;
  /** A worker unused this long (clock time) is killed. Default 5 minutes. */
  idleMs?: number;
  /** How often idle workers are looked for (real time). Default 30 s; 0 disables the timer. */
  reapIntervalMs?: number;
}

export class RuntimeHost {
  private readonly pools = new Map<string, WorkerPool>();
  /** Retired pools whose busy workers finish their invocation before being killed. */
  private readonly draining = new Set<WorkerPool>();
  private readonly clock: Clock;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly reaper = new GroupReaper();
  private readonly launchers: Record<'nodejs' | 'python', LanguageLauncher>;
  readonly settings: ResolvedRuntimeOptions;
  private useSeq = 0;

  constructor(private readonly options: RuntimeHostOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.settings = resolveRuntimeOptions(options);
    const notices = new Notices(this.settings.notice);
    this.launchers = { nodejs: nodeLauncher(this.settings, notices), python: pythonLauncher(this.settings, notices) };
    const interval = options.reapIntervalMs ?? 30_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.reapIdle(), interval);
      this.timer.unref();
    }
  }

  launcherFor(runtime: string): LanguageLauncher {
    if (runtime.startsWith('nodejs')) return this.launchers.nodejs;
    if (runtime.startsWith('python')) return this.launchers.python;
    throw new Error(`The local cloud runs Node.js and Python functions only, not ${runtime}.`);
  }

  invoke(spec: FunctionSpec, invocation: Invocation): Promise<InvocationOutcome> {
    return this.poolFor(spec).invoke(invocation);
  }

  /** A warm worker for this version before its first invocation. */
  prewarm(spec: FunctionSpec): void {
    this.poolFor(spec).prewarm();
  }

  private poolFor(spec: FunctionSpec): WorkerPool {
    let pool = this.pools.get(spec.key);
    if (!pool) {
      pool = new WorkerPool(spec, this.launcherFor(spec.runtime), {
        maxWorkers: this.options.maxWorkersPerVersion ?? 4,
        clock: this.clock,
        reaper: this.reaper,
        beforeSpawn: () => this.trim(this.settings.maxWarmWorkers - 1),
        afterRelease: () => this.trim(this.settings.maxWarmWorkers),
        nextUseSeq: () => ++this.useSeq,
      });
      this.pools.set(spec.key, pool);
    }
    return pool;
  }

  /** Live worker processes for a pool key (for tests and health). */
  workerCount(key: string): number {
    return this.pools.get(key)?.size ?? 0;
  }

  /** Live worker processes of all functions. */
  get totalWorkers(): number {
    let total = 0;
    for (const pool of this.pools.values()) total += pool.size;
    for (const pool of this.draining) total += pool.size;
    return total;
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

  /** Ends least recently used idle workers until at most `limit` live (busy ones are never ended). */
  private trim(limit: number): void {
    while (this.totalWorkers > limit) {
      let victim: { pool: WorkerPool; seq: number } | undefined;
      for (const pool of this.pools.values()) {
        const worker = pool.leastRecentlyUsedIdle();
        if (worker && (!victim || worker.lastUseSeq < victim.seq)) victim = { pool, seq: worker.lastUseSeq };
      }
      if (!victim) return;
      victim.pool.evict(victim.pool.leastRecentlyUsedIdle()!);
    }
  }
}
