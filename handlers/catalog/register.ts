// POST /catalog/register (AWS_IAM, validated by CatalogRegisterModel): the template
// `$input.json('$')` hands over the body. Re-registering overwrites, and renews the lease: the
// registrar's scheduled runs are the heartbeat.
import { itemFromRegistration, type RegisterRequest } from './entry.js';
import { resolveDeps, type CatalogDeps } from './deps.js';
import { badRequest, requireString } from './failures.js';

export interface RegisterAnswer {
  service_name: string;
  service_version: string;
  status: string;
  registered_at: number;
  lease_expires_at: number;
}

export function createRegisterHandler(deps?: CatalogDeps) {
  const get = resolveDeps(deps);
  return async function register(event: Partial<Record<keyof RegisterRequest, unknown>>): Promise<RegisterAnswer> {
    const { store, now, lease } = get();
    const request = parseRegisterRequest(event);
    const item = itemFromRegistration(request, now(), lease);
    await store.put(item);
    return {
      service_name: item.name,
      service_version: item.version,
      status: item.status,
      registered_at: item.registered_at,
      lease_expires_at: item.lease_expires_at,
    };
  };
}

/** The gateway's validator checks the body first; this guards direct invocations the same way. */
export function parseRegisterRequest(event: Partial<Record<keyof RegisterRequest, unknown>> | undefined): RegisterRequest {
  if (!event || typeof event !== 'object') throw badRequest('the body must be a JSON object');
  const ttl = typeof event.ttl === 'string' && event.ttl.trim() !== '' ? Number(event.ttl) : event.ttl;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) throw badRequest('ttl must be a non-negative integer (seconds)');
  return {
    service_name: requireString(event.service_name, 'service_name'),
    service_version: requireString(event.service_version, 'service_version'),
    endpoint_url: requireString(event.endpoint_url, 'endpoint_url'),
    ttl,
    status: requireString(event.status, 'status'),
  };
}

export const handler = createRegisterHandler();
