// The registrar agent (Part 4): on its schedule and right after each deploy, it checks the service
// it manages in the control plane and registers it with that status (renewing its lease), or
// deregisters it once every part of it is gone. Registration is a SigV4-signed POST made with the
// function's own credentials. Then it HTTP-checks every instance of that version (checks.ts).
import { createDiscoveryClient } from '../../src/discovery/index.js';
import type { SigningCredentials } from '../../src/discovery/index.js';
import { servicePropertiesFromEnv, type ServiceProperties } from './properties.js';
import { checkDefaultsFromEnv, checkInstances, fetchProbe, type CatalogHealth, type CheckDeps, type CheckOutcome } from './checks.js';
import { assessHealth, sdkControlPlaneProbe, type ControlPlaneProbe, type ServiceHealth } from './status.js';

/** The part of the discovery client the registrar uses. */
export interface CatalogWriter {
  register(entry: { serviceName: string; serviceVersion: string; endpointUrl: string; ttl: number; status: string }): Promise<void>;
  deregister(serviceName: string, serviceVersion: string): Promise<void>;
}

export interface RegistrarDeps {
  properties: ServiceProperties;
  probe: ControlPlaneProbe;
  catalog: CatalogWriter;
  /** The HTTP checks of the version's instances; absent: the series' control-plane check only. */
  checks?: { catalog: CatalogHealth } & CheckDeps;
}

export interface RegistrarReport {
  service_name: string;
  service_version: string;
  status: ServiceHealth;
  action: 'registered' | 'deregistered';
  missing: string[];
  /** The HTTP checks run this time (instances whose interval had not passed are left out). */
  checks?: CheckOutcome[];
  /** Why the checks could not run (the catalog listing or a report failed). */
  checks_error?: string;
}

export function createRegistrarHandler(deps?: () => RegistrarDeps) {
  let resolved: RegistrarDeps | undefined;
  return async function registrar(): Promise<RegistrarReport> {
    const { properties, probe, catalog, checks } = (resolved ??= (deps ?? environmentDeps)());
    const health = await assessHealth(probe, properties.lambda_functions, properties.rest_api_id);
    const base = { service_name: properties.service_name, service_version: properties.service_version, status: health.status, missing: health.missing };
    if (health.status === 'service_removed') {
      await catalog.deregister(properties.service_name, properties.service_version);
      log({ ...base, action: 'deregistered' });
      return { ...base, action: 'deregistered' };
    }
    await catalog.register({
      serviceName: properties.service_name,
      serviceVersion: properties.service_version,
      endpointUrl: properties.endpoint_url,
      ttl: properties.ttl,
      status: health.status,
    });
    let outcomes: CheckOutcome[] | undefined;
    let checksError: string | undefined;
    try {
      outcomes = checks ? await checkInstances(checks.catalog, checks, properties.service_name, properties.service_version) : undefined;
    } catch (err) {
      // The registration above stands; the checks run again next time.
      checksError = err instanceof Error ? err.message : String(err);
    }
    const report: RegistrarReport = { ...base, action: 'registered', ...(outcomes ? { checks: outcomes } : {}), ...(checksError ? { checks_error: checksError } : {}) };
    log(report);
    return report;
  };
}

function environmentDeps(): RegistrarDeps {
  const properties = servicePropertiesFromEnv(process.env);
  const catalog = createDiscoveryClient({ catalogUrl: properties.catalog_url, region: process.env.AWS_REGION, credentials: credentialsFromEnv() });
  return {
    properties,
    probe: sdkControlPlaneProbe(),
    catalog,
    checks: { catalog, defaults: checkDefaultsFromEnv(process.env), probe: fetchProbe(), now: () => Date.now() },
  };
}

/** The Lambda's role credentials, which the runtime puts in the environment (read on every call: they rotate). */
function credentialsFromEnv(): (() => Promise<SigningCredentials>) | undefined {
  if (!process.env.AWS_ACCESS_KEY_ID) return undefined; // the client falls back to the default provider chain
  return async () => ({
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    sessionToken: process.env.AWS_SESSION_TOKEN || undefined,
  });
}

function log(report: RegistrarReport): void {
  console.log(JSON.stringify({ registrar: report }));
}

export const handler = createRegistrarHandler();
