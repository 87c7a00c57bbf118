// Reading instances: which one stands for a version in the series' single-endpoint answers, and
// what a client sees of each instance.
import { DEFAULT_INSTANCE, DEREGISTERED, effectiveStatus, instanceIdOf, isLive, serviceVersionOf, type CatalogItem, type HealthCheckConfig } from './entry.js';

/** One instance as `?instances=all` and `?since=` answer it. */
export interface InstanceAnswer {
  instance_id: string;
  endpoint_url: string;
  ttl: number;
  status: string;
  weight: number;
  zone?: string;
  metadata: Record<string, string>;
  health_url?: string;
}

export interface ChangeAnswer extends InstanceAnswer {
  service_version: string;
  lease_expires_at: number | null;
  revision: number;
  /** For the registrar's checks: when the last ran (epoch seconds) and the instance's own settings. */
  checked_at: number | null;
  health_check?: HealthCheckConfig;
}

/**
 * The instance that stands for a version where the series expects one endpoint: the default
 * instance (the series' own entry) while it is live, else the first healthy named instance, else
 * the first live one, else (for listings) whatever is there.
 */
export function representative(items: CatalogItem[], nowMs: number): CatalogItem | undefined {
  const present = items.filter((item) => item.status !== DEREGISTERED).sort(byInstanceId);
  const live = present.filter((item) => isLive(item, nowMs));
  return live.find((item) => instanceIdOf(item) === DEFAULT_INSTANCE)
    ?? live.find((item) => effectiveStatus(item, nowMs) === 'healthy')
    ?? live[0]
    ?? present.find((item) => instanceIdOf(item) === DEFAULT_INSTANCE)
    ?? present[0];
}

/** Cloud Map's HEALTHY_OR_ELSE_ALL: the healthy live instances, or every live one when none is healthy. */
export function discoverable(items: CatalogItem[], nowMs: number): CatalogItem[] {
  const live = items.filter((item) => isLive(item, nowMs)).sort(byInstanceId);
  const healthy = live.filter((item) => effectiveStatus(item, nowMs) === 'healthy');
  return healthy.length > 0 ? healthy : live;
}

export function instanceAnswer(item: CatalogItem, nowMs: number): InstanceAnswer {
  return {
    instance_id: instanceIdOf(item),
    endpoint_url: item.endpoint_url,
    ttl: Number(item.ttl),
    status: effectiveStatus(item, nowMs),
    weight: item.weight === undefined ? 1 : Number(item.weight),
    ...(item.zone !== undefined ? { zone: item.zone } : {}),
    metadata: item.metadata ?? {},
    ...(item.health_url !== undefined ? { health_url: item.health_url } : {}),
  };
}

export function changeAnswer(item: CatalogItem, nowMs: number): ChangeAnswer {
  return {
    service_version: serviceVersionOf(item),
    ...instanceAnswer(item, nowMs),
    lease_expires_at: item.lease_expires_at ?? null,
    revision: Number(item.revision ?? 0),
    checked_at: item.checked_at === undefined ? null : Number(item.checked_at),
    ...(item.health_check !== undefined ? { health_check: item.health_check } : {}),
  };
}

/** Items grouped by their service version. */
export function byVersion(items: CatalogItem[]): Map<string, CatalogItem[]> {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const version = serviceVersionOf(item);
    groups.set(version, [...(groups.get(version) ?? []), item]);
  }
  return groups;
}

export function highestRevision(items: CatalogItem[]): number {
  return items.reduce((max, item) => Math.max(max, Number(item.revision ?? 0)), 0);
}

function byInstanceId(a: CatalogItem, b: CatalogItem): number {
  const [x, y] = [instanceIdOf(a), instanceIdOf(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
