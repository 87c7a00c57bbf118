// After every write: did anything a client cares about change? Then the item takes the next
// catalog revision (what `?since=` compares), and a status change is announced on the bus.
import { effectiveStatus, instanceIdOf, serviceVersionOf, type CatalogItem } from './entry.js';
import type { CatalogDeps } from './deps.js';

const WATCHED = ['endpoint_url', 'ttl', 'status', 'weight', 'zone', 'metadata', 'health_url', 'check_status'] as const;

/** Returns the item's revision after the write (a new one when something changed). */
export async function recordChange(deps: CatalogDeps, before: CatalogItem | undefined, after: CatalogItem): Promise<number> {
  const at = deps.now();
  const oldStatus = before ? effectiveStatus(before, at) : null;
  const newStatus = effectiveStatus(after, at);
  const changed = !before || oldStatus !== newStatus || WATCHED.some((field) => stable(before[field]) !== stable(after[field]));
  if (!changed) return Number(before.revision ?? 0);
  const revision = await deps.store.nextRevision();
  await deps.store.patch(after.name, after.version, { set: { revision } });
  if (oldStatus !== newStatus) {
    await deps.events?.statusChanged({
      service: after.name,
      version: serviceVersionOf(after),
      instance: instanceIdOf(after),
      old_status: oldStatus,
      new_status: newStatus,
      endpoint_url: after.endpoint_url,
      revision,
    });
  }
  return revision;
}

/** JSON with sorted keys: DynamoDB does not keep a map's key order. */
function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (!value || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
