// The console's JSON endpoints on a real local cloud, as its page calls them: an API made with the
// SDK (a MOCK method behind an API key and a usage plan) answered through the request form's
// endpoint and counted as usage; a table browsed, queried, written and emptied; the page's headers.
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand, GetResourcesCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiView, ItemsPage, KeysView, SentAnswer, TableView } from '../../../src/local/console/views.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

let cloud: TestCloud;
let apiId: string;
let keyValue: string;

/** As the console's page sends them: same origin, JSON. */
async function consoleCall<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${cloud.url}/_local/console/api/${path}`, {
    method,
    headers: { 'sec-fetch-site': 'same-origin', ...(method === 'GET' ? {} : { origin: cloud.url, 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** fetch() may not set Host; node:http may. */
function statusWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${cloud.url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  cloud = await startTestCloud();
  const apigw = new APIGatewayClient(cloud.clientConfig);
  const api = await apigw.send(new CreateRestApiCommand({ name: 'console-mock' }));
  apiId = api.id!;
  const root = (await apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === '/')!;
  const pets = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: root.id!, pathPart: 'pets' }));
  await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true }));
  await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await apigw.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'GET', statusCode: '200' }));
  await apigw.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"pets": ["rex"], "q": "$input.params(\'q\')"}' } }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
  const key = await apigw.send(new CreateApiKeyCommand({ name: 'console-key', enabled: true }));
  keyValue = key.value!;
  const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'console-plan', apiStages: [{ apiId, stage: 'test' }], quota: { limit: 100, period: 'DAY' } }));
  await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
  await new DynamoDBClient(cloud.clientConfig).send(new CreateTableCommand({
    TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'customer', AttributeType: 'S' }, { AttributeName: 'order', AttributeType: 'N' }],
    KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }, { AttributeName: 'order', KeyType: 'RANGE' }],
  }));
});

afterAll(async () => {
  await cloud?.dispose();
});

describe('console endpoints', () => {
  it('serves the page with a policy that keeps it to its own origin and out of frames', async () => {
    const res = await fetch(`${cloud.url}/_local/console`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/_local/console/assets/console.js');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'.*frame-ancestors 'none'/);
    const script = await fetch(`${cloud.url}/_local/console/assets/console.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await script.text()).length).toBeGreaterThan(5000);
  });

  it('lists the API with its stage and route tree', async () => {
    const { body: apis } = await consoleCall<ApiView[]>('GET', 'apis');
    const api = apis.find((a) => a.id === apiId)!;
    expect(api.stages.map((s) => s.name)).toEqual(['test']);
    expect(api.stages[0]!.routes).toEqual([
      { path: '/', methods: [] },
      { path: '/pets', methods: [{ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true, integration: 'MOCK' }] },
    ]);
  });

  it('sends a request to a stage, answered by the data plane and counted as the key\'s usage and in the call log', async () => {
    const refused = await consoleCall<SentAnswer>('POST', `apis/${apiId}/stages/test/request`, { method: 'GET', path: '/pets' });
    expect(refused.body.status).toBe(403);
    const sent = await consoleCall<SentAnswer>('POST', `apis/${apiId}/stages/test/request`, { method: 'GET', path: '/pets', query: 'q=dogs', headers: { 'x-api-key': keyValue } });
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe(200);
    expect(JSON.parse(sent.body.body)).toEqual({ pets: ['rex'], q: 'dogs' });
    const { body: keys } = await consoleCall<KeysView>('GET', 'keys');
    expect(keys.apiKeys).toEqual([expect.objectContaining({ name: 'console-key', enabled: true, valuePrefix: `${keyValue.slice(0, 4)}…` })]);
    expect(keys.usagePlans[0]).toMatchObject({ name: 'console-plan', quota: { limit: 100, period: 'DAY' }, apiStages: [{ apiId, apiName: 'console-mock', stage: 'test' }] });
    expect(keys.usage).toEqual([{ planId: keys.usagePlans[0]!.id, keyId: keys.apiKeys[0]!.id, day: new Date().toISOString().slice(0, 10), used: 1 }]);
    expect(cloud.calls().filter((c) => c.operation.endsWith('(console)')).map((c) => [c.operation, c.status])).toEqual([
      ['GET test/pets (console)', 403],
      ['GET test/pets (console)', 200],
    ]);
  });

  it('writes, scans, queries and deletes items of a table, in DynamoDB JSON', async () => {
    const { body: tables } = await consoleCall<TableView[]>('GET', 'tables');
    expect(tables).toEqual([{ name: 'orders', status: 'ACTIVE', itemCount: 0, catalog: false, keySchema: [{ name: 'customer', type: 'S', role: 'HASH' }, { name: 'order', type: 'N', role: 'RANGE' }] }]);
    for (const order of ['1', '2', '10']) {
      expect((await consoleCall('PUT', 'tables/orders/items', { item: { customer: { S: 'ada' }, order: { N: order }, total: { N: '5' } } })).status).toBe(200);
    }
    await consoleCall('PUT', 'tables/orders/items', { item: { customer: { S: 'bob' }, order: { N: '1' } } });
    const stored = await new DynamoDBClient(cloud.clientConfig).send(new GetItemCommand({ TableName: 'orders', Key: { customer: { S: 'ada' }, order: { N: '10' } } }));
    expect(stored.Item).toEqual({ customer: { S: 'ada' }, order: { N: '10' }, total: { N: '5' } });

    expect((await consoleCall<ItemsPage>('GET', 'tables/orders/items')).body.items).toHaveLength(4);
    const ada = await consoleCall<ItemsPage>('POST', 'tables/orders/query', { partition: 'ada', sort: { op: '>=', value: '2' } });
    expect(ada.body.items.map((i) => (i.order as { N: string }).N)).toEqual(['2', '10']);

    expect((await consoleCall('DELETE', 'tables/orders/items', { key: { customer: { S: 'ada' }, order: { N: '2' } } })).status).toBe(200);
    expect((await consoleCall<ItemsPage>('POST', 'tables/orders/query', { partition: 'ada' })).body.items).toHaveLength(2);
  });

  it("answers DynamoDB's own error for a bad item or a missing table", async () => {
    const bad = await consoleCall<{ error: { code: string } }>('PUT', 'tables/orders/items', { item: { customer: { S: 'ada' } } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'ValidationException' } } });
    const missing = await consoleCall<{ error: { code: string } }>('GET', 'tables/nope/items');
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'ResourceNotFoundException' } } });
  });

  it('refuses other origins, cross-site fetches, and changes not sent as JSON', async () => {
    const evil = await fetch(`${cloud.url}/_local/console/api/tables`, { headers: { origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    const crossSite = await fetch(`${cloud.url}/_local/console/api/tables`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const plain = await fetch(`${cloud.url}/_local/console/api/tables/orders/items`, {
      method: 'PUT', headers: { origin: cloud.url, 'content-type': 'text/plain' }, body: JSON.stringify({ item: { customer: { S: 'eve' }, order: { N: '1' } } }),
    });
    expect(plain.status).toBe(403);
    // A rebinding page's requests carry its own name as Host: the gate answers nothing.
    expect(await statusWithHost('/_local/console/api/tables', 'attacker.example')).toBe(403);
    expect(await statusWithHost('/_local/console', 'attacker.example:4577')).toBe(403);
    expect((await consoleCall<ItemsPage>('POST', 'tables/orders/query', { partition: 'eve' })).body.items).toEqual([]);
  });
});
