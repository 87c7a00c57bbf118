// The discovery client: look services up in the catalog (cached for each answer's ttl, stale
// answers served when the catalog fails), register and deregister them with SigV4-signed
// requests, list them, and call them.
import { LookupCache } from './cache.js';
import { CatalogAuthorizationError, CatalogRequestError, CatalogUnavailableError, ServiceCallError, ServiceNotFoundError } from './errors.js';
import { signExecuteApiRequest } from './signer.js';
import type {
  CredentialSource,
  DiscoveryClock,
  FetchFunction,
  LookupResult,
  RegistrationEntry,
  ServiceEndpoint,
  ServiceSummary,
  ServiceVersionInfo,
  SigningCredentials,
} from './types.js';

export interface DiscoveryClientOptions {
  /** Base URL of the catalog API's stage, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/dev`. */
  catalogUrl: string;
  /** Region for signing; default AWS_REGION, then the region in an execute-api host name, then us-east-1. */
  region?: string;
  /** Signing credentials; default the AWS SDK's default provider chain (environment, profile, SSO, IMDS ...). */
  credentials?: CredentialSource;
  /** Default the global fetch. */
  fetch?: FetchFunction;
  /** Default Date.now. */
  clock?: DiscoveryClock;
  /** Per-request timeout against the catalog, ms. Default 5000. */
  timeoutMs?: number;
  /** Serve an expired cached answer when the catalog is unreachable or 5xx. Default true. */
  staleIfError?: boolean;
}

/** Init for `call`: a fetch init plus a path appended to the service's endpoint URL. */
export interface CallInit extends RequestInit {
  path?: string;
}

export interface DiscoveryClient {
  /** The catalog's base URL, without a trailing slash. */
  readonly catalogUrl: string;
  /**
   * Looks a service version up. A fresh cached answer makes no HTTP call; when the catalog fails
   * and an older answer exists, that answer comes back with `stale: true`.
   * @throws ServiceNotFoundError when the catalog answers 404 (not registered, or lease expired).
   * @throws CatalogUnavailableError when the catalog fails and nothing is cached.
   */
  lookup(serviceName: string, serviceVersion: string): Promise<LookupResult>;
  /** Registers (or re-registers, renewing the lease of) a service version. Signed with SigV4. */
  register(entry: RegistrationEntry): Promise<void>;
  /** Removes a service version from the catalog. Signed with SigV4. Succeeds if it was not there. */
  deregister(serviceName: string, serviceVersion: string): Promise<void>;
  /** Every service in the catalog with its versions. */
  services(): Promise<ServiceSummary[]>;
  /** Every version of one service, with its status (an ended lease reads `expired`). */
  versions(serviceName: string): Promise<ServiceVersionInfo[]>;
  /** The highest semantic version that is healthy and within its lease. */
  latest(serviceName: string): Promise<ServiceEndpoint>;
  /** Looks the service up, then fetches its endpoint URL (plus `init.path`) with `init`. */
  call(serviceName: string, serviceVersion: string, init?: CallInit): Promise<Response>;
  /** Forgets every cached answer. */
  clearCache(): void;
}

export function createDiscoveryClient(options: DiscoveryClientOptions): DiscoveryClient {
  const catalogUrl = options.catalogUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(catalogUrl)) {
    throw new TypeError(`catalogUrl must be an http(s) URL, got "${options.catalogUrl}".`);
  }
  const fetchFn: FetchFunction = options.fetch ?? ((input, init) => fetch(input, init));
  const clock = options.clock ?? { now: () => Date.now() };
  const timeoutMs = options.timeoutMs ?? 5000;
  const staleIfError = options.staleIfError ?? true;
  const region = options.region ?? regionFor(catalogUrl);
  const cache = new LookupCache();
  let credentialProvider: (() => Promise<SigningCredentials>) | undefined;

  async function credentials(): Promise<SigningCredentials> {
    const source = options.credentials;
    if (source && typeof source !== 'function') return source;
    if (source) return source();
    if (!credentialProvider) {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      credentialProvider = fromNodeProviderChain();
    }
    return credentialProvider();
  }

  /** One request to the catalog; network failures become CatalogUnavailableError. */
  async function send(method: string, path: string, body?: unknown, signed = false): Promise<{ status: number; json: unknown; text: string }> {
    const url = new URL(catalogUrl + path);
    const text = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { accept: 'application/json' };
    if (text !== undefined) headers['content-type'] = 'application/json';
    if (signed) {
      headers = await signExecuteApiRequest({ method, url, body: text, headers, region, credentials: await credentials() });
      delete headers.host; // fetch sets Host from the URL, the same value that was signed
    }
    let response: Response;
    try {
      response = await fetchFn(url, { method, headers, body: text, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new CatalogUnavailableError(catalogUrl, undefined, describeNetworkError(err), { cause: err });
    }
    const raw = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = raw ? JSON.parse(raw) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text: raw };
  }

  function fail(status: number, json: unknown, text: string): never {
    const detail = messageOf(json) ?? (text.slice(0, 200) || 'no body');
    if (status === 401 || status === 403) throw new CatalogAuthorizationError(catalogUrl, status, detail);
    if (status >= 500) throw new CatalogUnavailableError(catalogUrl, status, `HTTP ${status}: ${detail}`);
    throw new CatalogRequestError(catalogUrl, status, detail);
  }

  const segment = encodeURIComponent;

  const client: DiscoveryClient = {
    catalogUrl,

    async lookup(serviceName, serviceVersion) {
      const now = clock.now();
      const cached = cache.get(serviceName, serviceVersion);
      if (cached && now < cached.freshUntil) return { ...cached.endpoint, cached: true, stale: false, fetchedAt: cached.fetchedAt };
      try {
        const { status, json, text } = await send('GET', `/catalog/${segment(serviceName)}/${segment(serviceVersion)}`);
        if (status === 404) {
          cache.delete(serviceName, serviceVersion);
          throw new ServiceNotFoundError(serviceName, serviceVersion, catalogUrl);
        }
        if (status !== 200) fail(status, json, text);
        const endpoint = endpointFrom(json, serviceName, serviceVersion, catalogUrl);
        const entry = cache.set(endpoint, clock.now());
        return { ...endpoint, cached: false, stale: false, fetchedAt: entry.fetchedAt };
      } catch (err) {
        if (err instanceof CatalogUnavailableError && staleIfError && cached) {
          return { ...cached.endpoint, cached: true, stale: true, fetchedAt: cached.fetchedAt };
        }
        throw err;
      }
    },

    async register(entry) {
      const body = {
        service_name: entry.serviceName,
        service_version: entry.serviceVersion,
        endpoint_url: entry.endpointUrl,
        ttl: entry.ttl,
        status: entry.status,
      };
      const { status, json, text } = await send('POST', '/catalog/register', body, true);
      if (status < 200 || status > 299) fail(status, json, text);
      cache.delete(entry.serviceName, entry.serviceVersion);
    },

    async deregister(serviceName, serviceVersion) {
      const { status, json, text } = await send('POST', '/catalog/deregister', { service_name: serviceName, service_version: serviceVersion }, true);
      if (status < 200 || status > 299) fail(status, json, text);
      cache.delete(serviceName, serviceVersion);
    },

    async services() {
      const { status, json, text } = await send('GET', '/catalog');
      if (status !== 200) fail(status, json, text);
      const services = (json as { services?: unknown[] } | undefined)?.services;
      if (!Array.isArray(services)) throw new CatalogRequestError(catalogUrl, status, 'the listing has no "services" array');
      return services.map((service) => summaryFrom(service));
    },

    async versions(serviceName) {
      const { status, json, text } = await send('GET', `/catalog/${segment(serviceName)}`);
      if (status === 404) throw new ServiceNotFoundError(serviceName, undefined, catalogUrl);
      if (status !== 200) fail(status, json, text);
      return summaryFrom(json).versions;
    },

    async latest(serviceName) {
      const { status, json, text } = await send('GET', `/catalog/${segment(serviceName)}/latest`);
      if (status === 404) throw new ServiceNotFoundError(serviceName, 'latest', catalogUrl);
      if (status !== 200) fail(status, json, text);
      const version = (json as { service_version?: unknown } | undefined)?.service_version;
      return endpointFrom(json, serviceName, typeof version === 'string' ? version : 'latest', catalogUrl);
    },

    async call(serviceName, serviceVersion, init = {}) {
      const found = await client.lookup(serviceName, serviceVersion);
      const { path, ...requestInit } = init;
      const url = joinPath(found.endpointUrl, path);
      try {
        return await fetchFn(url, requestInit);
      } catch (err) {
        throw new ServiceCallError(url, err);
      }
    },

    clearCache: () => cache.clear(),
  };
  return client;
}

function endpointFrom(json: unknown, serviceName: string, serviceVersion: string, catalogUrl: string): ServiceEndpoint {
  const body = (json ?? {}) as Record<string, unknown>;
  const ttl = Number(body.ttl);
  if (typeof body.endpoint_url !== 'string' || !Number.isFinite(ttl) || typeof body.status !== 'string') {
    throw new CatalogRequestError(catalogUrl, 200, `the answer is not a CatalogServiceModel (endpoint_url, ttl, status): ${JSON.stringify(json)?.slice(0, 200)}`);
  }
  return { serviceName, serviceVersion, endpointUrl: body.endpoint_url, ttl, status: body.status };
}

function summaryFrom(json: unknown): ServiceSummary {
  const body = (json ?? {}) as { service_name?: unknown; versions?: unknown };
  const versions = Array.isArray(body.versions) ? body.versions : [];
  return {
    serviceName: String(body.service_name ?? ''),
    versions: versions.map((raw) => {
      const v = raw as Record<string, unknown>;
      return {
        serviceVersion: String(v.service_version ?? ''),
        endpointUrl: String(v.endpoint_url ?? ''),
        ttl: Number(v.ttl ?? 0),
        status: String(v.status ?? ''),
        registeredAt: typeof v.registered_at === 'number' ? v.registered_at : null,
        leaseExpiresAt: typeof v.lease_expires_at === 'number' ? v.lease_expires_at : null,
      };
    }),
  };
}

function messageOf(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const body = json as Record<string, unknown>;
  for (const field of ['error_message', 'message', 'Message', 'errorMessage']) {
    if (typeof body[field] === 'string') return body[field] as string;
  }
  return undefined;
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'timed out';
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** AWS_REGION, else the region in `{id}.execute-api.{region}.amazonaws.com`, else us-east-1. */
function regionFor(catalogUrl: string): string {
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const match = /\.execute-api\.([a-z0-9-]+)\./.exec(new URL(catalogUrl).hostname);
  return match?.[1] ?? 'us-east-1';
}

function joinPath(endpointUrl: string, path: string | undefined): string {
  if (!path) return endpointUrl;
  return `${endpointUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
