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

/** What `register` sends. */
export interface RegistrationEntry {
  serviceName: string;
  serviceVersion: string;
  endpointUrl: string;
  ttl: number;
  status: string;
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
