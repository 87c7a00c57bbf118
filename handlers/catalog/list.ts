// GET /catalog (every service, with its versions) and GET /catalog/{serviceName} (the versions of
// one service with their status; an ended lease shows as `expired`). The request template hands
// over {service_name} (empty for GET /catalog) and {since}: with `?since=REVISION` the answer is
// only the instances that changed after that catalog revision (deregistered ones included), and
// the revision to ask from next time.
import { DEREGISTERED, effectiveStatus, type CatalogItem } from './entry.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { compareVersions } from './semver.js';
import { badRequest, notFound } from './failures.js';
import { byVersion, changeAnswer, highestRevision, representative, type ChangeAnswer } from './instances.js';

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

export interface ServiceChanges {
  service_name: string;
  since: number;
  /** The highest revision the answer reflects: the next `since`. */
  revision: number;
  changes: ChangeAnswer[];
}

export function createListHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function list(event: { service_name?: unknown; since?: unknown }): Promise<ServiceList | ServiceVersions | ServiceChanges> {
    const { store, now } = get();
    const name = typeof event?.service_name === 'string' ? event.service_name.trim() : '';
    const sinceText = typeof event?.since === 'string' ? event.since.trim() : event?.since === undefined ? '' : String(event.since);
    const at = now();
    if (name && sinceText !== '') {
      const since = Number(sinceText);
      if (!Number.isInteger(since) || since < 0) throw badRequest(`since must be a catalog revision (a non-negative integer), got "${sinceText}"`);
      const items = await store.versions(name);
      const changed = items.filter((item) => since === 0 || Number(item.revision ?? 0) > since)
        .sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
      return { service_name: name, since, revision: Math.max(since, highestRevision(items)), changes: changed.map((item) => changeAnswer(item, at)) };
    }
    if (name) {
      const versions = summarise(await store.versions(name), at);
      if (versions.length === 0) throw notFound(`service ${name} has no registered versions`);
      return { service_name: name, versions };
    }
    const byName = new Map<string, CatalogItem[]>();
    for (const item of await store.all()) byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
    const services = [...byName.keys()].sort()
      .map((service) => ({ service_name: service, versions: summarise(byName.get(service)!, at) }))
      .filter((service) => service.versions.length > 0);
    return { services };
  };
}

/** One row per version (its representative instance); tombstones are left out. */
function summarise(items: CatalogItem[], at: number): VersionSummary[] {
  const rows: VersionSummary[] = [];
  for (const [version, group] of byVersion(items.filter((item) => item.status !== DEREGISTERED))) {
    const item = representative(group, at)!;
    rows.push({
      service_version: version,
      endpoint_url: item.endpoint_url,
      ttl: Number(item.ttl),
      status: effectiveStatus(item, at),
      registered_at: item.registered_at ?? null,
      lease_expires_at: item.lease_expires_at ?? null,
    });
  }
  return rows.sort((a, b) => compareVersions(a.service_version, b.service_version));
}

export const handler = createListHandler();
