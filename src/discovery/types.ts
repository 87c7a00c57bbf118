// The shapes the discovery client speaks, in TypeScript's naming; the wire uses the series'
// snake_case (service_name, endpoint_url ...).

/** AWS credentials for signing (a session token when they are temporary). */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A fixed set of credentials, or a provider the SDK's way (called before each signed request). */
export type CredentialSource = SigningCredentials | (() => Promise<SigningCredentials>);

/** Milliseconds since the epoch; inject to test caching without waiting. */
export interface DiscoveryClock {
  now(): number;
}

export type FetchFunction = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** One service version as the catalog answers a lookup. */
export interface ServiceEndpoint {
  serviceName: string;
  serviceVersion: string;
  endpointUrl: string;
  /** Seconds the answer may be cached. */
  ttl: number;
  /** `healthy`, `unhealthy`, or what the registrant reported. */
  status: string;
}

export interface LookupResult extends ServiceEndpoint {
  /** True when answered from the cache without an HTTP call. */
  cached: boolean;
  /**
   * True when the catalog was unreachable or failing (5xx) and this is the last answer it gave,
   * past its ttl (stale-if-error).
   */
  stale: boolean;
  /** Epoch ms when the catalog gave this answer. */
  fetchedAt: number;
}

/** What `register` sends. Without `instanceId`, the series' body exactly: the version's default instance. */
export interface RegistrationEntry {
  serviceName: string;
  serviceVersion: string;
  endpointUrl: string;
  ttl: number;
  status: string;
  /** One of several instances of the version. */
  instanceId?: string;
  /** Relative share of calls (default 1; 0: only when nothing else is there). */
  weight?: number;
  zone?: string;
  metadata?: Record<string, string>;
  /** What the registrar's HTTP check fetches (default endpointUrl). */
  healthUrl?: string;
  healthCheck?: HealthCheckSettings;
}

/** Consul/Cloud Map style check settings; unset ones take the registrar's defaults. */
export interface HealthCheckSettings {
  intervalSeconds?: number;
  timeoutSeconds?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
}

/** One instance of a service version, as `?instances=all` answers it. */
export interface ServiceInstance {
  instanceId: string;
  endpointUrl: string;
  ttl: number;
  status: string;
  weight: number;
  zone?: string;
  metadata: Record<string, string>;
  healthUrl?: string;
}

export interface InstancesResult extends LookupResult {
  /** The healthy instances, or every live one (each marked unhealthy) when none is healthy. */
  instances: ServiceInstance[];
  /** The highest catalog revision among the version's instances. */
  revision: number;
}

/** One instance that changed after a revision (`status: 'deregistered'` when it went away). */
export interface InstanceChange extends ServiceInstance {
  serviceVersion: string;
  leaseExpiresAt: number | null;
  revision: number;
  checkedAt: number | null;
  healthCheck?: HealthCheckSettings;
}

export interface CatalogChanges {
  serviceName: string;
  since: number;
  /** Ask from this revision next time. */
  revision: number;
  changes: InstanceChange[];
}

/** The registrar's HTTP check result for one instance. */
export interface HealthReportEntry {
  serviceName: string;
  serviceVersion: string;
  instanceId?: string;
  endpointUrl: string;
  ttl: number;
  status: string;
  passed: boolean;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
}

export interface HealthReportResult {
  checkStatus: 'healthy' | 'unhealthy' | 'not_registered';
  checkSuccesses: number;
  checkFailures: number;
}

/** One version of a service as the listing reports it (an ended lease shows as `expired`). */
export interface ServiceVersionInfo {
  serviceVersion: string;
  endpointUrl: string;
  ttl: number;
  status: string;
  /** Epoch seconds, or null for entries made before leases. */
  registeredAt: number | null;
  leaseExpiresAt: number | null;
}

export interface ServiceSummary {
  serviceName: string;
  versions: ServiceVersionInfo[];
}
