// The lookup cache: each answer is fresh for its ttl, and kept after that as a stand-in for when
// the catalog fails (stale-if-error) until something newer or a 404 replaces it.

export interface CacheEntry<T> {
  value: T;
  fetchedAt: number;
  freshUntil: number;
}

export class LookupCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();

  constructor(private readonly maxEntries = 1000) {}

  get(name: string, version: string): CacheEntry<T> | undefined {
    return this.entries.get(key(name, version));
  }

  set(name: string, version: string, value: T, ttlSeconds: number, fetchedAt: number): CacheEntry<T> {
    const entry = { value, fetchedAt, freshUntil: fetchedAt + Math.max(0, ttlSeconds) * 1000 };
    const k = key(name, version);
    this.entries.delete(k); // re-insert so Map order is recency order
    this.entries.set(k, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  delete(name: string, version: string): void {
    this.entries.delete(key(name, version));
  }

  clear(): void {
    this.entries.clear();
  }
}

const key = (name: string, version: string) => `${name}\u0000${version}`;
