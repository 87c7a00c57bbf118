// The catalog's snake_case answers mapped to the client's shapes, and the other way for bodies.
import { CatalogRequestError } from './errors.js';
import type { HealthCheckSettings, InstanceChange, RegistrationEntry, ServiceEndpoint, ServiceInstance, ServiceSummary } from './types.js';

export function endpointFrom(json: unknown, serviceName: string, serviceVersion: string, catalogUrl: string): ServiceEndpoint {
  const body = (json ?? {}) as Record<string, unknown>;
  const ttl = Number(body.ttl);
  if (typeof body.endpoint_url !== 'string' || !Number.isFinite(ttl) || typeof body.status !== 'string') {
    throw new CatalogRequestError(catalogUrl, 200, `the answer is not a CatalogServiceModel (endpoint_url, ttl, status): ${JSON.stringify(json)?.slice(0, 200)}`);
  }
  return { serviceName, serviceVersion, endpointUrl: body.endpoint_url, ttl, status: body.status };
}

export function instanceFrom(raw: unknown): ServiceInstance {
  const v = (raw ?? {}) as Record<string, unknown>;
  return {
    instanceId: String(v.instance_id ?? 'default'),
    endpointUrl: String(v.endpoint_url ?? ''),
    ttl: Number(v.ttl ?? 0),
    status: String(v.status ?? ''),
    weight: v.weight === undefined ? 1 : Number(v.weight),
    ...(typeof v.zone === 'string' ? { zone: v.zone } : {}),
    metadata: (v.metadata && typeof v.metadata === 'object' ? v.metadata : {}) as Record<string, string>,
    ...(typeof v.health_url === 'string' ? { healthUrl: v.health_url } : {}),
  };
}

export function changeFrom(raw: unknown): InstanceChange {
  const v = (raw ?? {}) as Record<string, unknown>;
  const check = v.health_check as Record<string, number> | undefined;
  return {
    serviceVersion: String(v.service_version ?? ''),
    ...instanceFrom(raw),
    leaseExpiresAt: typeof v.lease_expires_at === 'number' ? v.lease_expires_at : null,
    revision: Number(v.revision ?? 0),
    checkedAt: typeof v.checked_at === 'number' ? v.checked_at : null,
    ...(check ? { healthCheck: healthCheckFrom(check) } : {}),
  };
}

function healthCheckFrom(check: Record<string, number>): HealthCheckSettings {
  const out: HealthCheckSettings = {};
  if (check.interval_seconds !== undefined) out.intervalSeconds = check.interval_seconds;
  if (check.timeout_seconds !== undefined) out.timeoutSeconds = check.timeout_seconds;
  if (check.healthy_threshold !== undefined) out.healthyThreshold = check.healthy_threshold;
  if (check.unhealthy_threshold !== undefined) out.unhealthyThreshold = check.unhealthy_threshold;
  return out;
}

/** The series' five fields first, in its order; instance attributes only when given. */
export function registrationBody(entry: RegistrationEntry): Record<string, unknown> {
  const body: Record<string, unknown> = {
    service_name: entry.serviceName,
    service_version: entry.serviceVersion,
    endpoint_url: entry.endpointUrl,
    ttl: entry.ttl,
    status: entry.status,
  };
  if (entry.instanceId !== undefined) body.instance_id = entry.instanceId;
  if (entry.weight !== undefined) body.weight = entry.weight;
  if (entry.zone !== undefined) body.zone = entry.zone;
  if (entry.metadata !== undefined) body.metadata = entry.metadata;
  if (entry.healthUrl !== undefined) body.health_url = entry.healthUrl;
  if (entry.healthCheck !== undefined) {
    const c = entry.healthCheck;
    body.health_check = {
      ...(c.intervalSeconds !== undefined ? { interval_seconds: c.intervalSeconds } : {}),
      ...(c.timeoutSeconds !== undefined ? { timeout_seconds: c.timeoutSeconds } : {}),
      ...(c.healthyThreshold !== undefined ? { healthy_threshold: c.healthyThreshold } : {}),
      ...(c.unhealthyThreshold !== undefined ? { unhealthy_threshold: c.unhealthyThreshold } : {}),
    };
  }
  return body;
}

export function summaryFrom(json: unknown): ServiceSummary {
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
