// Answers kept per stage until they expire: the stage cache (responses) and the authorizer cache
// (authorizer results) hold the same kind of map. Keys start with the API id and stage name, so a
// Flush* call for one stage drops its entries and no other's; past MAX_ENTRIES the oldest goes.
const MAX_ENTRIES = 10_000;
const SEPARATOR = '\u0000';

export class StageKeyedCache<V> {
  private readonly entries = new Map<string, { expiresMs: number; value: V }>();

  /** A key for `parts` of one stage of one API. */
  static keyOf(apiId: string, stageName: string, ...parts: string[]): string {
    return [apiId, stageName, ...parts].join(SEPARATOR);
  }

  get(key: string, nowMs: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  put(key: string, value: V, expiresMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { expiresMs, value });
  }

  /** Drops every entry of one stage (FlushStageCache, FlushStageAuthorizersCache). */
  flush(apiId: string, stageName: string): void {
    const prefix = `${apiId}${SEPARATOR}${stageName}${SEPARATOR}`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
