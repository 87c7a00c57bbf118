// IAM on the deployed discovery system (enforcement on, the default): a registration signed with
// an IAM user's keys needs execute-api:Invoke on the register route; and `discovery-cli iam`,
// after the system has been exercised, reports per function what it used, what its role allows
// and it never used (nothing, since the roles are minimal), and sees a widened role.
import { APIGatewayClient, DeleteRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DeleteFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signExecuteApiRequest } from '../../../src/discovery/index.js';
import type { StageAdvice } from '../../../src/advisor/collect.js';
import { startTestCloud, TEST_CREDENTIALS, TEST_REGION, type TestCloud } from '../../helpers/local-cloud.js';
import { copyRootProject, deployRoot, discoveryCli, type DeployOutput } from './support.js';

const name = (key: string) => `discovery-dev-${key}`;
let cloud: TestCloud;
let configPath: string;
let deployed: DeployOutput;
let catalogUrl: string;
let catalogApiId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  configPath = copyRootProject();
  deployed = await deployRoot(cloud, configPath);
  const catalog = deployed.apis.find((api) => api.name === name('catalog'))!;
  [catalogUrl, catalogApiId] = [catalog.stageUrl.replace(/\/$/, ''), catalog.id];
}, 240_000);

afterAll(async () => {
  await cloud?.dispose();
  if (configPath) rmSync(dirname(configPath), { recursive: true, force: true });
});

const entry = (overrides: Record<string, unknown> = {}) => ({ service_name: 'billing', service_version: '2.1', endpoint_url: 'https://billing.example/v2', ttl: 120, status: 'healthy', ...overrides });

async function signedPost(path: string, body: unknown, credentials: { accessKeyId: string; secretAccessKey: string } = TEST_CREDENTIALS) {
  const url = new URL(`${catalogUrl}${path}`);
  const text = JSON.stringify(body);
  const headers = await signExecuteApiRequest({ method: 'POST', url, body: text, headers: { 'content-type': 'application/json' }, region: TEST_REGION, credentials });
  delete headers.host;
  const res = await fetch(url, { method: 'POST', headers, body: text });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function advice(): Promise<StageAdvice> {
  const result = await discoveryCli(cloud, ['iam', '--config', configPath, '--json']);
  if (result.code !== 0) throw new Error(`discovery-cli iam exited ${result.code}\n${result.stderr}`);
  return JSON.parse(result.stdout) as StageAdvice;
}

describe('AWS_IAM registration signed by an IAM user', () => {
  const iam = () => new IAMClient(cloud.clientConfig);
  let keys: { accessKeyId: string; secretAccessKey: string };

  beforeAll(async () => {
    await iam().send(new CreateUserCommand({ UserName: 'registrar-user' }));
    const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: 'registrar-user' }));
    keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  });

  it('is refused with 403 and AWS\'s message while the user lacks execute-api:Invoke on the register route', async () => {
    const res = await signedPost('/catalog/register', entry({ service_name: 'user_svc' }), keys);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      Message: `User: arn:aws:iam::000000000000:user/registrar-user is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${TEST_REGION}:000000000000:${catalogApiId}/dev/POST/catalog/register`,
    });
    expect((await fetch(`${catalogUrl}/catalog/user_svc/2.1`)).status).toBe(404);
  });

  it('is stored once a policy allows execute-api:Invoke on that route', async () => {
    await iam().send(new PutUserPolicyCommand({
      UserName: 'registrar-user', PolicyName: 'register',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:${TEST_REGION}:000000000000:${catalogApiId}/*/POST/catalog/register` }] }),
    }));
    expect((await signedPost('/catalog/register', entry({ service_name: 'user_svc' }), keys)).status).toBe(201);
    const lookup = await fetch(`${catalogUrl}/catalog/user_svc/2.1`);
    expect(await lookup.json()).toEqual({ endpoint_url: 'https://billing.example/v2', ttl: 120, status: 'healthy' });
    // The deregister route is still not granted.
    expect((await signedPost('/catalog/deregister', { service_name: 'user_svc', service_version: '2.1' }, keys)).status).toBe(403);
  });
});

describe('discovery-cli iam after exercising the system', () => {
  beforeAll(async () => {
    // Every function at work: lookups, lists, latest, a register and a deregister, hello, the registrar.
    expect((await signedPost('/catalog/register', entry())).status).toBe(201);
    for (const path of ['/catalog/billing/2.1', '/catalog', '/catalog/billing', '/catalog/billing/latest']) expect((await fetch(`${catalogUrl}${path}`)).status).toBe(200);
    expect((await signedPost('/catalog/deregister', { service_name: 'billing', service_version: '2.1' })).status).toBe(201);
    const hello = deployed.apis.find((api) => api.name === name('hello'))!;
    expect((await fetch(`${hello.stageUrl.replace(/\/$/, '')}/hello`)).status).toBe(200);
    const registrar = async () => {
      const out = await new LambdaClient(cloud.clientConfig).send(new InvokeCommand({ FunctionName: name('hello_world_registrar') }));
      expect(out.FunctionError).toBeUndefined();
      return JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as { action: string };
    };
    expect(await registrar()).toMatchObject({ action: 'registered' });
    // The registrar's deregister route is used only once hello world's function and API are gone: remove them.
    await new LambdaClient(cloud.clientConfig).send(new DeleteFunctionCommand({ FunctionName: name('hello_world') }));
    expect(await registrar()).toMatchObject({ status: 'unhealthy' });
    await new APIGatewayClient(cloud.clientConfig).send(new DeleteRestApiCommand({ restApiId: hello.id }));
    expect(await registrar()).toMatchObject({ action: 'deregistered' });
  }, 120_000);

  it('lists what each function used, refused nothing, and explains every grant it never used', async () => {
    const { functions, mode } = await advice();
    expect(mode).toBe('enforce');
    const byKey = Object.fromEntries(functions.map((f) => [f.key, f]));
    expect(Object.keys(byKey).sort()).toEqual(['catalog_deregister', 'catalog_latest', 'catalog_list', 'catalog_lookup', 'catalog_register', 'hello_world', 'hello_world_registrar']);
    const table = deployed.tables.find((t) => t.name === name('catalog'))!.arn;
    const used = (key: string) => byKey[key]!.used.map((u) => `${u.action} ${u.resource}`).filter((u) => !u.startsWith('logs:'));
    expect(used('catalog_lookup')).toEqual(expect.arrayContaining([`dynamodb:GetItem ${table}`]));
    for (const key of ['catalog_lookup', 'catalog_list', 'catalog_latest', 'catalog_register', 'catalog_deregister']) {
      for (const u of used(key).filter((u) => u.startsWith('dynamodb:'))) expect(u.endsWith(` ${table}`) || u.includes(`${table}/index/`), `${key}: ${u}`).toBe(true);
    }
    expect(used('catalog_register')).toContain(`events:PutEvents arn:aws:events:${TEST_REGION}:000000000000:event-bus/default`);
    expect(used('hello_world')).toEqual([]);
    expect(used('hello_world_registrar')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^apigateway:GET arn:aws:apigateway:us-east-1::\/restapis\//),
      expect.stringMatching(/^lambda:GetFunctionConfiguration arn:aws:lambda:/),
    ]));
    for (const fn of functions) {
      expect(fn.denied, `${fn.key} was refused`).toEqual([]);
      // Every function wrote its logs as its role.
      expect(fn.used.map((u) => u.action)).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']));
      // The engine's roles and the project's permissions are minimal: nothing granted goes unused.
      expect(fn.neverUsed, fn.key).toEqual([]);
    }
    // The minimal statements name the table by the config's reference, ready to paste.
    const lookupActions = byKey.catalog_lookup!.used.filter((u) => u.action.startsWith('dynamodb:')).map((u) => u.action).sort();
    expect(byKey.catalog_lookup!.minimalPermissions).toEqual([{ actions: lookupActions, resources: ['${table:catalog.arn}'] }]);
  }, 180_000);

  it('records every decision in /_local/calls: the gateway\'s invoke under the function policy (with its aws:SourceArn) and the role\'s calls', async () => {
    const { iam } = (await (await fetch(`${cloud.url}/_local/calls`)).json()) as { iam: { decisions: Record<string, unknown>[] } };
    const viaGateway = iam.decisions.find((d) => d.principalArn === 'apigateway.amazonaws.com' && /:function:discovery-dev-catalog_lookup(:|$)/.test(String(d.resource)));
    expect(viaGateway).toMatchObject({
      action: 'lambda:InvokeFunction', decision: 'Allow', policyType: 'resource',
      sourceArn: expect.stringMatching(new RegExp(`^arn:aws:execute-api:${TEST_REGION}:000000000000:${catalogApiId}/dev/GET/catalog/`)),
      statement: { policyType: 'resource', sid: expect.any(String) },
    });
    const byRole = iam.decisions.find((d) => String(d.principalArn).endsWith('/discovery-dev-catalog_lookup') && d.action === 'dynamodb:GetItem');
    expect(byRole).toMatchObject({ decision: 'Allow', mode: 'enforce', statement: { policyType: 'identity', policyName: expect.any(String), index: expect.any(Number) } });
  });

  it('reports a widening of a role as allowed but never used', async () => {
    const role = (await advice()).functions.find((f) => f.key === 'catalog_lookup')!.role;
    await new IAMClient(cloud.clientConfig).send(new PutRolePolicyCommand({
      RoleName: role, PolicyName: 'widened',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:DeleteTable', 's3:GetObject'], Resource: '*' }] }),
    }));
    const lookup = (await advice()).functions.find((f) => f.key === 'catalog_lookup')!;
    expect(lookup.neverUsed.filter((g) => g.policy === 'widened')).toEqual([
      { action: 'dynamodb:DeleteTable', resource: '*', policy: 'widened', statementIndex: 0 },
      { action: 's3:GetObject', resource: '*', policy: 'widened', statementIndex: 0 },
    ]);
    const text = await discoveryCli(cloud, ['iam', '--config', configPath]);
    expect(text.stdout).toMatch(/allowed but never used:[\s\S]*dynamodb:DeleteTable \* \[widened\]/);
  }, 240_000);
});
