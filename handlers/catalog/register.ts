// POST /catalog/register (AWS_IAM, validated by CatalogRegisterModel): the template
// `$input.json('$')` hands over the body. Re-registering overwrites, and renews the lease: the
// registrar's scheduled runs are the heartbeat. A body may name an `instance_id` (several
// instances per version, each with weight, zone, metadata and health check settings), and a body
// with `health_report` is the registrar's HTTP check result for an instance (see health.ts).
import { itemFromRegistration, serviceVersionOf, type CatalogItem, type HealthCheckConfig, type RegisterRequest } from './entry.js';
import { recordChange } from './changes.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { badRequest, checkedName, requireString } from './failures.js';
import { applyHealthReport, parseHealthReport, type HealthReportAnswer } from './health.js';

export interface RegisterAnswer {
  service_name: string;
  service_version: string;
  status: string;
  registered_at: number;
  lease_expires_at: number;
  /** Only for named instances, so the series' answer stays as it was. */
  instance_id?: string;
  revision?: number;
}

type RegisterEvent = Partial<Record<keyof RegisterRequest | 'health_report', unknown>>;

/** Attributes only some registrations carry: a re-registration without them removes them. */
const OPTIONAL = ['service_version', 'instance_id', 'weight', 'zone', 'metadata', 'health_url', 'health_check'] as const;

export function createRegisterHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function register(event: RegisterEvent): Promise<RegisterAnswer | HealthReportAnswer> {
    const resolved = get();
    const request = parseRegisterRequest(event);
    if (event.health_report !== undefined) return applyHealthReport(resolved, request, parseHealthReport(event.health_report));
    const item = itemFromRegistration(request, resolved.now(), resolved.lease);
    const { name, version, ...attributes } = item;
    // A partial write, so the HTTP check's verdict on this instance survives its heartbeats.
    const { item: before } = await resolved.store.patch(name, version, { set: attributes, remove: OPTIONAL.filter((field) => !(field in attributes)) });
    const after: CatalogItem = { ...withoutOptional(before), ...item };
    const revision = await recordChange(resolved, before, after);
    return {
      service_name: item.name,
      service_version: serviceVersionOf(item),
      status: item.status,
      registered_at: item.registered_at,
      lease_expires_at: item.lease_expires_at,
      ...(item.instance_id !== undefined ? { instance_id: item.instance_id, revision } : {}),
    };
  };
}

function withoutOptional(item: CatalogItem | undefined): Partial<CatalogItem> {
  if (!item) return {};
  const copy: Partial<CatalogItem> = { ...item };
  for (const field of OPTIONAL) delete copy[field];
  return copy;
}

/** The gateway's validator checks the body first; this guards direct invocations the same way. */
export function parseRegisterRequest(event: RegisterEvent | undefined): RegisterRequest {
  if (!event || typeof event !== 'object') throw badRequest('the body must be a JSON object');
  const ttl = typeof event.ttl === 'string' && event.ttl.trim() !== '' ? Number(event.ttl) : event.ttl;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) throw badRequest('ttl must be a non-negative integer (seconds)');
  const request: RegisterRequest = {
    service_name: checkedName(event.service_name, 'service_name'),
    service_version: checkedName(event.service_version, 'service_version'),
    endpoint_url: requireString(event.endpoint_url, 'endpoint_url'),
    ttl,
    status: requireString(event.status, 'status'),
  };
  if (event.instance_id !== undefined) request.instance_id = checkedName(event.instance_id, 'instance_id');
  if (event.weight !== undefined) {
    if (typeof event.weight !== 'number' || !Number.isFinite(event.weight) || event.weight < 0) throw badRequest('weight must be a non-negative number');
    request.weight = event.weight;
  }
  if (event.zone !== undefined) request.zone = requireString(event.zone, 'zone');
  if (event.health_url !== undefined) request.health_url = requireString(event.health_url, 'health_url');
  if (event.metadata !== undefined) request.metadata = parseMetadata(event.metadata);
  if (event.health_check !== undefined) request.health_check = parseHealthCheck(event.health_check);
  return request;
}

function parseMetadata(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw badRequest('metadata must be an object of string values');
  }
  return value as Record<string, string>;
}

function parseHealthCheck(value: unknown): HealthCheckConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest('health_check must be an object');
  const config: HealthCheckConfig = {};
  for (const field of ['interval_seconds', 'timeout_seconds', 'healthy_threshold', 'unhealthy_threshold'] as const) {
    const n = (value as Record<string, unknown>)[field];
    if (n === undefined) continue;
    const minimum = field === 'interval_seconds' ? 0 : 1;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < minimum) throw badRequest(`health_check.${field} must be an integer of at least ${minimum}`);
    config[field] = n;
  }
  return config;
}

export const handler = createRegisterHandler();
