// examples/items-api (seed 002) deployed by the engine to a local cloud, then the seed's own
// steps replayed: the mock API, the four items, item 1, 404 for item 5, the API key, CORS,
// the dev and prod aliases behind the stage variable, the daily quota, and the teardown.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { APIGatewayClient, GetStageCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { GetAliasCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import {
  FreezableClock, apiKeyValue, apiOf, call, deploy, editJson, expectTeardownRemovesAll, stageUrl, useDeployedExample,
  type DeployOutput,
} from './support.js';
import type { ProjectConfig } from '../../../src/config/types.js';

const SEED_ITEMS = [
  { ID: 1, name: 'Pen', price: 2.5 },
  { ID: 2, name: 'Pencil', price: 1.5 },
  { ID: 3, name: 'Highlighter', price: 3.0 },
  { ID: 4, name: 'Ruler', price: 5.0 },
];
const PREFIX = 'items-api-dev-';
const FUNCTION = `${PREFIX}ItemsFunction`;

describe('examples/items-api (seed 002)', () => {
  const clock = new FreezableClock();
  let cloud: TestCloud;
  let configPath: string;
  let output: DeployOutput;
  let apiId: string;
  let key: string;
  const dev = (path: string) => `${stageUrl(cloud, apiId, 'dev')}${path}`;
  const prod = (path: string) => `${stageUrl(cloud, apiId, 'prod')}${path}`;
  const withKey = (k = key) => ({ headers: { 'x-api-key': k } });

  useDeployedExample('items-api', { clock }, async (deployed) => {
    ({ cloud, configPath, output } = deployed);
    apiId = apiOf(output, 'items').id;
    key = await apiKeyValue(cloud, `${PREFIX}ItemsKey`);
  });

  it('reports both APIs and the function in its --json output', () => {
    expect(output.apis.map((a) => a.name).sort()).toEqual([`${PREFIX}items`, `${PREFIX}itemsMock`]);
    expect(output.functions.map((f) => f.name)).toEqual([FUNCTION]);
  });

  it('serves the seed\'s MOCK variant: three generated items and an item for any ID', async () => {
    const mockUrl = stageUrl(cloud, apiOf(output, 'itemsMock').id, 'dev');
    const list = await call(`${mockUrl}/items`);
    expect(list.status).toBe(200);
    expect(list.json).toEqual([
      { ID: 1, name: 'foo1', price: 1.5 },
      { ID: 2, name: 'foo2', price: 3 },
      { ID: 3, name: 'foo3', price: 4.5 },
    ]);
    const one = await call(`${mockUrl}/items/7`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual({ ID: 7, name: 'foo7', price: 10.5 });
  });

  it('answers 403 Forbidden without an API key, on both routes and both stages', async () => {
    for (const url of [dev('/items'), dev('/items/1'), prod('/items'), prod('/items/1')]) {
      const answer = await call(url);
      expect(answer.status, url).toBe(403);
      expect(answer.json).toEqual({ message: 'Forbidden' });
    }
  });

  it('lists the four items with a key, with the CORS header', async () => {
    const answer = await call(dev('/items'), withKey());
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(SEED_ITEMS);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('returns item 1, and 404 with NotFoundError for item 5', async () => {
    const one = await call(dev('/items/1'), withKey());
    expect(one.status).toBe(200);
    expect(one.json).toEqual(SEED_ITEMS[0]);

    const five = await call(dev('/items/5'), withKey());
    expect(five.status).toBe(404);
    expect((five.json as { message: string }).message).toContain('NotFoundError');
    expect(five.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers CORS preflights on both resources without a key', async () => {
    for (const url of [dev('/items'), dev('/items/1'), prod('/items/2')]) {
      const answer = await call(url, { method: 'OPTIONS', headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'GET' } });
      expect(answer.status, url).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toBe('GET,OPTIONS');
      expect(answer.headers.get('access-control-allow-headers')).toBe('Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token');
    }
  });

  it('binds dev to $LATEST and prod to version 1 through the stage variable lambdaAlias', async () => {
    const lambda = new LambdaClient(cloud.clientConfig);
    const apigateway = new APIGatewayClient(cloud.clientConfig);
    expect((await lambda.send(new GetAliasCommand({ FunctionName: FUNCTION, Name: 'dev' }))).FunctionVersion).toBe('$LATEST');
    expect((await lambda.send(new GetAliasCommand({ FunctionName: FUNCTION, Name: 'prod' }))).FunctionVersion).toBe('1');
    const devStage = await apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }));
    const prodStage = await apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(devStage.variables?.lambdaAlias).toBe('dev');
    expect(prodStage.variables?.lambdaAlias).toBe('prod');

    // prod: cache and throttling; dev: neither.
    expect(prodStage.cacheClusterEnabled).toBe(true);
    expect(prodStage.methodSettings?.['*/*']).toMatchObject({
      cachingEnabled: true, cacheTtlInSeconds: 300, throttlingRateLimit: 100, throttlingBurstLimit: 200,
    });
    expect(devStage.cacheClusterEnabled ?? false).toBe(false);

    const prodList = await call(prod('/items'), withKey());
    expect(prodList.status).toBe(200);
    expect(prodList.json).toEqual(SEED_ITEMS);
  });

  it('lets API Gateway invoke both aliases, from this API only', async () => {
    const lambda = new LambdaClient(cloud.clientConfig);
    for (const qualifier of ['dev', 'prod']) {
      const policy = await lambda.send(new GetPolicyCommand({ FunctionName: FUNCTION, Qualifier: qualifier }));
      const statements = (JSON.parse(policy.Policy ?? '{}') as { Statement: { Principal: { Service?: string }; Condition?: { ArnLike?: Record<string, string> } }[] }).Statement;
      const sourceArns = statements
        .filter((st) => st.Principal.Service === 'apigateway.amazonaws.com')
        .map((st) => st.Condition?.ArnLike?.['AWS:SourceArn']);
      expect(sourceArns.length, qualifier).toBeGreaterThan(0);
      expect(sourceArns.every((arn) => arn?.startsWith(`arn:aws:execute-api:us-east-1:000000000000:${apiId}/`)), qualifier).toBe(true);
    }
  });

  it('caches prod answers per item ID (the cache key holds the ID path parameter)', async () => {
    expect((await call(prod('/items/1'), withKey())).json).toEqual(SEED_ITEMS[0]);
    expect((await call(prod('/items/2'), withKey())).json).toEqual(SEED_ITEMS[1]);
    expect((await call(prod('/items/1'), withKey())).json).toEqual(SEED_ITEMS[0]);
  });

  it('binds one usage plan to both stages with a quota of 1000 a day', async () => {
    const apigateway = new APIGatewayClient(cloud.clientConfig);
    const plans = await apigateway.send(new GetUsagePlansCommand({}));
    const plan = plans.items?.find((p) => p.name === `${PREFIX}CloudAcademyPlan`);
    expect(plan?.quota).toMatchObject({ limit: 1000, period: 'DAY' });
    expect(plan?.apiStages?.map((s) => `${s.apiId}/${s.stage}`).sort()).toEqual([`${apiId}/dev`, `${apiId}/prod`]);
  });

  it('throttles prod at its stage burst of 200 while no time passes', async () => {
    clock.freeze();
    await clock.advance(60_000); // a full bucket
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 201; i++) statuses.push((await call(prod('/items'), withKey())).status);
      expect(statuses.filter((s) => s === 200).length).toBe(200);
      expect(statuses[200]).toBe(429);
      expect((await call(prod('/items'), withKey())).json).toEqual({ message: 'Too Many Requests' });
      // dev has no stage throttle of its own.
      expect((await call(dev('/items'), withKey())).status).toBe(200);
    } finally {
      clock.thaw();
    }
  });

  it('serves dev\'s changed code on dev while prod stays on the pinned version', async () => {
    const handler = join(dirname(configPath), 'handlers', 'items.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("name: 'Highlighter'", "name: 'Marker'"));
    const redeployed = await deploy(cloud, configPath);
    expect(redeployed.functions[0].codeSha256).not.toBe(output.functions[0].codeSha256);
    expect(output.functions[0].version).toBe('1');
    expect(redeployed.functions[0].version).toBe('2'); // published, but prod stays pinned to 1

    const devItem = await call(dev('/items/3'), withKey());
    expect(devItem.json).toEqual({ ID: 3, name: 'Marker', price: 3 });
    // /items/3 was never asked of prod, so its cache cannot be what answers.
    const prodItem = await call(prod('/items/3'), withKey());
    expect(prodItem.status).toBe(200);
    expect(prodItem.json).toEqual({ ID: 3, name: 'Highlighter', price: 3 });
    const lambda = new LambdaClient(cloud.clientConfig);
    expect((await lambda.send(new GetAliasCommand({ FunctionName: FUNCTION, Name: 'prod' }))).FunctionVersion).toBe('1');
  }, 240_000);

  it('answers 429 once a key has spent the plan\'s quota (set to 3 in this copy)', async () => {
    editJson<ProjectConfig>(configPath, (config) => {
      const plan = config.usagePlans!.CloudAcademyPlan;
      plan.quota = { limit: 3, period: 'DAY' };
      // A fresh key, so the requests above do not count against it.
      config.apiKeys!.QuotaKey = { description: 'spends the quota in the test' };
      plan.keys = [...(plan.keys ?? []), 'QuotaKey'];
    });
    await deploy(cloud, configPath);
    const quotaKey = await apiKeyValue(cloud, `${PREFIX}QuotaKey`);

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(dev('/items'), withKey(quotaKey))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const over = await call(dev('/items/1'), withKey(quotaKey));
    expect(over.status).toBe(429);
    expect(over.json).toEqual({ message: 'Limit Exceeded' });
  }, 240_000);

  it('tears down everything (it owns no table), and a second teardown has nothing to do', async () => {
    await expectTeardownRemovesAll(cloud, configPath, PREFIX);
  }, 240_000);
});
