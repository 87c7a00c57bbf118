// What exists and is no longer wanted: removed from the config, duplicates left by an
// interrupted create, or everything (teardown). Pure: each kind names its own orphans.
import { KINDS, type KindModule, type SweepOptions } from './kinds/index.js';
import type { Orphan, Resource, ResourceKind } from './model.js';
import type { RemoteState } from './remote-state.js';

export type { SweepOptions } from './kinds/index.js';

/** Teardown order by kind: lower ranks are deleted first. */
export const DELETE_RANK = Object.fromEntries(Object.entries(KINDS).map(([kind, m]) => [kind, m.deleteRank])) as Record<ResourceKind, number>;

export function orphans(remote: RemoteState, desired: Resource[], options: SweepOptions = {}): Orphan[] {
  return (Object.values(KINDS) as KindModule<ResourceKind>[]).flatMap((m) => m.orphans(remote, desired, options));
}
