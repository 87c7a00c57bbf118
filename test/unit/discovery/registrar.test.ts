// The registrar with injected control-plane and catalog seams: the status rules of Part 4.
import { describe, expect, it } from 'vitest';
import { createRegistrarHandler, type CatalogWriter } from '../../../handlers/registrar/index.js';
import { servicePropertiesFromEnv, type ServiceProperties } from '../../../handlers/registrar/properties.js';
import type { ControlPlaneProbe } from '../../../handlers/registrar/status.js';

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
