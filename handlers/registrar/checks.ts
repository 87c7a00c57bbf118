// The registrar's checks from the outside: an HTTP GET of each instance's health_url (or its
// endpoint_url) of the service version it manages, within a timeout; a 2xx or 3xx answer passes.
// Each result goes to the catalog, which applies the healthy/unhealthy thresholds (the counts live
// on the instance, so a cold registrar carries on). An instance is checked when its interval has
// passed since its last check, so extra runs of the registrar do not count twice.
import type { CatalogChanges, HealthReportEntry, HealthReportResult, InstanceChange } from '../../src/discovery/index.js';

export interface CheckDefaults {
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

/** Passed or not, and why (status code or network error), for the registrar's log. */
export type HttpProbe = (url: string, timeoutMs: number) => Promise<{ passed: boolean; detail: string }>;

export interface CheckDeps {
  defaults: CheckDefaults;
  probe: HttpProbe;
  /** Epoch ms. */
  now: () => number;
}

export interface CatalogHealth {
  changes(serviceName: string, since: number): Promise<CatalogChanges>;
  reportHealth(entry: HealthReportEntry): Promise<HealthReportResult>;
}

export interface CheckOutcome {
  instance_id: string;
  url: string;
  passed: boolean;
  detail: string;
  check_status: HealthReportResult['checkStatus'];
}

export function checkDefaultsFromEnv(env: Record<string, string | undefined>): CheckDefaults {
  const read = (name: string, fallback: number, minimum: number) => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < minimum) throw new Error(`Configuration error: ${name} must be an integer of at least ${minimum}, got "${text}".`);
    return value;
  };
  return {
    intervalSeconds: read('HEALTH_CHECK_INTERVAL_SECONDS', 30, 0),
    timeoutSeconds: read('HEALTH_CHECK_TIMEOUT_SECONDS', 5, 1),
    healthyThreshold: read('HEALTHY_THRESHOLD', 2, 1),
    unhealthyThreshold: read('UNHEALTHY_THRESHOLD', 3, 1),
  };
}

export function fetchProbe(fetchFn: typeof fetch = fetch): HttpProbe {
  return async (url, timeoutMs) => {
    try {
      const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await response.body?.cancel();
      return { passed: response.status >= 200 && response.status < 400, detail: `HTTP ${response.status}` };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      const cause = err instanceof Error ? (err.cause as { code?: string } | undefined)?.code : undefined;
      return { passed: false, detail: name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : cause ?? (err instanceof Error ? err.message : String(err)) };
    }
  };
}

export async function checkInstances(catalog: CatalogHealth, deps: CheckDeps, serviceName: string, serviceVersion: string): Promise<CheckOutcome[]> {
  const { changes } = await catalog.changes(serviceName, 0);
  const nowSeconds = deps.now() / 1000;
  const due = changes.filter((instance) =>
    instance.serviceVersion === serviceVersion
    && instance.status !== 'deregistered'
    && !(instance.leaseExpiresAt !== null && instance.leaseExpiresAt <= nowSeconds)
    && (instance.checkedAt === null || nowSeconds - instance.checkedAt >= settingsFor(instance, deps.defaults).intervalSeconds));
  return Promise.all(due.map((instance) => checkOne(catalog, deps, serviceName, instance)));
}

async function checkOne(catalog: CatalogHealth, deps: CheckDeps, serviceName: string, instance: InstanceChange): Promise<CheckOutcome> {
  const settings = settingsFor(instance, deps.defaults);
  const url = instance.healthUrl ?? instance.endpointUrl;
  const { passed, detail } = await deps.probe(url, settings.timeoutSeconds * 1000);
  const result = await catalog.reportHealth({
    serviceName,
    serviceVersion: instance.serviceVersion,
    ...(instance.instanceId !== 'default' ? { instanceId: instance.instanceId } : {}),
    endpointUrl: instance.endpointUrl,
    ttl: instance.ttl,
    status: instance.status,
    passed,
    healthyThreshold: settings.healthyThreshold,
    unhealthyThreshold: settings.unhealthyThreshold,
  });
  return { instance_id: instance.instanceId, url, passed, detail, check_status: result.checkStatus };
}

/** The instance's own settings over the registrar's defaults. */
function settingsFor(instance: InstanceChange, defaults: CheckDefaults): CheckDefaults {
  return { ...defaults, ...Object.fromEntries(Object.entries(instance.healthCheck ?? {}).filter(([, v]) => v !== undefined)) };
}
