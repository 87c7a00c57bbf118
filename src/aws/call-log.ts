// A record of every AWS call with its depth in the chain of dependent calls: a call's depth is
// one more than the deepest call that finished before it in the same causal line. Branches run
// concurrently through `parallel`, so siblings do not add to each other's depth.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CallRecord {
  operation: string;
  resource?: string;
  depth: number;
  ms: number;
  ok: boolean;
}

interface Chain {
  depth: number;
}

const chain = new AsyncLocalStorage<Chain>();
/** Chains under way. At none the storage is disabled: an enabled AsyncLocalStorage runs promise
 *  hooks on every promise in the process, and `dev` serves the local cloud in this one. */
let running = 0;

async function runIn<T>(store: Chain, fn: () => Promise<T>): Promise<T> {
  running++;
  try {
    return await chain.run(store, fn);
  } finally {
    if (--running === 0) chain.disable();
  }
}

export class CallLog {
  readonly calls: CallRecord[] = [];

  /** Depth a call started now would have. */
  currentDepth(): number {
    return chain.getStore()?.depth ?? 0;
  }

  async track<T>(operation: string, resource: string | undefined, fn: () => Promise<T>): Promise<T> {
    const store = chain.getStore();
    const depth = (store?.depth ?? 0) + 1;
    const started = performance.now();
    let ok = false;
    try {
      const result = await fn();
      ok = true;
      return result;
    } finally {
      this.calls.push({ operation, resource, depth, ms: Math.round(performance.now() - started), ok });
      if (store) store.depth = Math.max(store.depth, depth);
    }
  }

  /** The deepest chain of dependent calls so far. */
  criticalPathDepth(): number {
    return this.calls.reduce((max, c) => Math.max(max, c.depth), 0);
  }

  writes(): CallRecord[] {
    return this.calls.filter((c) => !isReadOperation(c.operation));
  }
}

/** Runs each task in its own branch starting at the current depth; the caller continues at the deepest. */
export async function parallel<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const parent = chain.getStore();
  const base = parent?.depth ?? 0;
  const branches = tasks.map(() => ({ depth: base }));
  try {
    return await Promise.all(tasks.map((task, i) => runIn(branches[i]!, task)));
  } finally {
    if (parent) parent.depth = Math.max(parent.depth, ...branches.map((b) => b.depth));
  }
}

/** Runs fn in a branch starting at `depth` and returns the branch's final depth with the result. */
export async function inBranch<T>(depth: number, fn: () => Promise<T>): Promise<{ result: T; depth: number }> {
  const branch = { depth };
  const result = await runIn(branch, fn);
  return { result, depth: branch.depth };
}

/** Starts a root chain so depths are measured from zero. */
export function withChain<T>(fn: () => Promise<T>): Promise<T> {
  return runIn({ depth: 0 }, fn);
}

export function isReadOperation(operation: string): boolean {
  const name = operation.includes(':') ? operation.split(':')[1]! : operation;
  return /^(Get|List|Describe)/.test(name);
}

/** `parallel` for tasks of different result types: each in its own branch, results typed by position. */
export function concurrently<T extends readonly (() => Promise<unknown>)[]>(...tasks: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  return parallel(tasks as unknown as (() => Promise<unknown>)[]) as never;
}

/** Each item's task in its own branch. */
export function forEachConcurrently<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  return parallel(items.map((item) => () => task(item)));
}
