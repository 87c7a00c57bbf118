// GET /catalog/{serviceName}/latest: the highest semantic version with a `healthy` instance whose
// lease has not ended; NotFound (404) when there is none.
import { effectiveStatus, isLive } from './entry.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { notFound, requireString } from './failures.js';
import { byVersion, representative } from './instances.js';
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
    let best: LatestAnswer | undefined;
    for (const [version, group] of byVersion(await store.versions(name))) {
      const healthy = group.filter((item) => isLive(item, at) && effectiveStatus(item, at) === 'healthy');
      const item = representative(healthy, at);
      if (!item || (best && compareVersions(version, best.service_version) <= 0)) continue;
      best = { service_name: name, service_version: version, endpoint_url: item.endpoint_url, ttl: Number(item.ttl), status: 'healthy' };
    }
    if (!best) throw notFound(`service ${name} has no healthy version`);
    return best;
  };
}

export const handler = createLatestHandler();
