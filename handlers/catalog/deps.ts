// What every catalog handler needs from the outside world, injectable for tests.
import { leasePolicyFromEnv, type LeasePolicy } from './entry.js';
import { catalogTableFromEnv, dynamoCatalogStore, type CatalogStore } from './store.js';

export interface CatalogDeps {
  store: CatalogStore;
  /** Epoch milliseconds. */
  now: () => number;
  lease: LeasePolicy;
}

let fromEnvironment: CatalogDeps | undefined;

/** The deployed wiring: the table named in CATALOG_TABLE, the system clock, the lease from env. */
export function environmentDeps(): CatalogDeps {
  return (fromEnvironment ??= {
    store: dynamoCatalogStore(catalogTableFromEnv(process.env)),
    now: () => Date.now(),
    lease: leasePolicyFromEnv(process.env),
  });
}

/** Lets a handler take its deps now (tests) or on first invocation (Lambda). */
export function resolveDeps(deps: CatalogDeps | undefined): () => CatalogDeps {
  return () => deps ?? environmentDeps();
}
