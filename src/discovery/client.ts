// The discovery client: look services up in the catalog (cached for each answer's ttl, stale
// answers served when the catalog fails), register and deregister them with SigV4-signed
// requests, list them, follow their changes, and call them: `call` balances over the healthy
// instances of a version and retries the next one on a connection error or 5xx.
import { createBalancer, type BalancingStrategy } from './balancer.js';
import { LookupCache } from './cache.js';
import { callInstances } from './call.js';
import { followService, type FollowedService } from './follow.js';
import { CatalogAuthorizationError, CatalogRequestError, CatalogUnavailableError, ServiceNotFoundError } from './errors.js';
import { signExecuteApiRequest } from './signer.js';
import type {
  CatalogChanges,
  CredentialSource,
  DiscoveryClock,
  FetchFunction,
  HealthReportEntry,
  HealthReportResult,
  InstancesResult,
  LookupResult,
  RegistrationEntry,
  ServiceEndpoint,
  ServiceSummary,
  ServiceVersionInfo,
  SigningCredentials,
} from './types.js';
import { changeFrom, endpointFrom, instanceFrom, registrationBody, summaryFrom } from './wire.js';

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
  /** How `call` picks among healthy instances. Default weighted-random. */
  balancing?: BalancingStrategy;
  /** Further instances `call` tries after the first fails (connection error or 5xx). Default 2. */
  maxRetries?: number;
  /** Default Math.random; inject for a predictable weighted-random order. */
  random?: () => number;
  /** Told when `call` has only unhealthy instances to call. Default process.emitWarning. */
  onWarning?: (message: string) => void;
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
  /** Removes a service version (or one instance of it) from the catalog. Signed with SigV4. Succeeds if it was not there. */
  deregister(serviceName: string, serviceVersion: string, instanceId?: string): Promise<void>;
  /** Every service in the catalog with its versions. */
  services(): Promise<ServiceSummary[]>;
  /** Every version of one service, with its status (an ended lease reads `expired`). */
  versions(serviceName: string): Promise<ServiceVersionInfo[]>;
  /** The highest semantic version that is healthy and within its lease. */
  latest(serviceName: string): Promise<ServiceEndpoint>;
  /**
   * The version's instances with their attributes (`?instances=all`): the healthy ones, or every
   * live one when none is healthy. Cached and served stale like `lookup`. A catalog that predates
   * instances answers the single endpoint, which comes back as one `default` instance.
   */
  instances(serviceName: string, serviceVersion: string): Promise<InstancesResult>;
  /** What changed in one service after catalog revision `since` (0: everything). */
  changes(serviceName: string, since: number): Promise<CatalogChanges>;
  /** A local copy of a service's instances that each `refresh()` brings up to date with only the changes. */
  follow(serviceName: string): FollowedService;
  /** The registrar's HTTP check result for one instance. Signed with SigV4. */
  reportHealth(entry: HealthReportEntry): Promise<HealthReportResult>;
  /**
   * Fetches the endpoint URL (plus `init.path`) of one of the version's healthy instances, chosen by
   * the balancing strategy; on a connection error or 5xx it tries the next instance, up to
   * `maxRetries` more. Unhealthy instances are called only when no other exists, with a warning.
   */
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
  const cache = new LookupCache<ServiceEndpoint>();
  const instanceCache = new LookupCache<Omit<InstancesResult, 'cached' | 'stale' | 'fetchedAt'>>();
  const balancer = createBalancer(options.balancing ?? 'weighted-random', options.random);
  const maxRetries = Math.max(0, options.maxRetries ?? 2);
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'DiscoveryWarning'));
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
      // A kept-alive socket the server closed while idle fails the request before it was sent:
      // a GET is safe to send once more on a fresh connection.
      if (method !== 'GET' || !isClosedSocket(err)) throw new CatalogUnavailableError(catalogUrl, undefined, describeNetworkError(err), { cause: err });
      try {
        response = await fetchFn(url, { method, headers, body: text, signal: AbortSignal.timeout(timeoutMs) });
      } catch (again) {
        throw new CatalogUnavailableError(catalogUrl, undefined, describeNetworkError(again), { cause: again });
      }
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
      if (cached && now < cached.freshUntil) return { ...cached.value, cached: true, stale: false, fetchedAt: cached.fetchedAt };
      try {
        const { status, json, text } = await send('GET', `/catalog/${segment(serviceName)}/${segment(serviceVersion)}`);
        if (status === 404) {
          cache.delete(serviceName, serviceVersion);
          throw new ServiceNotFoundError(serviceName, serviceVersion, catalogUrl);
        }
        if (status !== 200) fail(status, json, text);
        const endpoint = endpointFrom(json, serviceName, serviceVersion, catalogUrl);
        const entry = cache.set(serviceName, serviceVersion, endpoint, endpoint.ttl, clock.now());
        return { ...endpoint, cached: false, stale: false, fetchedAt: entry.fetchedAt };
      } catch (err) {
        if (err instanceof CatalogUnavailableError && staleIfError && cached) {
          return { ...cached.value, cached: true, stale: true, fetchedAt: cached.fetchedAt };
        }
        throw err;
      }
    },

    async instances(serviceName, serviceVersion) {
      const now = clock.now();
      const cached = instanceCache.get(serviceName, serviceVersion);
      if (cached && now < cached.freshUntil) return { ...cached.value, cached: true, stale: false, fetchedAt: cached.fetchedAt };
      try {
        const { status, json, text } = await send('GET', `/catalog/${segment(serviceName)}/${segment(serviceVersion)}?instances=all`);
        if (status === 404) {
          instanceCache.delete(serviceName, serviceVersion);
          throw new ServiceNotFoundError(serviceName, serviceVersion, catalogUrl);
        }
        if (status !== 200) fail(status, json, text);
        const endpoint = endpointFrom(json, serviceName, serviceVersion, catalogUrl);
        const listed = (json as { instances?: unknown; revision?: unknown }).instances;
        const instances = Array.isArray(listed)
          ? listed.map(instanceFrom)
          : [{ instanceId: 'default', endpointUrl: endpoint.endpointUrl, ttl: endpoint.ttl, status: endpoint.status, weight: 1, metadata: {} }];
        const value = { ...endpoint, instances, revision: Number((json as { revision?: unknown }).revision ?? 0) };
        // Fresh for the shortest ttl any instance asks for.
        const ttl = Math.min(endpoint.ttl, ...instances.map((i) => i.ttl));
        const entry = instanceCache.set(serviceName, serviceVersion, value, ttl, clock.now());
        return { ...value, cached: false, stale: false, fetchedAt: entry.fetchedAt };
      } catch (err) {
        if (err instanceof CatalogUnavailableError && staleIfError && cached) {
          return { ...cached.value, cached: true, stale: true, fetchedAt: cached.fetchedAt };
        }
        throw err;
      }
    },

    async changes(serviceName, since) {
      if (!Number.isInteger(since) || since < 0) throw new TypeError(`since must be a catalog revision (a non-negative integer), got ${since}`);
      const { status, json, text } = await send('GET', `/catalog/${segment(serviceName)}?since=${since}`);
      if (status !== 200) fail(status, json, text);
      const body = (json ?? {}) as { service_name?: unknown; since?: unknown; revision?: unknown; changes?: unknown };
      if (!Array.isArray(body.changes)) throw new CatalogRequestError(catalogUrl, status, 'the answer has no "changes" array: the catalog predates ?since=');
      return { serviceName, since: Number(body.since ?? since), revision: Number(body.revision ?? since), changes: body.changes.map(changeFrom) };
    },

    follow: (serviceName) => followService((name, since) => client.changes(name, since), serviceName),

    async reportHealth(entry) {
      const body = {
        ...registrationBody(entry),
        health_report: {
          passed: entry.passed,
          ...(entry.healthyThreshold !== undefined ? { healthy_threshold: entry.healthyThreshold } : {}),
          ...(entry.unhealthyThreshold !== undefined ? { unhealthy_threshold: entry.unhealthyThreshold } : {}),
        },
      };
      const { status, json, text } = await send('POST', '/catalog/register', body, true);
      if (status < 200 || status > 299) fail(status, json, text);
      instanceCache.delete(entry.serviceName, entry.serviceVersion);
      const answer = (json ?? {}) as Record<string, unknown>;
      return {
        checkStatus: (answer.check_status as HealthReportResult['checkStatus']) ?? 'healthy',
        checkSuccesses: Number(answer.check_successes ?? 0),
        checkFailures: Number(answer.check_failures ?? 0),
      };
    },

    async register(entry) {
      const { status, json, text } = await send('POST', '/catalog/register', registrationBody(entry), true);
      if (status < 200 || status > 299) fail(status, json, text);
      cache.delete(entry.serviceName, entry.serviceVersion);
      instanceCache.delete(entry.serviceName, entry.serviceVersion);
    },

    async deregister(serviceName, serviceVersion, instanceId) {
      const body = { service_name: serviceName, service_version: serviceVersion, ...(instanceId !== undefined ? { instance_id: instanceId } : {}) };
      const { status, json, text } = await send('POST', '/catalog/deregister', body, true);
      if (status < 200 || status > 299) fail(status, json, text);
      cache.delete(serviceName, serviceVersion);
      instanceCache.delete(serviceName, serviceVersion);
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
      const found = await client.instances(serviceName, serviceVersion);
      return callInstances({ serviceName, serviceVersion, instances: found.instances, init, balancer, maxRetries, fetchFn, warn });
    },

    clearCache: () => {
      cache.clear();
      instanceCache.clear();
    },
  };
  return client;
}

function messageOf(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const body = json as Record<string, unknown>;
  for (const field of ['error_message', 'message', 'Message', 'errorMessage']) {
    if (typeof body[field] === 'string') return body[field] as string;
  }
  return undefined;
}

function isClosedSocket(err: unknown): boolean {
  const code = err instanceof Error ? (err.cause as { code?: string } | undefined)?.code : undefined;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
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
