// Answers derived from tracked state (an IAM decision over a function policy), kept while no
// tracked state has changed: the data plane asks the same question thousands of times a second,
// and any write anywhere (stateRevision) drops every answer, so none outlives what it was made of.
// With maxAgeMs an answer also ends with age: for ones that depend on the time as well (a
// condition on aws:CurrentTime), within that bound.
import { stateRevision } from './tracking.js';

export class RevisionMemo<V> {
  private revision = -1;
  private readonly answers = new Map<string, { value: V; at: number }>();

  constructor(private readonly maxEntries = 1_000, private readonly maxAgeMs = Number.POSITIVE_INFINITY) {}

  get(key: string, compute: () => V, nowMs = 0): V {
    const now = stateRevision();
    if (now !== this.revision) {
      this.answers.clear();
      this.revision = now;
    }
    const held = this.answers.get(key);
    if (held && nowMs - held.at < this.maxAgeMs) return held.value;
    const value = compute();
    if (this.answers.size >= this.maxEntries) this.answers.clear();
    this.answers.set(key, { value, at: nowMs });
    return value;
  }
}
