// A catalog entry as stored in the table, and the lease rules every catalog handler shares.
// Times are epoch seconds, the unit DynamoDB TTL reads.

/** What the table holds for one service version (partition key `name`, sort key `version`). */
export interface CatalogItem {
  name: string;
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
}

/** The body of POST /catalog/register, as the series defines it. */
export interface RegisterRequest {
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
  return {
    name: request.service_name,
    version: request.service_version,
    endpoint_url: request.endpoint_url,
    ttl: Number(request.ttl),
    status: request.status,
    registered_at: now,
    lease_expires_at: leaseEnd,
    purge_at: leaseEnd + lease.purgeAfterSeconds,
  };
}

/** An item whose lease has ended, or that predates leases (no lease_expires_at) is never expired. */
export function isExpired(item: Pick<CatalogItem, 'lease_expires_at'>, nowMs: number): boolean {
  const end = Number(item.lease_expires_at);
  return Number.isFinite(end) && end > 0 && end <= nowMs / 1000;
}

/** The status a reader sees: the registrant's word, or `expired` once the lease has ended. */
export function effectiveStatus(item: CatalogItem, nowMs: number): string {
  return isExpired(item, nowMs) ? 'expired' : item.status;
}

function positiveNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
