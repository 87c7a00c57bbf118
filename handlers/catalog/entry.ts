// A catalog entry as stored in the table, and the lease rules every catalog handler shares.
// Times are epoch seconds, the unit DynamoDB TTL reads.

/**
 * What the table holds for one instance of a service version (partition key `name`, sort key
 * `version`). The series' entry is the version's `default` instance, keyed by the bare version;
 * any other instance is keyed `<version>\u001f<instance_id>` (see versionKey), so the table's key
 * schema stays as it was and the series' items and answers are unchanged.
 */
export interface CatalogItem extends InstanceAttributes {
  name: string;
  /** The sort key: the version, or `<version>\u001f<instance_id>` for a named instance. */
  version: string;
  endpoint_url: string;
  /** Seconds a client may cache the answer. */
  ttl: number;
  /** What the registrant said: healthy, unhealthy, or any word it chose. */
  status: string;
  registered_at: number;
  /** Past this, the entry is `expired` and lookups do not return it. */
  lease_expires_at: number;
  /** DynamoDB TTL attribute: the table deletes the item some time after this. */
  purge_at: number;
  /** Set on named instances (absent on the series' entries, whose version is the key). */
  service_version?: string;
  /** The outside HTTP check's verdict, its consecutive counts and last run (epoch seconds). */
  check_status?: 'healthy' | 'unhealthy';
  check_successes?: number;
  check_failures?: number;
  checked_at?: number;
  /** The catalog revision of the item's last change a client would care about. */
  revision?: number;
}

/** Consul/Cloud Map style check settings, per instance; the registrar's defaults fill the gaps. */
export interface HealthCheckConfig {
  interval_seconds?: number;
  timeout_seconds?: number;
  healthy_threshold?: number;
  unhealthy_threshold?: number;
}

export const DEFAULT_HEALTH_CHECK: Required<HealthCheckConfig> = { interval_seconds: 30, timeout_seconds: 5, healthy_threshold: 2, unhealthy_threshold: 3 };

export const DEFAULT_INSTANCE = 'default';
/** The unit separator never appears in a version the catalog accepts (register refuses it). */
export const INSTANCE_SEPARATOR = '\u001f';
/** Status of a deregistered instance: kept as a tombstone (until purge_at) so `?since=` can report it. */
export const DEREGISTERED = 'deregistered';

export function versionKey(version: string, instanceId: string | undefined): string {
  return !instanceId || instanceId === DEFAULT_INSTANCE ? version : `${version}${INSTANCE_SEPARATOR}${instanceId}`;
}

export function serviceVersionOf(item: Pick<CatalogItem, 'version' | 'service_version'>): string {
  return item.service_version ?? item.version.split(INSTANCE_SEPARATOR)[0]!;
}

export function instanceIdOf(item: Pick<CatalogItem, 'version' | 'instance_id'>): string {
  return item.instance_id ?? (item.version.includes(INSTANCE_SEPARATOR) ? item.version.split(INSTANCE_SEPARATOR)[1]! : DEFAULT_INSTANCE);
}

/** What a registration may add to the series' fields: one instance of several, and its attributes. */
export interface InstanceAttributes {
  /** Absent: the version's default instance (the series' single entry). */
  instance_id?: string;
  /** Relative share of calls a balancing client sends here (default 1). */
  weight?: number;
  zone?: string;
  metadata?: Record<string, string>;
  /** What the registrar's HTTP check fetches (default endpoint_url). */
  health_url?: string;
  health_check?: HealthCheckConfig;
}

/** The body of POST /catalog/register, as the series defines it, plus the optional instance attributes. */
export interface RegisterRequest extends InstanceAttributes {
  service_name: string;
  service_version: string;
  endpoint_url: string;
  ttl: number;
  status: string;
}

export interface LeasePolicy {
  /** Seconds a registration stays valid without renewal (default: three one-minute schedule periods). */
  leaseSeconds: number;
  /** Seconds after the lease ends that the TTL attribute lets DynamoDB remove the item. */
  purgeAfterSeconds: number;
}

export const DEFAULT_LEASE_SECONDS = 180;
export const DEFAULT_PURGE_AFTER_SECONDS = 3600;

/** Reads LEASE_SECONDS and PURGE_AFTER_SECONDS, falling back to the defaults when unset or invalid. */
export function leasePolicyFromEnv(env: Record<string, string | undefined>): LeasePolicy {
  return {
    leaseSeconds: positiveNumber(env.LEASE_SECONDS) ?? DEFAULT_LEASE_SECONDS,
    purgeAfterSeconds: positiveNumber(env.PURGE_AFTER_SECONDS) ?? DEFAULT_PURGE_AFTER_SECONDS,
  };
}

export function itemFromRegistration(request: RegisterRequest, nowMs: number, lease: LeasePolicy): CatalogItem {
  const now = Math.floor(nowMs / 1000);
  const leaseEnd = now + lease.leaseSeconds;
  const named = request.instance_id !== undefined && request.instance_id !== DEFAULT_INSTANCE;
  return {
    name: request.service_name,
    version: versionKey(request.service_version, request.instance_id),
    endpoint_url: request.endpoint_url,
    ttl: Number(request.ttl),
    status: request.status,
    registered_at: now,
    lease_expires_at: leaseEnd,
    purge_at: leaseEnd + lease.purgeAfterSeconds,
    ...(named ? { service_version: request.service_version, instance_id: request.instance_id } : {}),
    ...(request.weight !== undefined ? { weight: request.weight } : {}),
    ...(request.zone !== undefined ? { zone: request.zone } : {}),
    ...(request.metadata !== undefined ? { metadata: request.metadata } : {}),
    ...(request.health_url !== undefined ? { health_url: request.health_url } : {}),
    ...(request.health_check !== undefined ? { health_check: request.health_check } : {}),
  };
}

/** An item whose lease has ended, or that predates leases (no lease_expires_at) is never expired. */
export function isExpired(item: Pick<CatalogItem, 'lease_expires_at'>, nowMs: number): boolean {
  const end = Number(item.lease_expires_at);
  return Number.isFinite(end) && end > 0 && end <= nowMs / 1000;
}

/**
 * The status a reader sees: `deregistered` for a tombstone, `expired` once the lease has ended,
 * `unhealthy` when the outside HTTP check says so, else the registrant's word.
 */
export function effectiveStatus(item: CatalogItem, nowMs: number): string {
  if (item.status === DEREGISTERED) return DEREGISTERED;
  if (isExpired(item, nowMs)) return 'expired';
  return item.check_status === 'unhealthy' ? 'unhealthy' : item.status;
}

/** Registered, within its lease, not a tombstone: what lookups may return. */
export function isLive(item: CatalogItem, nowMs: number): boolean {
  return item.status !== DEREGISTERED && !isExpired(item, nowMs);
}

function positiveNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
