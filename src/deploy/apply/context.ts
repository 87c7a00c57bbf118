// What every apply/remove handler gets, and the handler shape: one per resource kind.
import type { Aws } from '../../aws/clients.js';
import type { Target } from '../../aws/target.js';
import type { ArnContext } from '../arns.js';
import type { Artifacts, Orphan, ResourceKind, ResourceOf } from '../model.js';
import type { ApplyStep } from '../plan.js';
import type { Outputs } from '../refs.js';
import type { RemoteState } from '../remote-state.js';

export interface ApplyContext {
  aws: Aws;
  target: Target;
  arn: ArnContext;
  artifacts: Artifacts;
  /** Outputs known so far (from the remote state and earlier steps). */
  outputs: Outputs;
  remote: RemoteState;
}

export interface KindHandler<K extends ResourceKind> {
  /** Creates or updates; returns this resource's outputs (ids, ARNs, versions). */
  apply(resource: ResourceOf<K>, step: ApplyStep, ctx: ApplyContext): Promise<Record<string, string> | void>;
  /** Deletes; "already gone" is done. */
  remove(orphan: Orphan, ctx: ApplyContext): Promise<void>;
}

export type Handlers = { [K in ResourceKind]: KindHandler<K> };

export const nothingToRemove = async (): Promise<void> => undefined;

/** Runs fn; an "already exists" error means an earlier, interrupted run made it: run `exists` instead. */
export async function createOrAdopt<T, U>(fn: () => Promise<T>, exists: () => Promise<U>): Promise<T | U> {
  try {
    return await fn();
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause ?? err;
    const name = (cause as { name?: string }).name ?? '';
    const message = (cause as { message?: string }).message ?? '';
    if (/AlreadyExists|EntityAlreadyExists|ResourceInUse/.test(name) || /already exist/i.test(message)) return exists();
    throw err;
  }
}
