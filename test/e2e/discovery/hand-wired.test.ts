// The catalog, hello world and the registrar behind the real local cloud (Lambda runtime, API
// Gateway import, data plane with VTL, SigV4 and validators, DynamoDB), wired by hand with the SDK
// from the project's own build: it isolates this system's handlers and Swagger files from the
// deploy engine, whose end-to-end run is discovery.test.ts.
import { CreateDeploymentCommand, APIGatewayClient, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { AddPermissionCommand, CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2, type Runtime } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/build/index.js';
import { loadProject } from '../../../src/config/load.js';
import { createDiscoveryClient, signExecuteApiRequest } from '../../../src/discovery/index.js';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { startTestCloud, TEST_CREDENTIALS, TEST_REGION, type TestCloud } from '../../helpers/local-cloud.js';
import { REPO } from './support.js';

let cloud: TestCloud;
let catalogUrl: string;
let helloUrl: string;
const TABLE = 'discovery-dev-catalog';
const fnArn = (key: string) => `arn:aws:lambda:${TEST_REGION}:000000000000:function:discovery-dev-${key}`;

beforeAll(async () => {
  cloud = await startTestCloud();
  const built = await buildProject(await loadProject({ configPath: `${REPO}discovery.config.json` }));
  const stageUrl = (id: string) => `${cloud.url}/restapis/${id}/dev/_user_request_`;
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  await dynamodb.send(new CreateTableCommand({
    TableName: TABLE, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }, { AttributeName: 'version', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }],
  }));
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1 }, { TableName: TABLE });
  const role = await createLambdaRole(cloud, 'hand-wired');
  // IAM is enforced: the one role these hand-made functions share must grant what they call.
  await new IAMClient(cloud.clientConfig).send(new PutRolePolicyCommand({
    RoleName: role.split('/').pop()!, PolicyName: 'hand-wired',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan'], Resource: `arn:aws:dynamodb:${TEST_REGION}:000000000000:table/${TABLE}` },
      { Effect: 'Allow', Action: ['events:PutEvents', 'lambda:GetFunctionConfiguration', 'apigateway:GET', 'execute-api:Invoke'], Resource: '*' },
    ] }),
  }));
  const lambda = new LambdaClient(cloud.clientConfig);
  const create = async (key: string, variables: Record<string, string>) => {
    const fn = built.functions[key]!;
    await lambda.send(new CreateFunctionCommand({ FunctionName: fn.name, Runtime: fn.runtime as Runtime, Handler: fn.handler, Role: role, Code: { ZipFile: fn.zip }, Timeout: 30, Environment: { Variables: variables } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: fn.name });
    await lambda.send(new AddPermissionCommand({ FunctionName: fn.name, StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:${TEST_REGION}:000000000000:*/*` }));
  };
  for (const key of ['catalog_lookup', 'catalog_register', 'catalog_deregister', 'catalog_list', 'catalog_latest']) await create(key, { CATALOG_TABLE: TABLE });
  await create('hello_world', {});
  const apigateway = new APIGatewayClient(cloud.clientConfig);
  const ids: Record<string, string> = {};
  for (const key of ['catalog', 'hello']) {
    const body = built.apis[key]!.render({ name: `discovery-dev-${key}`, functionArns: Object.fromEntries(Object.keys(built.functions).map((k) => [k, fnArn(k)])) });
    const api = await apigateway.send(new ImportRestApiCommand({ body: Buffer.from(body), failOnWarnings: true }));
    ids[key] = api.id!;
    await apigateway.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
  }
  [catalogUrl, helloUrl] = [stageUrl(ids.catalog!), stageUrl(ids.hello!)];
  await create('hello_world_registrar', {
    SERVICE_NAME: 'hello_world', SERVICE_VERSION: '1.0', LAMBDA_FUNCTIONS: 'discovery-dev-hello_world', REST_API_ID: ids.hello!,
    ENDPOINT_URL: `${helloUrl}/hello`, SERVICE_TTL: '300', CATALOG_URL: catalogUrl,
  });
}, 180_000);

afterAll(async () => {
  await cloud?.dispose();
});

const getJson = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, body: JSON.parse(await res.text()) as unknown };
};

async function signedPost(path: string, body: unknown, secretAccessKey = TEST_CREDENTIALS.secretAccessKey) {
  const url = new URL(`${catalogUrl}${path}`);
  const text = JSON.stringify(body);
  const headers = await signExecuteApiRequest({ method: 'POST', url, body: text, headers: { 'content-type': 'application/json' }, region: TEST_REGION, credentials: { accessKeyId: 'test', secretAccessKey } });
  delete headers.host;
  return getJson(url.toString(), { method: 'POST', headers, body: text });
}

const entry = (overrides: Record<string, unknown> = {}) => ({ service_name: 'svc', service_version: '1.2', endpoint_url: 'https://svc/1.2', ttl: 60, status: 'healthy', ...overrides });

describe('the discovery system behind the local gateway', () => {
  it('the registrar registers hello world with its status, through a signed POST from the Lambda', async () => {
    const out = await new LambdaClient(cloud.clientConfig).send(new InvokeCommand({ FunctionName: 'discovery-dev-hello_world_registrar' }));
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toMatchObject({ status: 'healthy', action: 'registered' });
    expect(await getJson(`${catalogUrl}/catalog/hello_world/1.0`)).toEqual({ status: 200, body: { endpoint_url: `${helloUrl}/hello`, ttl: 300, status: 'healthy' } });
    const client = createDiscoveryClient({ catalogUrl, credentials: TEST_CREDENTIALS });
    expect(await (await client.call('hello_world', '1.0')).json()).toEqual({ message: 'Hello World' });
  });

  it('maps NotFound to 404 "Service Not Found"', async () => {
    expect(await getJson(`${catalogUrl}/catalog/nope/1.0`)).toEqual({ status: 404, body: { error_message: 'Service Not Found' } });
    expect(await getJson(`${catalogUrl}/catalog/nope`)).toEqual({ status: 404, body: { error_message: 'Service Not Found' } });
  });

  it('guards registration with AWS_IAM (403) and the request validator (400)', async () => {
    const unsigned = await getJson(`${catalogUrl}/catalog/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry()) });
    expect(unsigned).toEqual({ status: 403, body: { message: 'Missing Authentication Token' } });
    expect(await signedPost('/catalog/register', entry(), 'wrong')).toMatchObject({ status: 403, body: { message: expect.stringMatching(/signature we calculated does not match/) } });
    expect(await signedPost('/catalog/register', { service_name: 'svc' })).toEqual({ status: 400, body: { message: 'Invalid request body' } });
    expect(await signedPost('/catalog/register', entry({ ttl: 'x' }))).toEqual({ status: 400, body: { message: 'Invalid request body' } });
    expect((await getJson(`${catalogUrl}/catalog/svc/1.2`)).status).toBe(404);
  });

  it('registers (201), looks up, lists, resolves latest, deregisters (201) then 404', async () => {
    expect((await signedPost('/catalog/register', entry())).status).toBe(201);
    expect((await signedPost('/catalog/register', entry({ service_version: '1.10', endpoint_url: 'https://svc/1.10' }))).status).toBe(201);
    expect(await getJson(`${catalogUrl}/catalog/svc/1.2`)).toEqual({ status: 200, body: { endpoint_url: 'https://svc/1.2', ttl: 60, status: 'healthy' } });
    expect(await getJson(`${catalogUrl}/catalog/svc/latest`)).toMatchObject({ status: 200, body: { service_version: '1.10', endpoint_url: 'https://svc/1.10' } });
    const listed = await getJson(`${catalogUrl}/catalog/svc`);
    expect((listed.body as { versions: { service_version: string }[] }).versions.map((v) => v.service_version)).toEqual(['1.2', '1.10']);
    expect((await signedPost('/catalog/deregister', { service_name: 'svc', service_version: '1.2' })).status).toBe(201);
    expect(await getJson(`${catalogUrl}/catalog/svc/1.2`)).toEqual({ status: 404, body: { error_message: 'Service Not Found' } });
  });
});
