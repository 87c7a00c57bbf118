// GET /catalog/{serviceName}/{serviceVersion} (non-proxy): the request template hands over
// {service_name, service_version, instances}; the answer is CatalogServiceModel, the series' one
// endpoint. With `?instances=all` it also lists the version's instances as Cloud Map's
// DiscoverInstances does (HEALTHY_OR_ELSE_ALL: the healthy ones, or every live one when none is).
// A missing or expired entry fails with "NotFound", which the integration response maps to 404.
import { effectiveStatus, isLive, type CatalogItem } from './entry.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { badRequest, notFound, requireString } from './failures.js';
import { discoverable, highestRevision, instanceAnswer, representative, type InstanceAnswer } from './instances.js';

export interface LookupEvent {
  service_name?: unknown;
  service_version?: unknown;
  /** '' (the series' answer) or 'all'. */
  instances?: unknown;
}

export interface LookupAnswer {
  endpoint_url: string;
  ttl: number;
  status: string;
}

export interface InstancesAnswer extends LookupAnswer {
  revision: number;
  instances: InstanceAnswer[];
}

export function createLookupHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function lookup(event: LookupEvent): Promise<LookupAnswer | InstancesAnswer> {
    const { store, now } = get();
    const name = requireString(event?.service_name, 'service_name');
    const version = requireString(event?.service_version, 'service_version');
    const wanted = typeof event?.instances === 'string' ? event.instances : '';
    if (wanted !== '' && wanted !== 'all') throw badRequest(`instances must be "all", got "${wanted}"`);
    const at = now();
    if (wanted === '') {
      // The series' path: one GetItem for the default instance.
      const item = await store.get(name, version);
      if (item && isLive(item, at)) return seriesAnswer(item, at);
      const named = await store.instances(name, version);
      const chosen = representative(named, at);
      if (chosen && isLive(chosen, at)) return seriesAnswer(chosen, at);
      throw missing(name, version, chosen ?? item);
    }
    const items = await store.instances(name, version);
    const chosen = representative(items, at);
    if (!chosen || !isLive(chosen, at)) throw missing(name, version, chosen);
    return { ...seriesAnswer(chosen, at), revision: highestRevision(items), instances: discoverable(items, at).map((item) => instanceAnswer(item, at)) };
  };
}

function seriesAnswer(item: CatalogItem, at: number): LookupAnswer {
  return { endpoint_url: item.endpoint_url, ttl: Number(item.ttl), status: effectiveStatus(item, at) };
}

function missing(name: string, version: string, seen: CatalogItem | undefined): Error {
  return seen && seen.status !== 'deregistered'
    ? notFound(`the lease of service ${name} version ${version} has expired`)
    : notFound(`service ${name} version ${version} is not registered`);
}

export const handler = createLookupHandler();
