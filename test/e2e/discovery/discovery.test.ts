// The service discovery system end to end: the root project deployed by `discovery-cli deploy` to
// a fresh local cloud, then the catalog, authenticated registration, the registrar, leases, the
// client library and the CLI exercised through the deployed APIs. The tests run in order and
// share one deployment; the destructive ones (deleting hello world, the lookup function) come last.
import { DeleteRestApiCommand, APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DeleteFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscoveryClient, signExecuteApiRequest } from '../../../src/discovery/index.js';
import { startTestCloud, TEST_CREDENTIALS, TEST_REGION, type TestCloud } from '../../helpers/local-cloud.js';
import { copyRootProject, deployRoot, discoveryCli, type DeployOutput } from './support.js';

const STAGE = 'dev';
const name = (key: string) => `discovery-${STAGE}-${key}`;

let cloud: TestCloud;
let configPath: string;
let deployed: DeployOutput;
let catalogUrl: string;
let helloUrl: string;
let helloApiId: string;
let catalogApiId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  configPath = copyRootProject();
  deployed = await deployRoot(cloud, configPath);
  const catalog = deployed.apis.find((api) => api.name === name('catalog'));
  const hello = deployed.apis.find((api) => api.name === name('hello'));
  if (!catalog || !hello) throw new Error(`deploy output lacks the catalog or hello API: ${JSON.stringify(deployed.apis)}`);
  [catalogUrl, catalogApiId, helloUrl, helloApiId] = [catalog.stageUrl.replace(/\/$/, ''), catalog.id, hello.stageUrl.replace(/\/$/, ''), hello.id];
}, 240_000);

afterAll(async () => {
  await cloud?.dispose();
  if (configPath) rmSync(dirname(configPath), { recursive: true, force: true });
});

const getJson = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body };
};

const entry = (overrides: Record<string, unknown> = {}) => ({
  service_name: 'billing', service_version: '2.1', endpoint_url: 'https://billing.example/v2', ttl: 120, status: 'healthy', ...overrides,
});

async function signedPost(path: string, body: unknown, secretAccessKey = TEST_CREDENTIALS.secretAccessKey) {
  const url = new URL(`${catalogUrl}${path}`);
  const text = JSON.stringify(body);
  const headers = await signExecuteApiRequest({
    method: 'POST', url, body: text, headers: { 'content-type': 'application/json' }, region: TEST_REGION,
    credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey },
  });
  delete headers.host;
  return getJson(url.toString(), { method: 'POST', headers, body: text });
}

async function invokeRegistrar(): Promise<{ status: string; action: string }> {
  const out = await new LambdaClient(cloud.clientConfig).send(new InvokeCommand({ FunctionName: name('hello_world_registrar') }));
  const payload = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as { status: string; action: string };
  if (out.FunctionError) throw new Error(`the registrar failed: ${JSON.stringify(payload)}`);
  return payload;
}

describe('after deploy', () => {
  it('the registrar (invoked after deploy) has registered hello_world 1.0 with its full URL', async () => {
    expect(await getJson(`${catalogUrl}/catalog/hello_world/1.0`)).toEqual({
      status: 200, body: { endpoint_url: `${helloUrl}/hello`, ttl: 300, status: 'healthy' },
    });
  });

  it('hello world answers at the registered URL', async () => {
    expect(await getJson(`${helloUrl}/hello`)).toEqual({ status: 200, body: { message: 'Hello World' } });
  });

  it('`discovery-cli call hello_world 1.0` finds the deployed catalog and prints the greeting', async () => {
    const result = await discoveryCli(cloud, ['call', 'hello_world', '1.0', '--config', configPath]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ message: 'Hello World' });
  });

  it('the registrar runs every minute on an EventBridge schedule', async () => {
    const events = new EventBridgeClient(cloud.clientConfig);
    const { Rules = [] } = await events.send(new ListRulesCommand({ NamePrefix: 'discovery-dev' }));
    const scheduled = [];
    for (const rule of Rules) {
      const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name! }));
      if (Targets.some((t) => t.Arn?.endsWith(`:function:${name('hello_world_registrar')}`))) scheduled.push(rule.ScheduleExpression);
    }
    expect(scheduled).toEqual(['rate(1 minute)']);
  });
});

describe('lookup and registration through the gateway', () => {
  it('answers 404 "Service Not Found" for an unknown service', async () => {
    expect(await getJson(`${catalogUrl}/catalog/nothing_here/1.0`)).toEqual({ status: 404, body: { error_message: 'Service Not Found' } });
  });

  it('refuses an unsigned register with 403', async () => {
    const res = await getJson(`${catalogUrl}/catalog/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry()) });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ message: expect.stringMatching(/Missing Authentication Token|Authorization/) });
  });

  it('refuses a register signed with a wrong secret with 403', async () => {
    const res = await signedPost('/catalog/register', entry(), 'not-the-secret');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ message: expect.stringMatching(/signature/i) });
    expect((await getJson(`${catalogUrl}/catalog/billing/2.1`)).status).toBe(404);
  });

  it('refuses a malformed register with 400 (request validator, CatalogRegisterModel)', async () => {
    for (const bad of [{ service_name: 'billing' }, entry({ ttl: 'two minutes' }), entry({ endpoint_url: 42 })]) {
      const res = await signedPost('/catalog/register', bad);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: expect.stringMatching(/Invalid request body/) });
    }
    expect((await signedPost('/catalog/deregister', { service_name: 'billing' })).status).toBe(400);
  });

  it('a signed register answers 201 and the lookup then returns it', async () => {
    expect((await signedPost('/catalog/register', entry())).status).toBe(201);
    expect(await getJson(`${catalogUrl}/catalog/billing/2.1`)).toEqual({ status: 200, body: { endpoint_url: 'https://billing.example/v2', ttl: 120, status: 'healthy' } });
  });

  it('lists services and versions, and resolves the latest healthy version', async () => {
    expect((await signedPost('/catalog/register', entry({ service_version: '2.10', endpoint_url: 'https://billing.example/v210' }))).status).toBe(201);
    expect((await signedPost('/catalog/register', entry({ service_version: '3.0', status: 'unhealthy' }))).status).toBe(201);
    const all = await getJson(`${catalogUrl}/catalog`);
    expect(all.status).toBe(200);
    expect((all.body as { services: { service_name: string }[] }).services.map((s) => s.service_name)).toEqual(['billing', 'hello_world']);
    const versions = await getJson(`${catalogUrl}/catalog/billing`);
    expect((versions.body as { versions: { service_version: string; status: string }[] }).versions.map((v) => `${v.service_version} ${v.status}`))
      .toEqual(['2.1 healthy', '2.10 healthy', '3.0 unhealthy']);
    expect(await getJson(`${catalogUrl}/catalog/billing/latest`)).toMatchObject({ status: 200, body: { service_version: '2.10', endpoint_url: 'https://billing.example/v210' } });
  });

  it('a signed deregister answers 201 and the lookup then answers 404', async () => {
    expect((await signedPost('/catalog/deregister', { service_name: 'billing', service_version: '2.1' })).status).toBe(201);
    expect(await getJson(`${catalogUrl}/catalog/billing/2.1`)).toEqual({ status: 404, body: { error_message: 'Service Not Found' } });
  });

  it('an entry past its lease is hidden from lookup and listed as expired', async () => {
    const table = deployed.tables.find((t) => t.name === name('catalog'))!.name;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
    const now = Math.floor(Date.now() / 1000);
    await doc.send(new PutCommand({ TableName: table, Item: {
      name: 'leased', version: '1.0', endpoint_url: 'https://leased.example', ttl: 60, status: 'healthy',
      registered_at: now - 400, lease_expires_at: now - 220, purge_at: now + 3380,
    } }));
    expect(await getJson(`${catalogUrl}/catalog/leased/1.0`)).toEqual({ status: 404, body: { error_message: 'Service Not Found' } });
    expect(await getJson(`${catalogUrl}/catalog/leased`)).toMatchObject({ status: 200, body: { versions: [{ service_version: '1.0', status: 'expired' }] } });
  });

  it("the table's TTL attribute removes an entry once its purge time has passed", async () => {
    const table = deployed.tables.find((t) => t.name === name('catalog'))!.name;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
    const now = Math.floor(Date.now() / 1000);
    await doc.send(new PutCommand({ TableName: table, Item: {
      name: 'purged', version: '1.0', endpoint_url: 'https://purged.example', ttl: 60, status: 'healthy',
      registered_at: now - 4000, lease_expires_at: now - 3820, purge_at: now - 10,
    } }));
    expect((await doc.send(new GetCommand({ TableName: table, Key: { name: 'purged', version: '1.0' } }))).Item).toBeDefined();
    // The engine enabled TTL on the attribute the catalog handlers write; the sweep is DynamoDB's.
    await cloud.ctx.ports.dynamodb!.sweepExpiredItems();
    expect((await doc.send(new GetCommand({ TableName: table, Key: { name: 'purged', version: '1.0' } }))).Item).toBeUndefined();
  });
});

describe('the client library against the deployed catalog', () => {
  it('registers with signed requests, caches lookups for their ttl, and deregisters', async () => {
    let now = Date.now();
    const requests: string[] = [];
    const client = createDiscoveryClient({
      catalogUrl, region: TEST_REGION, credentials: TEST_CREDENTIALS, clock: { now: () => now },
      fetch: (input, init) => {
        requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname.replace(/^.*\/catalog/, '/catalog')}`);
        return fetch(input, init);
      },
    });
    await client.register({ serviceName: 'cache_probe', serviceVersion: '1.0', endpointUrl: `${helloUrl}/hello`, ttl: 30, status: 'healthy' });
    expect(await client.lookup('cache_probe', '1.0')).toMatchObject({ endpointUrl: `${helloUrl}/hello`, ttl: 30, cached: false });
    now += 29_000;
    expect(await client.lookup('cache_probe', '1.0')).toMatchObject({ cached: true, stale: false });
    expect(requests).toEqual(['POST /catalog/register', 'GET /catalog/cache_probe/1.0']);
    // call asks for the instances (?instances=all) once, then serves calls from that cached answer.
    for (let i = 0; i < 2; i++) expect(await (await client.call('cache_probe', '1.0')).json()).toEqual({ message: 'Hello World' });
    expect(requests.filter((r) => r.startsWith('GET /catalog/'))).toHaveLength(2);
  });
});

describe('the IAM roles the engine made', () => {
  const readOnly = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem']);
  const writeOnly = new Set(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem']);

  async function grants(key: string): Promise<{ action: string; resource: string }[]> {
    const iam = new IAMClient(cloud.clientConfig);
    // The role the function runs with, whatever the engine named it.
    const { Role: roleArn = '' } = await new LambdaClient(cloud.clientConfig).send(new GetFunctionConfigurationCommand({ FunctionName: name(key) }));
    const role = roleArn.split('/').pop()!;
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
    expect(attached.AttachedPolicies ?? [], `${role} has managed policies attached`).toEqual([]);
    const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: role }));
    expect(PolicyNames.length).toBeGreaterThan(0);
    const out: { action: string; resource: string }[] = [];
    for (const policyName of PolicyNames) {
      const { PolicyDocument = '' } = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: policyName }));
      const document = JSON.parse(decodeURIComponent(PolicyDocument)) as { Statement: { Effect: string; Action: string | string[]; Resource: string | string[]; NotAction?: unknown; NotResource?: unknown }[] };
      for (const statement of [document.Statement].flat()) {
        expect(statement.Effect).toBe('Allow');
        expect(statement.NotAction ?? statement.NotResource).toBeUndefined();
        for (const action of [statement.Action].flat()) for (const resource of [statement.Resource].flat()) out.push({ action, resource });
      }
    }
    return out;
  }

  const logGrants = (key: string, all: { action: string; resource: string }[]) => {
    const logs = all.filter((g) => g.action.startsWith('logs:'));
    for (const g of logs) expect(g.resource).toMatch(new RegExp(`^arn:aws:logs:${TEST_REGION}:\\d{12}:log-group:/aws/lambda/${name(key)}(:.*)?$`));
    return all.filter((g) => !g.action.startsWith('logs:'));
  };

  it('catalog functions may use only their table, with only the access they need', async () => {
    const table = deployed.tables.find((t) => t.name === name('catalog'))!.arn;
    for (const [key, allowed, needed] of [
      ['catalog_lookup', readOnly, ['dynamodb:GetItem', 'dynamodb:Query']],
      ['catalog_list', readOnly, ['dynamodb:Query', 'dynamodb:Scan']],
      ['catalog_latest', readOnly, ['dynamodb:Query']],
      ['catalog_register', writeOnly, ['dynamodb:UpdateItem']],
      ['catalog_deregister', writeOnly, ['dynamodb:UpdateItem']],
    ] as const) {
      // Register and deregister announce status changes on the default bus, and may do nothing else there.
      const bus = `arn:aws:events:${TEST_REGION}:000000000000:event-bus/default`;
      const all = logGrants(key, await grants(key));
      const events = all.filter((g) => g.action.startsWith('events:'));
      expect(events, `${key}'s EventBridge grants`).toEqual(key === 'catalog_register' || key === 'catalog_deregister' ? [{ action: 'events:PutEvents', resource: bus }] : []);
      const rest = all.filter((g) => !g.action.startsWith('events:'));
      for (const g of rest) {
        expect(allowed.has(g.action), `${key} may not ${g.action}`).toBe(true);
        expect([table, `${table}/index/*`]).toContain(g.resource);
      }
      // Exactly what the handler calls (the project's permissions, proven by `discovery-cli iam`).
      expect([...new Set(rest.map((g) => g.action))].sort(), key).toEqual([...needed].sort());
    }
  });

  it('hello world may only write its logs', async () => {
    expect(logGrants('hello_world', await grants('hello_world'))).toEqual([]);
  });

  it('the registrar may read hello world, and invoke exactly the two registration routes', async () => {
    const hello = deployed.functions.find((f) => f.name === name('hello_world'))!.arn;
    const rest = logGrants('hello_world_registrar', await grants('hello_world_registrar'));
    const executeArn = `arn:aws:execute-api:${TEST_REGION}:000000000000:${catalogApiId}`;
    expect(rest.map((g) => `${g.action} ${g.resource}`).sort()).toEqual([
      `apigateway:GET arn:aws:apigateway:${TEST_REGION}::/restapis/${helloApiId}`,
      `execute-api:Invoke ${executeArn}/*/POST/catalog/deregister`,
      `execute-api:Invoke ${executeArn}/*/POST/catalog/register`,
      `lambda:GetFunctionConfiguration ${hello.replace(/:\d+$|:\$LATEST$/, '')}`,
    ].sort());
  });
});

describe('the registrar follows hello world (destructive: runs last)', () => {
  it('reports unhealthy once hello world\'s function is deleted', async () => {
    await new LambdaClient(cloud.clientConfig).send(new DeleteFunctionCommand({ FunctionName: name('hello_world') }));
    expect(await invokeRegistrar()).toMatchObject({ status: 'unhealthy', action: 'registered' });
    expect(await getJson(`${catalogUrl}/catalog/hello_world/1.0`)).toMatchObject({ status: 200, body: { status: 'unhealthy' } });
  });

  it('deregisters hello world once its API is deleted too', async () => {
    await new APIGatewayClient(cloud.clientConfig).send(new DeleteRestApiCommand({ restApiId: helloApiId }));
    expect(await invokeRegistrar()).toMatchObject({ status: 'service_removed', action: 'deregistered' });
    expect(await getJson(`${catalogUrl}/catalog/hello_world/1.0`)).toEqual({ status: 404, body: { error_message: 'Service Not Found' } });
  });

  it('the client serves a stale answer, saying so, when the catalog fails', async () => {
    let now = Date.now();
    const statuses: number[] = [];
    const client = createDiscoveryClient({
      catalogUrl, region: TEST_REGION, credentials: TEST_CREDENTIALS, clock: { now: () => now },
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      },
    });
    await client.register({ serviceName: 'stale_probe', serviceVersion: '1.0', endpointUrl: 'https://stale.example', ttl: 5, status: 'healthy' });
    await client.lookup('stale_probe', '1.0');
    // Break the catalog for real: its lookup function is gone, so the gateway answers 5xx.
    await new LambdaClient(cloud.clientConfig).send(new DeleteFunctionCommand({ FunctionName: name('catalog_lookup') }));
    now += 60_000;
    expect(await client.lookup('stale_probe', '1.0')).toMatchObject({ endpointUrl: 'https://stale.example', stale: true });
    expect(statuses.at(-1)).toBeGreaterThanOrEqual(500);
  });
});
