// POST /catalog/deregister (AWS_IAM, validated by CatalogDeregisterModel): deletes the entry.
// Deregistering what is not registered succeeds, so a registrar may repeat it safely.
import { resolveDeps, type CatalogDeps } from './deps.js';
import { requireString } from './failures.js';

export interface DeregisterAnswer {
  service_name: string;
  service_version: string;
  status: 'deregistered';
}

export function createDeregisterHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function deregister(event: { service_name?: unknown; service_version?: unknown }): Promise<DeregisterAnswer> {
    const { store } = get();
    const name = requireString(event?.service_name, 'service_name');
    const version = requireString(event?.service_version, 'service_version');
    await store.delete(name, version);
    return { service_name: name, service_version: version, status: 'deregistered' };
  };
}

export const handler = createDeregisterHandler();
