// The deploy engine against moto_server, an independent AWS emulator: deploy creates the roles
// with their inline policies, the functions (Node and Python), the table with its TTL, the API,
// its stage with variables and method settings, the key and the usage plan; a redeploy with no
// change touches nothing; a one-handler change updates that function alone; teardown removes all
// but the table, deleteData removes the table, and a second teardown has nothing to do.
// "Nothing touched" is checked twice: no write call on the wire (moto keeps no call log, so the
// proxy in deploy-moto-proxy.ts records them) and the same ids, hashes, revision ids and
// last-modified stamps read back. Where moto deviates from AWS the case names the deviation.
// The cases run in order on one moto_server and one copy of test/fixtures/moto-basic.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APIGatewayClient, GetApiKeysCommand, GetDeploymentsCommand, GetResourcesCommand, GetRestApisCommand, GetStageCommand,
  GetUsagePlanKeysCommand, GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { InjectedAbort } from '../../src/deploy/executor.js';
import { engine, type Engine } from '../helpers/deploy-engine.js';
import { inventoryOf } from '../helpers/inventory.js';
import { clientConfigAt, TEST_REGION } from '../helpers/local-cloud.js';
import type { MotoProxy } from './deploy-moto-proxy.js';
import { motoUnavailableReason } from './harness/moto.js';
import { FIRST_CALLS_TIMEOUT_MS, useMotoDeployTarget } from './harness/moto-deploy.js';

const PREFIX = 'fxmoto-dev-';
const TAGS = { 'discovery:project': 'fxmoto', 'discovery:stage': 'dev' };
const MOTO_ACCOUNT = '123456789012';

const unavailable = motoUnavailableReason();

/** The proxy in front of moto (records calls, fills moto's REST API tag gap): the engine and the checks call it. */
let endpoint: string;
let proxy: MotoProxy;
let dir: string;
let configPath: string;
/** The engine against the proxy, with the short retry delays of every deploy test. */
let run: Engine;
let clients: ReturnType<typeof sdk>;

function sdk(endpoint: string) {
  const config = clientConfigAt(endpoint);
  return {
    iam: new IAMClient(config), lambda: new LambdaClient(config), dynamodb: new DynamoDBClient(config),
    apigateway: new APIGatewayClient(config), logs: new CloudWatchLogsClient(config),
  };
}


/** Everything of the fixture's stage that moto holds, with what tells a rewrite from no change. */
async function snapshot() {
  const { iam, lambda, dynamodb, apigateway } = clients;
  const fn = async (key: string) => {
    const name = `${PREFIX}${key}`;
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    const c = got.Configuration!;
    return {
      arn: c.FunctionArn!, runtime: c.Runtime, handler: c.Handler, memory: c.MemorySize, timeout: c.Timeout, description: c.Description,
      environment: c.Environment?.Variables ?? {}, role: c.Role, codeSha256: c.CodeSha256!, lastModified: c.LastModified!, revisionId: c.RevisionId,
      tags: got.Tags ?? {}, permissions: await permissions(name),
    };
  };
  const permissions = async (name: string) => {
    try {
      const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: name }))).Policy ?? '{}') as { Statement?: unknown[] };
      return policy.Statement ?? [];
    } catch (err) {
      if ((err as Error).name === 'ResourceNotFoundException') return [];
      throw err;
    }
  };
  const role = async (key: string) => {
    const name = `${PREFIX}${key}`;
    const r = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
    const policies = (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [];
    const documents: Record<string, unknown> = {};
    for (const p of policies) {
      const doc = (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: p }))).PolicyDocument!;
      documents[p] = JSON.parse(decodeURIComponent(doc));
    }
    const tags = Object.fromEntries(((await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags ?? []).map((t) => [t.Key!, t.Value!]));
    return { id: r.RoleId!, arn: r.Arn!, trust: JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument!)), policies: documents, tags };
  };
  const tableName = `${PREFIX}items`;
  const table = (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table!;
  const ttl = (await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  const tableTags = Object.fromEntries(((await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn! }))).Tags ?? []).map((t) => [t.Key!, t.Value!]));
  const apis = ((await apigateway.send(new GetRestApisCommand({}))).items ?? []).filter((a) => a.name === `${PREFIX}main`);
  const api = apis[0];
  const apiId = api?.id ?? '';
  const resources = apiId ? ((await apigateway.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }))).items ?? []) : [];
  const { $metadata: _, ...stage } = apiId ? await apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' })) : { $metadata: {} };
  const deployments = apiId ? ((await apigateway.send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? []).map((d) => d.id!).sort() : [];
  const keys = ((await apigateway.send(new GetApiKeysCommand({ includeValues: false }))).items ?? []).filter((k) => k.name === `${PREFIX}partner`);
  const plans = ((await apigateway.send(new GetUsagePlansCommand({}))).items ?? []).filter((p) => p.name === `${PREFIX}basic`);
  const planKeys = plans[0] ? ((await apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plans[0].id! }))).items ?? []).map((k) => k.id!) : [];
  return {
    roles: { greet: await role('greet'), store: await role('store') },
    functions: { greet: await fn('greet'), store: await fn('store') },
    table: { arn: table.TableArn!, created: table.CreationDateTime?.getTime(), keys: table.KeySchema, ttl, tags: tableTags },
    apis, resources, stage, deployments, keys, plans, planKeys,
  };
}

/** Names of the fixture's things moto holds, by kind. */
async function inventory(prefix = PREFIX) {
  const [named, groups] = await Promise.all([
    inventoryOf(clientConfigAt(endpoint), prefix),
    clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${prefix}` })),
  ]);
  return { ...named, logGroups: (groups.logGroups ?? []).map((g) => g.logGroupName!).sort() };
}

interface EditableConfig {
  functions: Record<string, { memory?: number }>;
  apis: { main: { stages: { dev: { variables: Record<string, string> } } } };
}

function editConfig(change: (config: EditableConfig) => void): void {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as EditableConfig;
  change(config);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
}

/** Write calls the proxy saw since its last clear, as "service:operation", less the stage lock's item writes. */
function writeCalls(): string[] {
  return proxy.calls().filter((c) => c.write).map((c) => `${c.service}:${c.operation}`).filter((c) => !/^dynamodb:(PutItem|UpdateItem|DeleteItem)$/.test(c));
}


const EVERYTHING = {
  functions: [`${PREFIX}greet`, `${PREFIX}store`], roles: [`${PREFIX}greet`, `${PREFIX}store`], apis: [`${PREFIX}main`],
  keys: [`${PREFIX}partner`], plans: [`${PREFIX}basic`], tables: [`${PREFIX}items`],
  logGroups: [`/aws/lambda/${PREFIX}greet`, `/aws/lambda/${PREFIX}store`],
};
const ONLY_TABLE = { functions: [], roles: [], apis: [], keys: [], plans: [], tables: [`${PREFIX}items`], logGroups: [] };
const NOTHING = { ...ONLY_TABLE, tables: [] };

describe.skipIf(unavailable !== undefined)(`deploy engine against moto_server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let first: Awaited<ReturnType<typeof snapshot>>;
  let second: Awaited<ReturnType<typeof snapshot>>;
  let stageBeforeRedeploy: Awaited<ReturnType<typeof snapshot>>['stage'];

  useMotoDeployTarget((target) => {
    proxy = target.proxy;
    endpoint = proxy.url;
    clients = sdk(endpoint);
    ({ dir, configPath } = target.project);
    run = engine(endpoint, configPath);
  });

  it('deploys the roles, functions, table, API, stage, key and usage plan', async () => {
    proxy.clearCalls();
    const result = await run.deploy();
    const writes = writeCalls();
    // The API is imported once (ImportRestApi is POST /restapis?mode=import), never put again on a first deploy.
    expect(writes.filter((w) => w === 'apigateway:POST /restapis')).toHaveLength(1);
    expect(writes.filter((w) => w.startsWith('apigateway:PUT /restapis/'))).toEqual([]);
    expect(writes.filter((w) => w === 'lambda:POST /2015-03-31/functions')).toHaveLength(2);
    expect(result.report.changes.updated).toEqual([]);
    expect(result.report.changes.deleted).toEqual([]);
    expect(await inventory()).toEqual(EVERYTHING);
    first = await snapshot();
    const s = first;

    // Roles: Lambda may assume them; each inline policy grants logs on its own group and the table access the config names.
    const tableArn = `arn:aws:dynamodb:${TEST_REGION}:${MOTO_ACCOUNT}:table/${PREFIX}items`;
    for (const key of ['greet', 'store'] as const) {
      const role = s.roles[key];
      expect(role.trust.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })]);
      expect(Object.keys(role.policies)).toEqual([`${PREFIX}${key}-policy`]);
      expect(role.tags).toEqual(TAGS);
      expect(s.functions[key].role).toBe(role.arn);
    }
    const greetPolicy = s.roles.greet.policies[`${PREFIX}greet-policy`] as { Statement: { Action: string[]; Resource: string[] }[] };
    expect(greetPolicy.Statement).toContainEqual(expect.objectContaining({ Resource: [tableArn, `${tableArn}/index/*`], Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']) }));
    expect(greetPolicy.Statement.flatMap((st) => st.Action)).not.toContain('dynamodb:PutItem');
    const storePolicy = s.roles.store.policies[`${PREFIX}store-policy`] as { Statement: { Action: string[] }[] };
    expect(storePolicy.Statement.flatMap((st) => st.Action)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem']));
    expect(greetPolicy.Statement).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(['logs:PutLogEvents']), Resource: [expect.stringContaining(`log-group:/aws/lambda/${PREFIX}greet`)] }));

    // Functions: configuration as written, code hashes as the build reported them.
    expect(s.functions.greet).toMatchObject({
      runtime: 'nodejs22.x', memory: 256, timeout: 15, description: 'Node handler of the moto conformance fixture',
      environment: { TABLE: `${PREFIX}items`, STAGE: 'dev' }, tags: TAGS,
    });
    expect(s.functions.greet.handler).toMatch(/\.handler$/);
    expect(s.functions.store).toMatchObject({
      runtime: 'python3.12', memory: 128, timeout: 10, handler: 'store.lambda_handler', environment: { TABLE: `${PREFIX}items` }, tags: TAGS,
    });
    const reported = Object.fromEntries(result.report.functions.map((f) => [f.name, f.codeSha256]));
    expect(reported).toEqual({ [`${PREFIX}greet`]: s.functions.greet.codeSha256, [`${PREFIX}store`]: s.functions.store.codeSha256 });

    // Log groups of the functions, tagged.
    for (const key of ['greet', 'store']) {
      const arn = `arn:aws:logs:${TEST_REGION}:${MOTO_ACCOUNT}:log-group:/aws/lambda/${PREFIX}${key}`;
      expect((await clients.logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual(TAGS);
    }

    // Table: keys, TTL, tags.
    expect(s.table.keys).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }]);
    expect(s.table.ttl).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
    expect(s.table.tags).toEqual(TAGS);

    // API: one, with the definition's resources and methods, integrations pointing at the functions.
    expect(s.apis).toHaveLength(1);
    expect(s.apis[0]!.tags).toMatchObject(TAGS); // served by the tag proxy: moto tags stages only
    expect(proxy.taggedApis()).toEqual([s.apis[0]!.id]);
    const paths = Object.fromEntries(s.resources.map((r) => [r.path!, Object.keys(r.resourceMethods ?? {}).sort()]));
    expect(paths).toEqual({ '/': [], '/greet': ['GET'], '/items': ['POST'] });
    const greetMethod = s.resources.find((r) => r.path === '/greet')!.resourceMethods!.GET!;
    expect(greetMethod.methodIntegration?.uri).toBe(`arn:aws:apigateway:${TEST_REGION}:lambda:path/2015-03-31/functions/${s.functions.greet.arn}/invocations`);
    // moto deviation: it keeps the integration type as imported ("aws_proxy"); AWS answers "AWS_PROXY".
    expect(greetMethod.methodIntegration?.type?.toUpperCase()).toBe('AWS_PROXY');

    // API Gateway may invoke each function from this API only (not the seed's account-wide "*").
    const apiId = s.apis[0]!.id!;
    for (const key of ['greet', 'store'] as const) {
      expect(s.functions[key].permissions).toEqual([expect.objectContaining({
        Effect: 'Allow', Action: 'lambda:InvokeFunction', Principal: { Service: 'apigateway.amazonaws.com' },
        Resource: s.functions[key].arn,
        Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${TEST_REGION}:${MOTO_ACCOUNT}:${apiId}/*` } },
      })]);
    }

    // Stage: variables, method settings, tags (moto keeps tags on stage ARNs only).
    expect(s.stage.variables).toEqual({ greeting: 'hello', tier: 'free' });
    expect(s.stage.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 20, throttlingBurstLimit: 40, metricsEnabled: true });
    expect(s.stage.tags).toMatchObject(TAGS);
    expect(s.deployments).toEqual([s.stage.deploymentId]);

    // Key and usage plan: the plan bound to the stage, limits as written, the key in it.
    expect(s.keys).toHaveLength(1);
    expect(s.keys[0]).toMatchObject({ description: 'a partner of the moto fixture', enabled: true, tags: TAGS });
    expect(s.plans).toHaveLength(1);
    expect(s.plans[0]).toMatchObject({
      description: "the moto fixture's plan", apiStages: [{ apiId: s.apis[0]!.id, stage: 'dev' }],
      throttle: { rateLimit: 50, burstLimit: 100 }, quota: expect.objectContaining({ limit: 1000, period: 'DAY' }), tags: TAGS,
    });
    expect(s.planKeys).toEqual([s.keys[0]!.id]);

    // The report names what it made.
    expect(result.report.apis).toEqual([expect.objectContaining({ name: `${PREFIX}main`, id: s.apis[0]!.id })]);
    expect(result.report.tables).toEqual([{ name: `${PREFIX}items`, arn: tableArn }]);
  }, FIRST_CALLS_TIMEOUT_MS);

  // The engine renders Swagger 2.0 as written; AWS imports it, moto answers 400 (and keeps an empty API).
  it.skip('deploys a Swagger 2.0 definition [moto deviation: ImportRestApi/PutRestApi accept OpenAPI 3 only]', () => {});
  it.skip('deploys an OpenAPI 3 definition whose info has no description [moto deviation: ImportRestApi answers 500]', () => {});

  it('makes no write call on a redeploy with no change, and every resource stays as it was', async () => {
    proxy.clearCalls();
    const result = await run.deploy();
    const writes = writeCalls();
    expect(result.report.changes.created).toEqual([]);
    expect(result.report.changes.updated).toEqual([]);
    expect(result.report.changes.deleted).toEqual([]);
    expect(writes).toEqual([]);
    second = await snapshot();
    // Same ids, code hashes, last-modified and revision ids, no new deployment, stage settings intact.
    expect(second).toEqual(first);
  });

  // moto omits quota.offset where AWS answers 0: the planner must read a missing offset as 0, or
  // it would plan an UpdateUsagePlan on every deploy.
  it('plans no usage plan update when the remote quota has no offset', async () => {
    const result = await run.deploy({ dryRun: true });
    expect(result.plan.steps.filter((step) => step.action !== 'noop').map((step) => `${step.id}: ${step.reason}`)).toEqual([]);
  });

  it('updates only the function whose handler changed', async () => {
    const file = join(dir, 'handlers/store.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"stored"', '"kept"'));
    proxy.clearCalls();
    const result = await run.deploy();
    expect(writeCalls()).toEqual([`lambda:PUT /2015-03-31/functions/${PREFIX}store/code`]);
    expect(result.report.changes.updated).toEqual(['function:store']);
    expect(result.report.changes.created).toEqual([]);
    const after = await snapshot();
    expect(after.functions.store.codeSha256).not.toBe(second.functions.store.codeSha256);
    expect(result.report.functions.find((f) => f.name === `${PREFIX}store`)?.codeSha256).toBe(after.functions.store.codeSha256);
    expect(after.functions.greet).toEqual(second.functions.greet);
    const { lastModified, revisionId, codeSha256, ...storeRest } = after.functions.store;
    expect(storeRest).toEqual((({ lastModified: _l, revisionId: _r, codeSha256: _c, ...rest }) => rest)(second.functions.store));
    expect([lastModified, revisionId, codeSha256]).not.toEqual([second.functions.store.lastModified, second.functions.store.revisionId, second.functions.store.codeSha256]);
    expect({ ...after, functions: { ...after.functions, store: second.functions.store } }).toEqual(second);
  });

  it('updates only the configuration of a function whose memory changed', async () => {
    const before = await snapshot();
    editConfig((c) => { c.functions.greet.memory = 512; });
    proxy.clearCalls();
    const result = await run.deploy();
    expect(writeCalls()).toEqual([`lambda:PUT /2015-03-31/functions/${PREFIX}greet/configuration`]);
    expect(result.report.changes.updated).toEqual(['function:greet']);
    const after = await snapshot();
    expect(after.functions.greet.memory).toBe(512);
    expect(after.functions.greet.codeSha256).toBe(before.functions.greet.codeSha256);
    expect(after.functions.store).toEqual(before.functions.store);
  });

  it('updates only the stage when a stage variable changes', async () => {
    const before = await snapshot();
    editConfig((c) => { c.apis.main.stages.dev.variables.tier = 'gold'; });
    proxy.clearCalls();
    const result = await run.deploy();
    const writes = writeCalls();
    expect(writes).toEqual([`apigateway:PATCH /restapis/${before.apis[0]!.id}/stages/dev`]);
    const after = await snapshot();
    expect(after.stage.variables).toEqual({ greeting: 'hello', tier: 'gold' });
    expect(after.stage.methodSettings).toEqual(before.stage.methodSettings);
    expect(after.deployments).toEqual(before.deployments);
    expect(result.report.changes.updated).toEqual(['stageSettings:main:dev']);
  });

  it('puts a changed API definition in place: same API id, the new resources, one new deployment', async () => {
    const before = await snapshot();
    const file = join(dir, 'openapi/main.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, unknown> };
    doc.paths['/hello'] = doc.paths['/greet'];
    delete doc.paths['/greet'];
    writeFileSync(file, JSON.stringify(doc, null, 2));
    proxy.clearCalls();
    await run.deploy();
    const writes = writeCalls();
    const apiId = before.apis[0]!.id!;
    expect(writes).toContain(`apigateway:PUT /restapis/${apiId}`);
    expect(writes).toContain(`apigateway:POST /restapis/${apiId}/deployments`);
    expect(writes).not.toContain('apigateway:POST /restapis');
    const after = await snapshot();
    expect(after.apis.map((a) => a.id)).toEqual([apiId]);
    expect(after.deployments).toHaveLength(before.deployments.length + 1);
    expect(after.stage.deploymentId).not.toBe(before.stage.deploymentId);
    // PutRestApi mode=overwrite replaces the resources (moto duplicates them in mode=merge only).
    expect(after.resources.map((r) => r.path!).sort()).toEqual(['/', '/hello', '/items']);
    expect(after.resources.find((r) => r.path === '/hello')?.resourceMethods?.GET?.methodIntegration?.uri).toContain(after.functions.greet.arn);
    stageBeforeRedeploy = before.stage;
  });

  // On AWS a deployment to an existing stage keeps its variables, method settings and tags.
  it.skip('keeps the stage variables, method settings and tags across a new deployment [moto deviation: CreateDeployment to an existing stage wipes its variables, method settings and tags]', () => {});

  it('puts back stage settings found drifted on the next deploy (here: those moto wiped)', async () => {
    const drifted = await snapshot();
    expect(drifted.stage.variables ?? {}).toEqual({}); // the deviation above; if moto is fixed, drop this line and the skip
    proxy.clearCalls();
    const result = await run.deploy();
    const apiId = drifted.apis[0]!.id!;
    expect(writeCalls().filter((w) => !w.startsWith(`apigateway:PUT /tags/`))).toEqual([`apigateway:PATCH /restapis/${apiId}/stages/dev`]);
    expect(result.report.changes.updated).toEqual(['stageSettings:main:dev']);
    const repaired = await snapshot();
    expect(repaired.stage.variables).toEqual(stageBeforeRedeploy.variables);
    expect(repaired.stage.methodSettings).toEqual(stageBeforeRedeploy.methodSettings);
    expect(repaired.stage.tags).toMatchObject(TAGS);
    expect(repaired.deployments).toEqual(drifted.deployments);
  });

  it('tears down everything but the table, and the table only with deleteData', async () => {
    proxy.clearCalls();
    const result = await run.teardown();
    const writes = writeCalls();
    expect(result.report.changes.deleted.length).toBeGreaterThan(5);
    expect(writes).toEqual(expect.arrayContaining([
      `lambda:DELETE /2015-03-31/functions/${PREFIX}greet`, `lambda:DELETE /2015-03-31/functions/${PREFIX}store`,
      'iam:DeleteRolePolicy', 'iam:DeleteRole', expect.stringMatching(/^apigateway:DELETE \/restapis\/[^/]+$/),
      expect.stringMatching(/^apigateway:DELETE \/apikeys\//), expect.stringMatching(/^apigateway:DELETE \/usageplans\/[^/]+$/),
    ]));
    expect(writes).not.toContain('dynamodb:DeleteTable');
    expect(await inventory()).toEqual(ONLY_TABLE);
    const tableOnly = await run.teardown({ deleteData: true });
    expect(tableOnly.report.changes.deleted).toEqual([`delete:table:${PREFIX}items`]);
    expect(await inventory()).toEqual(NOTHING);
  });

  it('a second teardown succeeds with nothing to do', async () => {
    proxy.clearCalls();
    const again = await run.teardown({ deleteData: true });
    expect(writeCalls()).toEqual([]);
    expect(again.plan.steps).toEqual([]);
    expect(await inventory()).toEqual(NOTHING);
  });

  it('tears down by tag and name when the state file is gone (a CI runner keeps no files)', async () => {
    await run.deploy();
    expect(await inventory()).toEqual(EVERYTHING);
    rmSync(join(dir, '.discovery'), { recursive: true, force: true });
    await run.teardown({ deleteData: true });
    expect(await inventory()).toEqual(NOTHING);
  });

  it('a dry run on an empty account plans every creation and makes no write call', async () => {
    proxy.clearCalls();
    const result = await run.deploy({ dryRun: true });
    expect(writeCalls()).toEqual([]);
    expect(result.report.changes.created).toEqual(expect.arrayContaining(['role:greet', 'function:store', 'table:items', 'restApi:main', 'apiKey:partner', 'usagePlan:basic']));
    expect(await inventory()).toEqual(NOTHING);
  });

  // A deploy killed part way, with its state file lost too (a CI runner keeps no files): the rerun
  // finds what was made by name and tag, makes the rest, and duplicates nothing.
  for (const n of [2, 7, 12, 18]) {
    it(`converges when rerun after stopping at step ${n} and losing the state file, with nothing duplicated`, async () => {
      await expect(run.deploy({ abortAfterSteps: n, concurrency: 2 })).rejects.toBeInstanceOf(InjectedAbort);
      rmSync(join(dir, '.discovery'), { recursive: true, force: true });
      await run.deploy();
      expect(await inventory()).toEqual(EVERYTHING);
      const converged = await snapshot();
      expect(converged.deployments).toHaveLength(1);
      // Deterministic zips: the unchanged Node handler, rebuilt, has the hash of the first deploy.
      expect(converged.functions.greet.codeSha256).toBe(first.functions.greet.codeSha256);
      expect(converged.planKeys).toEqual([converged.keys[0]!.id]);
      expect(converged.stage.variables).toEqual({ greeting: 'hello', tier: 'gold' });
      proxy.clearCalls();
      const again = await run.deploy();
      expect(writeCalls()).toEqual([]);
      expect(again.report.changes.updated).toEqual([]);
      await run.teardown({ deleteData: true });
      expect(await inventory()).toEqual(NOTHING);
    });
  }

  it('keeps dev and prod side by side: tearing down prod leaves dev untouched', async () => {
    await run.deploy();
    await run.deploy({ stage: 'prod' });
    const prod = (list: string[]) => list.map((n) => n.replace(PREFIX, 'fxmoto-prod-'));
    const everythingProd = Object.fromEntries(Object.entries(EVERYTHING).map(([k, v]) => [k, prod(v)]));
    expect(await inventory('fxmoto-prod-')).toEqual(everythingProd);
    const dev = await snapshot();
    await run.teardown({ stage: 'prod', deleteData: true });
    expect(await inventory('fxmoto-prod-')).toEqual(NOTHING);
    expect(await inventory()).toEqual(EVERYTHING);
    expect(await snapshot()).toEqual(dev);
    await run.teardown({ deleteData: true });
    expect(await inventory()).toEqual(NOTHING);
  });
});
