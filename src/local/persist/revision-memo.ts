// Answers derived from tracked state (an IAM decision over a function policy), kept while no
// tracked state has changed: the data plane asks the same question thousands of times a second,
// and any write anywhere (stateRevision) drops every answer, so none outlives what it was made of.
import { stateRevision } from './tracking.js';

export class RevisionMemo<V> {
  private revision = -1;
  private readonly answers = new Map<string, V>();

  constructor(private readonly maxEntries = 1_000) {}

  get(key: string, compute: () => V): V {
    const now = stateRevision();
    if (now !== this.revision) {
      this.answers.clear();
      this.revision = now;
    }
    if (this.answers.has(key)) return this.answers.get(key)!;
    const value = compute();
    if (this.answers.size >= this.maxEntries) this.answers.clear();
    this.answers.set(key, value);
    return value;
  }
}
