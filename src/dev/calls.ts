// Follows the requests the local cloud serves to the stage's APIs (GET /_local/calls?after=SEQ
// &waitMs=N, a long poll) and hands each one over as it finishes, with the functions it ran and
// what they printed.
import type { CallRecord } from '../local/call-journal.js';

export interface FollowedRequest {
  method: string;
  path: string;
  status: number;
  ms: number;
  apiId: string;
  invocations: { functionName: string; logs: string[] }[];
}

export interface CallFollower {
  stop(): void;
}

const WAIT_MS = 20_000;

/** The newest call number so far: following starts after it. */
export async function latestCallSeq(url: string): Promise<number> {
  const res = await fetch(`${url}/_local/calls`);
  const { calls } = (await res.json()) as { calls: CallRecord[] };
  return calls.reduce((max, c) => Math.max(max, c.seq ?? 0), 0);
}

export function followCalls(url: string, after: number, onRequest: (r: FollowedRequest) => void, onGone: (why: string) => void): CallFollower {
  const abort = new AbortController();
  let seq = after;
  void (async () => {
    while (!abort.signal.aborted) {
      let calls: CallRecord[];
      try {
        const res = await fetch(`${url}/_local/calls?after=${seq}&waitMs=${WAIT_MS}`, { signal: abort.signal });
        calls = ((await res.json()) as { calls: CallRecord[] }).calls;
      } catch (err) {
        if (!abort.signal.aborted) onGone(`the local cloud at ${url} stopped answering (${(err as Error).message})`);
        return;
      }
      if (calls.some((c) => c.seq === undefined)) {
        onGone('this local cloud does not number its calls (an older version): requests are not shown; restart it');
        return;
      }
      for (const c of calls) {
        seq = Math.max(seq, c.seq!);
        if (c.service !== 'execute-api' || !c.request) continue;
        onRequest({ method: c.request.method, path: c.request.path, status: c.status, ms: c.ms, apiId: c.request.apiId, invocations: c.invocations ?? [] });
      }
    }
  })();
  return { stop: () => abort.abort() };
}
