// GET /catalog (every service, with its versions) and GET /catalog/{serviceName} (the versions of
// one service with their status; an ended lease shows as `expired`). The request template hands
// over {service_name} (empty for GET /catalog).
import { effectiveStatus, type CatalogItem } from './entry.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { compareVersions } from './semver.js';
import { notFound } from './failures.js';

export interface VersionSummary {
  service_version: string;
  endpoint_url: string;
  ttl: number;
  status: string;
  registered_at: number | null;
  lease_expires_at: number | null;
}

export interface ServiceVersions {
  service_name: string;
  versions: VersionSummary[];
}

export interface ServiceList {
  services: ServiceVersions[];
}

export function createListHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function list(event: { service_name?: unknown }): Promise<ServiceList | ServiceVersions> {
    const { store, now } = get();
    const name = typeof event?.service_name === 'string' ? event.service_name.trim() : '';
    const at = now();
    if (name) {
      const items = await store.versions(name);
      if (items.length === 0) throw notFound(`service ${name} has no registered versions`);
      return { service_name: name, versions: summarise(items, at) };
    }
    const byName = new Map<string, CatalogItem[]>();
    for (const item of await store.all()) byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
    const services = [...byName.keys()].sort().map((service) => ({ service_name: service, versions: summarise(byName.get(service)!, at) }));
    return { services };
  };
}

function summarise(items: CatalogItem[], at: number): VersionSummary[] {
  return [...items]
    .sort((a, b) => compareVersions(a.version, b.version))
    .map((item) => ({
      service_version: item.version,
      endpoint_url: item.endpoint_url,
      ttl: Number(item.ttl),
      status: effectiveStatus(item, at),
      registered_at: item.registered_at ?? null,
      lease_expires_at: item.lease_expires_at ?? null,
    }));
}

export const handler = createListHandler();
