// What every resource kind provides, in one module per kind: how it is read from the target,
// the calls taking the remote thing to the desired one (none when it matches), what of it
// exists unwanted, and the calls deleting that. Registered in one Record (index.ts) that the
// reader, planner and sweeper iterate, so the compiler finds the gap when a kind is added.
import type { AwsApi } from '../../aws/api/index.js';
import type { ArnContext } from '../arns.js';
import type { ApiCall } from '../calls.js';
import type { Artifacts, Orphan, ResourceKind, ResourceOf, Resource, Tags } from '../model.js';
import type { Outputs } from '../refs.js';
import type { Lookup, RemoteState } from '../remote-state.js';

export interface DiffContext {
  remote: RemoteState;
  /** Outputs known so far: of what exists, in dependency order. */
  outputs: Outputs;
  arn: ArnContext;
  artifacts: Artifacts;
  /** Whether the target is AWS itself (off AWS, an emulator may lack a feature, e.g. moto's API tags). */
  onAws: boolean;
}

export interface Diff {
  /** Whether the thing exists (so calls are an update, not a create). */
  exists: boolean;
  reason: string;
  /** Empty: up to date. */
  calls: ApiCall[];
  /** Outputs known without a call (may hold tokens of this step's calls). */
  outputs?: Record<string, string>;
}

export interface SweepOptions {
  /** Tables (and their data) are deleted only when asked. */
  deleteData?: boolean;
}

export interface ReadContext {
  api: AwsApi;
  lookup: Lookup;
  state: RemoteState;
  /** Tables to read beyond the config's (the state file's earlier names). */
  extraTables: string[];
  /** Tagged as this project and stage. */
  ours(tags: Tags | undefined): boolean;
}

export interface KindModule<K extends ResourceKind> {
  /** Reads this kind into the remote state, or names the kind it is read with. */
  read: ((ctx: ReadContext) => Promise<void>) | { with: ResourceKind };
  diff(desired: ResourceOf<K>, ctx: DiffContext): Diff;
  /** What exists of this kind and is not wanted (removed from the config, duplicates, teardown). */
  orphans(remote: RemoteState, desired: Resource[], options: SweepOptions): Orphan[];
  deleteCalls(orphan: Orphan, remote: RemoteState): ApiCall[];
  /** Teardown order: lower first. */
  deleteRank: number;
}

export type KindModules = { [K in ResourceKind]: KindModule<K> };

export const upToDate = (outputs?: Record<string, string>): Diff => ({ exists: true, reason: 'up to date', calls: [], outputs });

export const wanted = <K extends ResourceKind>(desired: Resource[], kind: K): ResourceOf<K>[] =>
  desired.filter((r): r is ResourceOf<K> => r.kind === kind);

export const noOrphans = (): Orphan[] => [];

export function tagsMissing(desired: Tags, actual: Tags | undefined): boolean {
  return Object.entries(desired).some(([k, v]) => actual?.[k] !== v);
}

export const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export function tagsOf(list: { Key?: string; Value?: string }[] | undefined): Tags {
  return Object.fromEntries((list ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));
}

/** JSON with sorted keys, string arrays sorted, singletons as arrays: policy documents compare by meaning. */
export function canonical(value: unknown): string {
  const norm = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((x) => norm(x));
      return items.every((x) => typeof x === 'string') ? [...(items as string[])].sort() : items;
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Record<string, unknown>)[k], k)]));
    }
    if (typeof v === 'string' && (key === 'Action' || key === 'Resource')) return [v];
    return v;
  };
  return JSON.stringify(norm(value)) ?? 'undefined';
}

export function oldest<T extends { createdDate?: number; id: string }>(items: T[]): T | undefined {
  return [...items].sort((a, b) => (a.createdDate ?? 0) - (b.createdDate ?? 0) || a.id.localeCompare(b.id))[0];
}

export const differ = (fields: string[]) => `${fields.join(', ')} differ${fields.length === 1 ? 's' : ''}`;
