// Instances, outside health checks with thresholds, revisions and status-change events: the catalog
// handlers against a real table (dynalite in the local cloud), with an injected clock.
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeregisterHandler } from '../../../handlers/catalog/deregister.js';
import type { CatalogDeps } from '../../../handlers/catalog/deps.js';
import { createLatestHandler } from '../../../handlers/catalog/latest.js';
import { createListHandler } from '../../../handlers/catalog/list.js';
import { createLookupHandler } from '../../../handlers/catalog/lookup.js';
import { recordingEvents } from '../../../handlers/catalog/notify.js';
import { createRegisterHandler } from '../../../handlers/catalog/register.js';
import { dynamoCatalogStore } from '../../../handlers/catalog/store.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

let cloud: TestCloud;
let table = 0;
let deps: CatalogDeps;
let events: ReturnType<typeof recordingEvents>;
let nowMs: number;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.dispose();
});

beforeEach(async () => {
  const name = `instances-${++table}`;
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  await dynamodb.send(new CreateTableCommand({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }, { AttributeName: 'version', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  nowMs = T0;
  events = recordingEvents();
  deps = { store: dynamoCatalogStore(name, cloud.clientConfig), now: () => nowMs, lease: { leaseSeconds: 180, purgeAfterSeconds: 3600 }, events };
});

const series = { service_name: 'hello_world', service_version: '1.0', endpoint_url: 'https://example.test/dev/hello', ttl: 300, status: 'healthy' };
const instance = (id: string, overrides: Record<string, unknown> = {}) => ({
  ...series, instance_id: id, endpoint_url: `https://${id}.example.test/hello`, ttl: 30, ...overrides,
});
const lookup = (instances = '') => createLookupHandler(deps)({ service_name: 'hello_world', service_version: '1.0', instances });
const report = (id: string | undefined, passed: boolean) =>
  createRegisterHandler(deps)({ ...(id ? instance(id) : series), health_report: { passed, healthy_threshold: 2, unhealthy_threshold: 3 } });

describe('instances', () => {
  it('keeps the series answer for the default instance, and lists every healthy instance with its attributes on ?instances=all', async () => {
    const register = createRegisterHandler(deps);
    expect(await register(series)).toEqual({ service_name: 'hello_world', service_version: '1.0', status: 'healthy', registered_at: T0 / 1000, lease_expires_at: T0 / 1000 + 180 });
    await register(instance('east', { weight: 3, zone: 'us-east-1a', metadata: { build: '42' } }));
    await register(instance('west', { status: 'unhealthy' }));
    expect(await lookup()).toEqual({ endpoint_url: 'https://example.test/dev/hello', ttl: 300, status: 'healthy' });
    const all = await lookup('all') as { instances: unknown[]; revision: number };
    expect(all.instances).toEqual([
      { instance_id: 'default', endpoint_url: 'https://example.test/dev/hello', ttl: 300, status: 'healthy', weight: 1, metadata: {} },
      { instance_id: 'east', endpoint_url: 'https://east.example.test/hello', ttl: 30, status: 'healthy', weight: 3, zone: 'us-east-1a', metadata: { build: '42' } },
    ]);
    expect(all.revision).toBe(3);
    // The listing still shows one row per version.
    expect(await createListHandler(deps)({ service_name: 'hello_world' })).toMatchObject({ versions: [{ service_version: '1.0', endpoint_url: 'https://example.test/dev/hello' }] });
  });

  it('answers every live instance, saying they are unhealthy, when none is healthy (HEALTHY_OR_ELSE_ALL)', async () => {
    await createRegisterHandler(deps)(instance('west', { status: 'unhealthy' }));
    const all = await lookup('all') as { status: string; instances: { instance_id: string; status: string }[] };
    expect(all.status).toBe('unhealthy');
    expect(all.instances).toEqual([expect.objectContaining({ instance_id: 'west', status: 'unhealthy' })]);
    // No default instance: the series answer is a named one.
    expect(await lookup()).toEqual({ endpoint_url: 'https://west.example.test/hello', ttl: 30, status: 'unhealthy' });
  });

  it('deregistering one instance leaves the others, and the series lookup falls back to a named one', async () => {
    const register = createRegisterHandler(deps);
    await register(series);
    await register(instance('east'));
    await createDeregisterHandler(deps)({ service_name: 'hello_world', service_version: '1.0', instance_id: 'east' });
    expect((await lookup('all') as { instances: { instance_id: string }[] }).instances.map((i) => i.instance_id)).toEqual(['default']);
    await register(instance('east'));
    await createDeregisterHandler(deps)({ service_name: 'hello_world', service_version: '1.0' });
    expect(await lookup()).toEqual({ endpoint_url: 'https://east.example.test/hello', ttl: 30, status: 'healthy' });
    expect(await createLatestHandler(deps)({ service_name: 'hello_world' })).toMatchObject({ service_version: '1.0', endpoint_url: 'https://east.example.test/hello' });
  });

  it('refuses an instance id or version with control characters (the key separator)', async () => {
    await expect(createRegisterHandler(deps)(instance('a\u001fb'))).rejects.toThrow(/BadRequest: instance_id/);
    await expect(createRegisterHandler(deps)({ ...series, service_version: '1.0\u001fx' })).rejects.toThrow(/BadRequest: service_version/);
    await expect(createRegisterHandler(deps)(instance('a', { weight: -1 }))).rejects.toThrow(/BadRequest: weight/);
  });
});

describe('outside health checks', () => {
  it('turns an instance unhealthy after the unhealthy threshold, healthy again after the healthy threshold, and the heartbeat does not undo it', async () => {
    const register = createRegisterHandler(deps);
    await register(series);
    await register(instance('west'));
    expect(await report('west', false)).toMatchObject({ check_status: 'healthy', check_failures: 1 });
    expect(await report('west', false)).toMatchObject({ check_status: 'healthy', check_failures: 2 });
    expect(await report('west', true)).toMatchObject({ check_status: 'healthy', check_failures: 0, check_successes: 1 }); // the count restarts
    for (let i = 0; i < 2; i++) await report('west', false);
    expect(await report('west', false)).toMatchObject({ check_status: 'unhealthy', check_failures: 3 });
    await register(instance('west')); // its own heartbeat still says healthy
    expect((await lookup('all') as { instances: { instance_id: string }[] }).instances.map((i) => i.instance_id)).toEqual(['default']);
    expect(await report('west', true)).toMatchObject({ check_status: 'unhealthy' });
    expect(await report('west', true)).toMatchObject({ check_status: 'healthy' });
    expect((await lookup('all') as { instances: { instance_id: string }[] }).instances.map((i) => i.instance_id)).toEqual(['default', 'west']);
  });

  it('writes nothing for an instance that is not registered', async () => {
    expect(await report('ghost', false)).toMatchObject({ check_status: 'not_registered' });
    expect(await deps.store.all()).toEqual([]);
  });
});

describe('revisions and events', () => {
  it('a client holding revision R gets only the changes after R, deregistrations included', async () => {
    const register = createRegisterHandler(deps);
    await register(series);
    await register(instance('east'));
    const list = createListHandler(deps);
    const first = await list({ service_name: 'hello_world', since: '0' }) as { revision: number; changes: { instance_id: string }[] };
    expect(first.changes.map((c) => c.instance_id)).toEqual(['default', 'east']);
    const r = first.revision;
    nowMs += 60_000;
    await register(series); // a heartbeat: nothing a client cares about changed
    await register(instance('west'));
    await createDeregisterHandler(deps)({ service_name: 'hello_world', service_version: '1.0', instance_id: 'east' });
    const next = await list({ service_name: 'hello_world', since: String(r) }) as { since: number; revision: number; changes: { instance_id: string; status: string; revision: number }[] };
    expect(next.changes.map((c) => `${c.instance_id} ${c.status}`)).toEqual(['west healthy', 'east deregistered']);
    expect(next.changes.every((c) => c.revision > r)).toBe(true);
    expect(next.revision).toBe(Math.max(...next.changes.map((c) => c.revision)));
    expect(await list({ service_name: 'hello_world', since: String(next.revision) })).toMatchObject({ revision: next.revision, changes: [] });
    await expect(list({ service_name: 'hello_world', since: 'yesterday' })).rejects.toThrow(/BadRequest: since/);
  });

  it('announces every status change with service, version, instance, old and new status', async () => {
    const register = createRegisterHandler(deps);
    await register(instance('west'));
    await register(instance('west')); // no change, no event
    for (let i = 0; i < 3; i++) await report('west', false);
    await createDeregisterHandler(deps)({ service_name: 'hello_world', service_version: '1.0', instance_id: 'west' });
    expect(events.changes.map(({ service, version, instance: id, old_status, new_status }) => ({ service, version, instance: id, old_status, new_status }))).toEqual([
      { service: 'hello_world', version: '1.0', instance: 'west', old_status: null, new_status: 'healthy' },
      { service: 'hello_world', version: '1.0', instance: 'west', old_status: 'healthy', new_status: 'unhealthy' },
      { service: 'hello_world', version: '1.0', instance: 'west', old_status: 'unhealthy', new_status: 'deregistered' },
    ]);
    const revisions = events.changes.map((c) => c.revision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
  });
});
