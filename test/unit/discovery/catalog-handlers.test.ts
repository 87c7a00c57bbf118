// The catalog handlers against a real table (dynalite in the local cloud), with an injected clock.
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeregisterHandler } from '../../../handlers/catalog/deregister.js';
import type { CatalogDeps } from '../../../handlers/catalog/deps.js';
import { createLatestHandler } from '../../../handlers/catalog/latest.js';
import { createListHandler } from '../../../handlers/catalog/list.js';
import { createLookupHandler } from '../../../handlers/catalog/lookup.js';
import { createRegisterHandler } from '../../../handlers/catalog/register.js';
import { dynamoCatalogStore } from '../../../handlers/catalog/store.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

let cloud: TestCloud;
let table = 0;
let deps: CatalogDeps;
let nowMs: number;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.dispose();
});

beforeEach(async () => {
  const name = `catalog-${++table}`;
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  await dynamodb.send(new CreateTableCommand({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }, { AttributeName: 'version', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  // A new table is CREATING for a moment; writes before ACTIVE fail with ResourceNotFoundException.
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  nowMs = T0;
  deps = { store: dynamoCatalogStore(name, cloud.clientConfig), now: () => nowMs, lease: { leaseSeconds: 180, purgeAfterSeconds: 3600 } };
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  service_name: 'hello_world', service_version: '1.0', endpoint_url: 'https://example.test/dev/hello', ttl: 300, status: 'healthy', ...overrides,
});

describe('register and lookup', () => {
  it('stores the entry with its lease and answers CatalogServiceModel', async () => {
    const answer = await createRegisterHandler(deps)(entry());
    expect(answer).toMatchObject({ service_name: 'hello_world', registered_at: T0 / 1000, lease_expires_at: T0 / 1000 + 180 });
    const item = await deps.store.get('hello_world', '1.0');
    expect(item).toMatchObject({ purge_at: T0 / 1000 + 180 + 3600, ttl: 300 });
    expect(await createLookupHandler(deps)({ service_name: 'hello_world', service_version: '1.0' }))
      .toEqual({ endpoint_url: 'https://example.test/dev/hello', ttl: 300, status: 'healthy' });
  });

  it('fails with NotFound for a service that is not registered', async () => {
    await expect(createLookupHandler(deps)({ service_name: 'nope', service_version: '1.0' })).rejects.toThrow(/NotFound/);
  });

  it('re-registering overwrites and renews the lease', async () => {
    await createRegisterHandler(deps)(entry());
    nowMs = T0 + 120_000;
    await createRegisterHandler(deps)(entry({ status: 'unhealthy', endpoint_url: 'https://other.test/hello' }));
    const item = await deps.store.get('hello_world', '1.0');
    expect(item).toMatchObject({ status: 'unhealthy', endpoint_url: 'https://other.test/hello', lease_expires_at: T0 / 1000 + 120 + 180 });
  });

  it('hides an entry once its lease has ended, and shows it as expired in the listing', async () => {
    await createRegisterHandler(deps)(entry());
    nowMs = T0 + 179_000;
    await expect(createLookupHandler(deps)({ service_name: 'hello_world', service_version: '1.0' })).resolves.toMatchObject({ status: 'healthy' });
    nowMs = T0 + 180_000;
    await expect(createLookupHandler(deps)({ service_name: 'hello_world', service_version: '1.0' })).rejects.toThrow(/NotFound.*lease/);
    const listed = await createListHandler(deps)({ service_name: 'hello_world' });
    expect(listed).toMatchObject({ service_name: 'hello_world', versions: [{ service_version: '1.0', status: 'expired' }] });
  });

  it('rejects a malformed registration with BadRequest, storing nothing', async () => {
    await expect(createRegisterHandler(deps)(entry({ ttl: 'soon' }))).rejects.toThrow(/BadRequest: ttl/);
    await expect(createRegisterHandler(deps)(entry({ endpoint_url: undefined }))).rejects.toThrow(/BadRequest: endpoint_url/);
    expect(await deps.store.all()).toEqual([]);
  });
});

describe('deregister', () => {
  it('deletes the entry so lookup fails with NotFound, and repeating it succeeds', async () => {
    await createRegisterHandler(deps)(entry());
    const deregister = createDeregisterHandler(deps);
    expect(await deregister({ service_name: 'hello_world', service_version: '1.0' })).toMatchObject({ status: 'deregistered' });
    await expect(createLookupHandler(deps)({ service_name: 'hello_world', service_version: '1.0' })).rejects.toThrow(/NotFound/);
    await expect(deregister({ service_name: 'hello_world', service_version: '1.0' })).resolves.toMatchObject({ status: 'deregistered' });
  });
});

describe('listing and latest', () => {
  beforeEach(async () => {
    const register = createRegisterHandler(deps);
    for (const [version, status] of [['1.0', 'healthy'], ['1.10', 'healthy'], ['1.9', 'healthy'], ['2.0.0-beta', 'healthy'], ['3.0', 'unhealthy']]) {
      await register(entry({ service_version: version, status, endpoint_url: `https://example.test/${version}` }));
    }
    await register(entry({ service_name: 'billing', service_version: '0.1' }));
  });

  it('lists every service with versions in semantic order', async () => {
    const all = await createListHandler(deps)({ service_name: '' });
    expect(all).toMatchObject({ services: [{ service_name: 'billing' }, { service_name: 'hello_world' }] });
    const hello = (all as { services: { versions: { service_version: string }[] }[] }).services[1]!;
    expect(hello.versions.map((v) => v.service_version)).toEqual(['1.0', '1.9', '1.10', '2.0.0-beta', '3.0']);
  });

  it('fails with NotFound when listing an unknown service', async () => {
    await expect(createListHandler(deps)({ service_name: 'ghost' })).rejects.toThrow(/NotFound/);
  });

  it('latest is the highest healthy version within its lease', async () => {
    const latest = createLatestHandler(deps);
    expect(await latest({ service_name: 'hello_world' })).toMatchObject({ service_version: '2.0.0-beta', endpoint_url: 'https://example.test/2.0.0-beta' });
    await createDeregisterHandler(deps)({ service_name: 'hello_world', service_version: '2.0.0-beta' });
    expect(await latest({ service_name: 'hello_world' })).toMatchObject({ service_version: '1.10' });
    nowMs = T0 + 3600_000; // every lease has ended
    await expect(latest({ service_name: 'hello_world' })).rejects.toThrow(/NotFound/);
  });
});
