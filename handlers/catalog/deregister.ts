// POST /catalog/deregister (AWS_IAM, validated by CatalogDeregisterModel): removes the entry, or
// with `instance_id` that one instance (the others stay). Deregistering what is not registered
// succeeds, so a registrar may repeat it safely. The item stays as a `deregistered` tombstone until
// its purge time, so a client asking `?since=` learns that it went away; lookups never return it.
import { DEREGISTERED, versionKey, type CatalogItem } from './entry.js';
import { recordChange } from './changes.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { checkedName, requireString } from './failures.js';

export interface DeregisterAnswer {
  service_name: string;
  service_version: string;
  status: 'deregistered';
  instance_id?: string;
}

const CHECK_STATE = ['check_status', 'check_successes', 'check_failures', 'checked_at'] as const;

export function createDeregisterHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function deregister(event: { service_name?: unknown; service_version?: unknown; instance_id?: unknown }): Promise<DeregisterAnswer> {
    const resolved = get();
    const name = requireString(event?.service_name, 'service_name');
    const version = requireString(event?.service_version, 'service_version');
    const instanceId = event?.instance_id === undefined ? undefined : checkedName(event.instance_id, 'instance_id');
    const purgeAt = Math.floor(resolved.now() / 1000) + resolved.lease.purgeAfterSeconds;
    const { applied, item: before } = await resolved.store.patch(name, versionKey(version, instanceId),
      { set: { status: DEREGISTERED, purge_at: purgeAt }, remove: [...CHECK_STATE] }, { mustBeLive: true });
    if (applied && before) {
      const after: CatalogItem = { ...before, status: DEREGISTERED, purge_at: purgeAt };
      for (const field of CHECK_STATE) delete after[field];
      await recordChange(resolved, before, after);
    }
    return { service_name: name, service_version: version, status: 'deregistered', ...(instanceId !== undefined ? { instance_id: instanceId } : {}) };
  };
}

export const handler = createDeregisterHandler();
