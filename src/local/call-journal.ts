// The calls the local cloud served, numbered, with what a developer watching wants of a request
// to a deployed API: the functions it invoked and the log lines they printed. Read by
// GET /_local/calls, which with ?after=SEQ answers only newer calls and with &waitMs=N waits
// (up to 25 s) for the next one: how `discovery-cli dev` follows requests without polling hard.
import type { LogEventInput } from './ports.js';

export interface CallRecord {
  service: string;
  operation: string;
  status: number;
  ms: number;
  /** 1, 2, 3... in the order the calls finished. */
  seq?: number;
  /** Epoch ms it finished. */
  at?: number;
  /** For execute-api: the request and what it ran. */
  request?: { apiId: string; stage: string; method: string; path: string };
  invocations?: CallInvocation[];
}

export interface CallInvocation {
  /** The Lambda function's name. */
  functionName: string;
  /** What it printed, Lambda's START/END/REPORT lines left out. */
  logs: string[];
}

const MAX_WAIT_MS = 25_000;
/** Calls kept: the newest ones, so a local cloud under load holds bounded memory. */
export const MAX_CALLS = 5_000;
const PLATFORM_LINE = /^(START|END|REPORT) RequestId: /;

export class CallJournal {
  private calls: CallRecord[] = [];
  private seq = 0;
  private waiters = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Numbers the call and keeps it (the record becomes the journal's: callers hand over a new one). */
  record(call: CallRecord): void {
    call.seq = ++this.seq;
    call.at = this.now();
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls = this.calls.slice(-MAX_CALLS / 2); // amortised: one copy per MAX_CALLS / 2 calls
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  all(): CallRecord[] {
    return [...this.calls];
  }

  clear(): void {
    this.calls = [];
  }

  /** Calls numbered above `after`; when none yet and waitMs > 0, the first that come within it. */
  async after(after: number, waitMs = 0): Promise<CallRecord[]> {
    const newer = () => {
      // Numbered in order: the newer ones are a tail.
      let from = this.calls.length;
      while (from > 0 && (this.calls[from - 1]!.seq ?? 0) > after) from--;
      return this.calls.slice(from);
    };
    const found = newer();
    if (found.length || waitMs <= 0) return found;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(waitMs, MAX_WAIT_MS));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.add(done);
    });
    return newer();
  }

  /** Ends pending waits (the server is stopping). */
  close(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}

/** What one invocation a request made printed, as the journal keeps it: Lambda's START/END/REPORT lines left out. */
export function invocationOf(functionName: string, events: LogEventInput[]): CallInvocation {
  return { functionName, logs: events.map((e) => e.message).filter((m) => !PLATFORM_LINE.test(m)) };
}
