// What every catalog handler needs from the outside world, injectable for tests.
import { leasePolicyFromEnv, type LeasePolicy } from './entry.js';
import { eventBridgeEvents, type CatalogEvents } from './notify.js';
import { catalogTableFromEnv, dynamoCatalogStore, type CatalogStore } from './store.js';

export interface CatalogDeps {
  store: CatalogStore;
  /** Epoch milliseconds. */
  now: () => number;
  lease: LeasePolicy;
  /** Where status changes are announced; default none (tests that do not care). */
  events?: CatalogEvents;
}

let fromEnvironment: CatalogDeps | undefined;

/** The deployed wiring: the table named in CATALOG_TABLE, the system clock, the lease from env, EventBridge. */
export function environmentDeps(): CatalogDeps {
  return (fromEnvironment ??= {
    store: dynamoCatalogStore(catalogTableFromEnv(process.env)),
    now: () => Date.now(),
    lease: leasePolicyFromEnv(process.env),
    events: eventBridgeEvents(),
  });
}

/** Lets a handler take its deps now (tests) or on first invocation (Lambda). */
export function resolveDeps(deps: CatalogDeps | undefined): () => CatalogDeps {
  return () => deps ?? environmentDeps();
}
