// The registrar with injected control-plane and catalog seams: the status rules of Part 4.
import { describe, expect, it } from 'vitest';
import { createRegistrarHandler, type CatalogWriter } from '../../../handlers/registrar/index.js';
import { servicePropertiesFromEnv, type ServiceProperties } from '../../../handlers/registrar/properties.js';
import type { ControlPlaneProbe } from '../../../handlers/registrar/status.js';
import type { HealthReportEntry, InstanceChange } from '../../../src/discovery/index.js';

const properties: ServiceProperties = {
  service_name: 'hello_world',
  service_version: '1.0',
  lambda_functions: ['discovery-dev-hello_world'],
  rest_api_id: 'abc123',
  endpoint_url: 'https://abc123.execute-api.us-east-1.amazonaws.com/dev/hello',
  ttl: 300,
  catalog_url: 'https://cat.example/dev',
};

function world(functions: string[], apis: string[]) {
  const calls: string[] = [];
  const probe: ControlPlaneProbe = {
    functionExists: async (name) => functions.includes(name),
    restApiExists: async (id) => apis.includes(id),
  };
  const catalog: CatalogWriter = {
    register: async (entry) => void calls.push(`register ${entry.serviceName} ${entry.serviceVersion} ${entry.status} ${entry.endpointUrl} ${entry.ttl}`),
    deregister: async (name, version) => void calls.push(`deregister ${name} ${version}`),
  };
  return { calls, run: createRegistrarHandler(() => ({ properties, probe, catalog })) };
}

describe('registrar', () => {
  it('registers the service as healthy when its function and API exist', async () => {
    const { calls, run } = world(['discovery-dev-hello_world'], ['abc123']);
    expect(await run()).toMatchObject({ status: 'healthy', action: 'registered', missing: [] });
    expect(calls).toEqual([`register hello_world 1.0 healthy ${properties.endpoint_url} 300`]);
  });

  it('registers it as unhealthy when the function is gone but the API is not', async () => {
    const { calls, run } = world([], ['abc123']);
    expect(await run()).toMatchObject({ status: 'unhealthy', missing: ['function:discovery-dev-hello_world'] });
    expect(calls[0]).toMatch(/^register hello_world 1.0 unhealthy/);
  });

  it('deregisters it when every part is gone', async () => {
    const { calls, run } = world([], []);
    expect(await run()).toMatchObject({ status: 'service_removed', action: 'deregistered' });
    expect(calls).toEqual(['deregister hello_world 1.0']);
  });

  it('fails without touching the catalog when the control plane errors (not a missing resource)', async () => {
    const calls: string[] = [];
    const run = createRegistrarHandler(() => ({
      properties,
      probe: { functionExists: async () => { throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }); }, restApiExists: async () => true },
      catalog: { register: async () => void calls.push('register'), deregister: async () => void calls.push('deregister') },
    }));
    await expect(run()).rejects.toThrow('Rate exceeded');
    expect(calls).toEqual([]);
  });
});

describe('servicePropertiesFromEnv', () => {
  it('reads single variables, which win over SERVICE_PROPERTIES', () => {
    const props = servicePropertiesFromEnv({
      SERVICE_PROPERTIES: JSON.stringify({ service_name: 'x', service_version: '2.0', lambda_functions: ['a', 'b'], endpoint_url: 'https://e/x', ttl: 60, catalog_url: 'https://c' }),
      SERVICE_NAME: 'hello_world',
      LAMBDA_FUNCTIONS: 'f1, f2',
    });
    expect(props).toEqual({ service_name: 'hello_world', service_version: '2.0', lambda_functions: ['f1', 'f2'], rest_api_id: '', endpoint_url: 'https://e/x', ttl: 60, catalog_url: 'https://c' });
  });

  it('names the missing property and the variable to set', () => {
    expect(() => servicePropertiesFromEnv({ SERVICE_NAME: 'a', SERVICE_VERSION: '1', ENDPOINT_URL: 'u' })).toThrow(/catalog_url \(variable CATALOG_URL/);
    expect(() => servicePropertiesFromEnv({ SERVICE_PROPERTIES: '{oops' })).toThrow(/SERVICE_PROPERTIES is not valid JSON/);
  });
});

describe('registrar HTTP checks', () => {
  const instance = (id: string, extra: Partial<InstanceChange> = {}): InstanceChange => ({
    serviceVersion: '1.0', instanceId: id, endpointUrl: `https://${id}.example/hello`, ttl: 30, status: 'healthy', weight: 1, metadata: {},
    leaseExpiresAt: 2_000_000_000, revision: 1, checkedAt: null, ...extra,
  });

  function checkedWorld(instances: InstanceChange[], failing: string[]) {
    let nowMs = 1_700_000_000_000;
    const probed: string[] = [];
    const reports: HealthReportEntry[] = [];
    const catalog = {
      register: async () => {},
      deregister: async () => {},
      changes: async (serviceName: string, since: number) => ({ serviceName, since, revision: 9, changes: instances }),
      reportHealth: async (entry: HealthReportEntry) => {
        reports.push(entry);
        const item = instances.find((i) => i.instanceId === (entry.instanceId ?? 'default'))!;
        item.checkedAt = nowMs / 1000;
        return { checkStatus: entry.passed ? 'healthy' as const : 'unhealthy' as const, checkSuccesses: 0, checkFailures: 0 };
      },
    };
    const run = createRegistrarHandler(() => ({
      properties,
      probe: { functionExists: async () => true, restApiExists: async () => true },
      catalog,
      checks: {
        catalog,
        defaults: { intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
        probe: async (url, timeoutMs) => {
          probed.push(`${url} ${timeoutMs}`);
          return failing.some((f) => url.includes(f)) ? { passed: false, detail: 'HTTP 500' } : { passed: true, detail: 'HTTP 200' };
        },
        now: () => nowMs,
      },
    }));
    return { run, probed, reports, advance: (ms: number) => void (nowMs += ms) };
  }

  it('checks each live instance of its version at its health_url (else endpoint_url) and reports the result with the thresholds', async () => {
    const world = checkedWorld([
      instance('default', { endpointUrl: properties.endpoint_url }),
      instance('west', { healthUrl: 'https://west.example/health', healthCheck: { timeoutSeconds: 2, unhealthyThreshold: 1 } }),
      instance('old', { serviceVersion: '0.9' }),
      instance('gone', { status: 'deregistered' }),
      instance('lapsed', { leaseExpiresAt: 1_600_000_000 }),
    ], ['west']);
    const report = await world.run();
    expect(world.probed.sort()).toEqual([`${properties.endpoint_url} 5000`, 'https://west.example/health 2000']);
    expect(report.checks).toEqual(expect.arrayContaining([
      { instance_id: 'west', url: 'https://west.example/health', passed: false, detail: 'HTTP 500', check_status: 'unhealthy' },
    ]));
    const west = world.reports.find((r) => r.instanceId === 'west')!;
    expect(west).toMatchObject({ serviceName: 'hello_world', serviceVersion: '1.0', passed: false, healthyThreshold: 2, unhealthyThreshold: 1 });
    expect(world.reports.find((r) => r.instanceId === undefined)).toMatchObject({ passed: true, endpointUrl: properties.endpoint_url });
  });

  it('waits out the interval between checks of one instance', async () => {
    const world = checkedWorld([instance('east')], []);
    await world.run();
    world.advance(29_000);
    expect((await world.run()).checks).toEqual([]);
    world.advance(1_000);
    expect((await world.run()).checks).toHaveLength(1);
    expect(world.probed).toHaveLength(2);
  });
});
