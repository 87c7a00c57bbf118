// The lookup cache: each answer is fresh for its ttl, and kept after that as a stand-in for when
// the catalog fails (stale-if-error) until something newer or a 404 replaces it.
import type { ServiceEndpoint } from './types.js';

export interface CacheEntry {
  endpoint: ServiceEndpoint;
  fetchedAt: number;
  freshUntil: number;
}

export class LookupCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly maxEntries = 1000) {}

  get(name: string, version: string): CacheEntry | undefined {
    return this.entries.get(key(name, version));
  }

  set(endpoint: ServiceEndpoint, fetchedAt: number): CacheEntry {
    const entry = { endpoint, fetchedAt, freshUntil: fetchedAt + Math.max(0, endpoint.ttl) * 1000 };
    const k = key(endpoint.serviceName, endpoint.serviceVersion);
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
