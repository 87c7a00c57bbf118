// GET /catalog/{serviceName}/{serviceVersion} (non-proxy): the request template hands over
// {service_name, service_version}; the answer is CatalogServiceModel. A missing or expired entry
// fails with "NotFound", which the integration response maps to 404.
import { isExpired } from './entry.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { notFound, requireString } from './failures.js';

export interface LookupEvent {
  service_name?: unknown;
  service_version?: unknown;
}

export interface LookupAnswer {
  endpoint_url: string;
  ttl: number;
  status: string;
}

export function createLookupHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function lookup(event: LookupEvent): Promise<LookupAnswer> {
    const { store, now } = get();
    const name = requireString(event?.service_name, 'service_name');
    const version = requireString(event?.service_version, 'service_version');
    const item = await store.get(name, version);
    if (!item) throw notFound(`service ${name} version ${version} is not registered`);
    if (isExpired(item, now())) throw notFound(`the lease of service ${name} version ${version} has expired`);
    return { endpoint_url: item.endpoint_url, ttl: Number(item.ttl), status: item.status };
  };
}

export const handler = createLookupHandler();
