// The console's catalog view reads the discovery catalog's items as the catalog handlers do: the
// status a lookup would see (tombstone, then lease, then the HTTP check), the lease left on the
// injected clock, named instances, and never the revision counter's item.
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../../src/local/context.js';
import type { CatalogView, TableView } from '../../../src/local/console/views.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const NOW_S = 1_800_000_000;
const clock: Clock = { now: () => NOW_S * 1000, sleep: systemClock.sleep };
let cloud: TestCloud;

const entry = (name: string, version: string, status: string, leaseIn: number, extra: Record<string, { S: string } | { N: string }> = {}) => ({
  PutRequest: {
    Item: {
      name: { S: name }, version: { S: version }, status: { S: status }, endpoint_url: { S: `https://${name}.example` }, ttl: { N: '300' },
      registered_at: { N: String(NOW_S - 60) }, lease_expires_at: { N: String(NOW_S + leaseIn) }, purge_at: { N: String(NOW_S + 3600) }, ...extra,
    },
  },
});

beforeAll(async () => {
  cloud = await startTestCloud({ clock });
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  await dynamodb.send(new CreateTableCommand({
    TableName: 'discovery-dev-catalog', BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }, { AttributeName: 'version', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }],
  }));
  await dynamodb.send(new CreateTableCommand({
    TableName: 'other', BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
  }));
  await dynamodb.send(new BatchWriteItemCommand({
    RequestItems: {
      'discovery-dev-catalog': [
        entry('hello_world', '1.0', 'healthy', 100, { revision: { N: '3' } }),
        entry('billing', '2.0', 'healthy', -10),
        entry('orders', '1.0\u001fb', 'healthy', 50, { service_version: { S: '1.0' }, instance_id: { S: 'b' }, check_status: { S: 'unhealthy' } }),
        entry('gone', '1.0', 'deregistered', -100),
        { PutRequest: { Item: { name: { S: '\u0000catalog' }, version: { S: 'revision' }, value: { N: '3' } } } },
      ],
    },
  }));
});

afterAll(async () => {
  await cloud?.dispose();
});

const get = async <T>(path: string) => (await (await fetch(`${cloud.url}/_local/console/api/${path}`)).json()) as T;

describe('console catalog', () => {
  it('knows the catalog table by its key schema', async () => {
    const tables = await get<TableView[]>('tables');
    expect(tables.map((t) => [t.name, t.catalog])).toEqual([['discovery-dev-catalog', true], ['other', false]]);
  });

  it('tells each instance\'s effective status and lease, without the revision counter', async () => {
    const [catalog, ...others] = await get<CatalogView[]>('catalog');
    expect(others).toEqual([]);
    expect(catalog!.table).toBe('discovery-dev-catalog');
    expect(catalog!.entries.map((e) => [e.service, e.version, e.instance, e.status, e.effectiveStatus, e.leaseSecondsLeft])).toEqual([
      ['billing', '2.0', 'default', 'healthy', 'expired', -10],
      ['gone', '1.0', 'default', 'deregistered', 'deregistered', -100],
      ['hello_world', '1.0', 'default', 'healthy', 'healthy', 100],
      ['orders', '1.0', 'b', 'healthy', 'unhealthy', 50],
    ]);
    expect(catalog!.entries.find((e) => e.service === 'hello_world')).toMatchObject({ endpointUrl: 'https://hello_world.example', ttl: 300, revision: 3, registeredAt: NOW_S - 60 });
  });
});
