// GET /catalog/{serviceName}/latest: the highest semantic version whose status is `healthy` and
// whose lease has not ended; NotFound (404) when there is none.
import { isExpired } from './entry.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { notFound, requireString } from './failures.js';
import { compareVersions } from './semver.js';

export interface LatestAnswer {
  service_name: string;
  service_version: string;
  endpoint_url: string;
  ttl: number;
  status: string;
}

export function createLatestHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function latest(event: { service_name?: unknown }): Promise<LatestAnswer> {
    const { store, now } = get();
    const name = requireString(event?.service_name, 'service_name');
    const at = now();
    const candidates = (await store.versions(name)).filter((item) => item.status === 'healthy' && !isExpired(item, at));
    if (candidates.length === 0) throw notFound(`service ${name} has no healthy version`);
    const best = candidates.reduce((a, b) => (compareVersions(b.version, a.version) > 0 ? b : a));
    return { service_name: name, service_version: best.version, endpoint_url: best.endpoint_url, ttl: Number(best.ttl), status: best.status };
  };
}

export const handler = createLatestHandler();
