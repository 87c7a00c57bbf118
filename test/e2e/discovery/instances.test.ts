// Issue 14's "done when", end to end in a fresh local cloud with the root project deployed by
// `discovery-cli deploy`: two instances of hello_world 1.0 (the series' own, behind the hello API,
// and `west`, a server started here), west made to fail its health URL; after the registrar's
// checks cross the threshold it is unhealthy, the change is on the default EventBridge bus (a rule
// sends it to a function that logs it), lookups return only the healthy instance, every `call`
// succeeds, a client holding revision R gets only what changed after R, and the series' lookup
// answers byte for byte what it did.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDiscoveryClient, type DiscoveryClient } from '../../../src/discovery/index.js';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { startTestCloud, TEST_CREDENTIALS, TEST_REGION, type TestCloud } from '../../helpers/local-cloud.js';
import { makeZip } from '../../helpers/zip.js';
import { copyRootProject, deployRoot, discoveryCli } from './support.js';

const name = (key: string) => `discovery-dev-${key}`;
const RECORDER = makeZip({ 'index.js': "exports.handler = async (event) => { console.log('CATALOG_EVENT ' + JSON.stringify(event)); return 'ok'; };\n" });

let cloud: TestCloud;
let configPath: string;
let catalogUrl: string;
let helloUrl: string;
let west: Server;
let westUrl: string;
let westFailing = false;
let client: DiscoveryClient;
let seriesAnswerBefore: { status: number; contentType: string | null; text: string };

beforeAll(async () => {
  cloud = await startTestCloud();
  configPath = copyRootProject();
  const deployed = await deployRoot(cloud, configPath);
  catalogUrl = deployed.apis.find((api) => api.name === name('catalog'))!.stageUrl.replace(/\/$/, '');
  helloUrl = deployed.apis.find((api) => api.name === name('hello'))!.stageUrl.replace(/\/$/, '');
  seriesAnswerBefore = await raw(`${catalogUrl}/catalog/hello_world/1.0`);

  // The second instance: its greeting and its health URL fail together when it is "killed".
  west = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (westFailing) return void res.writeHead(500).end('{"message":"west is down"}');
    res.end(req.url === '/west/health' ? '{"ok":true}' : '{"message":"Hello World"}');
  });
  await new Promise<void>((resolve) => west.listen(0, '127.0.0.1', () => resolve()));
  westUrl = `http://127.0.0.1:${(west.address() as AddressInfo).port}/west`;

  // A rule on the default bus sends the catalog's status changes to a function that logs them.
  const lambda = new LambdaClient(cloud.clientConfig);
  const role = await createLambdaRole(cloud, 'catalog-recorder-role');
  const { FunctionArn } = await lambda.send(new CreateFunctionCommand({ FunctionName: 'catalog-recorder', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: RECORDER } }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'catalog-recorder' });
  const events = new EventBridgeClient(cloud.clientConfig);
  const { RuleArn } = await events.send(new PutRuleCommand({ Name: 'catalog-changes', EventPattern: JSON.stringify({ source: ['discovery-cli.catalog'] }) }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'catalog-recorder', StatementId: 'catalog-changes', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: RuleArn }));
  await events.send(new PutTargetsCommand({ Rule: 'catalog-changes', Targets: [{ Id: 'recorder', Arn: FunctionArn! }] }));

  client = createDiscoveryClient({ catalogUrl, region: TEST_REGION, credentials: TEST_CREDENTIALS, balancing: 'round-robin', onWarning: (m) => { throw new Error(`unexpected warning: ${m}`); } });
}, 240_000);

afterAll(async () => {
  await cloud?.dispose();
  await new Promise((resolve) => (west ? west.close(resolve) : resolve(undefined)));
  if (configPath) rmSync(dirname(configPath), { recursive: true, force: true });
});

async function raw(url: string) {
  const res = await fetch(url);
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

async function invokeRegistrar(): Promise<{ status: string; checks?: { instance_id: string; passed: boolean; check_status: string }[] }> {
  const out = await new LambdaClient(cloud.clientConfig).send(new InvokeCommand({ FunctionName: name('hello_world_registrar') }));
  const payload = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'));
  if (out.FunctionError) throw new Error(`the registrar failed: ${JSON.stringify(payload)}`);
  return payload;
}

const instanceIds = async () => {
  const res = await fetch(`${catalogUrl}/catalog/hello_world/1.0?instances=all`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { instances: { instance_id: string; status: string }[] }).instances.map((i) => `${i.instance_id} ${i.status}`);
};

async function recordedEvents(): Promise<{ source: string; detail: Record<string, unknown> }[]> {
  const found = await new CloudWatchLogsClient(cloud.clientConfig).send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/catalog-recorder', filterPattern: 'CATALOG_EVENT' }));
  return (found.events ?? []).map((e) => JSON.parse(e.message!.slice(e.message!.indexOf('CATALOG_EVENT ') + 'CATALOG_EVENT '.length)));
}

describe('two instances of hello_world 1.0, one of them failing', () => {
  let revisionBefore: number;
  let follower: ReturnType<DiscoveryClient['follow']>;
  beforeAll(() => {
    follower = client.follow('hello_world');
  });

  it('the series lookup answers what it always did; ?instances=all lists both instances with their attributes', async () => {
    expect(seriesAnswerBefore).toEqual({ status: 200, contentType: 'application/json', text: JSON.stringify({ endpoint_url: `${helloUrl}/hello`, ttl: 300, status: 'healthy' }) });
    await client.register({
      serviceName: 'hello_world', serviceVersion: '1.0', instanceId: 'west', endpointUrl: `${westUrl}/hello`, ttl: 300, status: 'healthy',
      weight: 2, zone: 'us-west-2a', metadata: { build: '7' }, healthUrl: `${westUrl}/health`, healthCheck: { intervalSeconds: 0, unhealthyThreshold: 2 },
    });
    const res = await fetch(`${catalogUrl}/catalog/hello_world/1.0?instances=all`);
    const body = (await res.json()) as { instances: unknown[]; revision: number };
    expect(body.instances).toEqual([
      { instance_id: 'default', endpoint_url: `${helloUrl}/hello`, ttl: 300, status: 'healthy', weight: 1, metadata: {} },
      { instance_id: 'west', endpoint_url: `${westUrl}/hello`, ttl: 300, status: 'healthy', weight: 2, zone: 'us-west-2a', metadata: { build: '7' }, health_url: `${westUrl}/health` },
    ]);
    revisionBefore = (await client.changes('hello_world', 0)).revision;
    await follower.refresh();
    expect(follower.revision).toBe(revisionBefore);
    expect(revisionBefore).toBeGreaterThanOrEqual(body.revision);
    expect(await raw(`${catalogUrl}/catalog/hello_world/1.0`)).toEqual(seriesAnswerBefore);
  });

  it('west fails its health URL: below the threshold it stays healthy, and every call still succeeds (retried on the other instance)', async () => {
    westFailing = true;
    const first = await invokeRegistrar();
    expect(first.checks).toEqual(expect.arrayContaining([expect.objectContaining({ instance_id: 'west', passed: false, check_status: 'healthy' })]));
    expect(await instanceIds()).toEqual(['default healthy', 'west healthy']);
    client.clearCache();
    for (let i = 0; i < 4; i++) expect(await (await client.call('hello_world', '1.0')).json()).toEqual({ message: 'Hello World' });
  });

  it('after the unhealthy threshold west is unhealthy, the change is on the bus, and lookups return only the healthy instance', async () => {
    const second = await invokeRegistrar();
    expect(second).toMatchObject({ status: 'healthy' }); // the series' control-plane check of hello world
    expect(second.checks).toEqual(expect.arrayContaining([expect.objectContaining({ instance_id: 'west', passed: false, check_status: 'unhealthy' })]));
    expect(await instanceIds()).toEqual(['default healthy']);
    const change = await vi.waitFor(async () => {
      const found = (await recordedEvents()).find((e) => e.detail.instance === 'west' && e.detail.new_status === 'unhealthy');
      expect(found).toBeDefined();
      return found!;
    }, { timeout: 20_000, interval: 200 });
    expect(change).toMatchObject({ source: 'discovery-cli.catalog', 'detail-type': 'Catalog Instance Status Change' });
    expect(change.detail).toMatchObject({ service: 'hello_world', version: '1.0', instance: 'west', old_status: 'healthy', new_status: 'unhealthy' });
  });

  it('`call` succeeds every time, in the library and in the CLI (which warns of nothing: a healthy instance is there)', async () => {
    client.clearCache();
    for (let i = 0; i < 4; i++) expect(await (await client.call('hello_world', '1.0')).json()).toEqual({ message: 'Hello World' });
    for (let i = 0; i < 2; i++) {
      const result = await discoveryCli(cloud, ['call', 'hello_world', '1.0', '--config', configPath]);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({ message: 'Hello World' });
    }
  });

  it('a client holding the revision from before gets only west\'s change', async () => {
    const changes = await client.changes('hello_world', revisionBefore);
    expect(changes.changes.map((c) => `${c.instanceId} ${c.status}`)).toEqual(['west unhealthy']);
    expect(changes.revision).toBeGreaterThan(revisionBefore);
    expect((await client.changes('hello_world', changes.revision)).changes).toEqual([]);
    // A follower holding revisionBefore refreshes with just that change.
    expect((await follower.refresh()).map((c) => `${c.instanceId} ${c.status}`)).toEqual(['west unhealthy']);
    expect(follower.instances('1.0').map((i) => `${i.instanceId} ${i.status}`).sort()).toEqual(['default healthy', 'west unhealthy']);
  });

  it('west recovers after the healthy threshold, and the series lookup still answers byte for byte what it did', async () => {
    westFailing = false;
    await invokeRegistrar();
    expect(await instanceIds()).toEqual(['default healthy']);
    await invokeRegistrar();
    expect(await instanceIds()).toEqual(['default healthy', 'west healthy']);
    await client.deregister('hello_world', '1.0', 'west');
    expect(await instanceIds()).toEqual(['default healthy']);
    expect(await raw(`${catalogUrl}/catalog/hello_world/1.0`)).toEqual(seriesAnswerBefore);
  });
});
