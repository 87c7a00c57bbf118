// UpdateResource, TestInvokeMethod, GetUsage, FlushStageCache and stage execution logs, through
// the SDK against the real local cloud.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  FlushStageAuthorizersCacheCommand, FlushStageCacheCommand, GetResourcesCommand, GetUsageCommand, ImportRestApiCommand, TestInvokeMethodCommand,
  UpdateAccountCommand, UpdateResourceCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ManualClock } from '../../../src/local/clock.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createServiceRole, failure } from '../../helpers/aws-fixtures.js';

const mock = (template: string) => ({
  type: 'mock',
  requestTemplates: { 'application/json': '{"statusCode": 200}' },
  responses: { default: { statusCode: '200', responseTemplates: { 'application/json': template } } },
});

const DOC = {
  swagger: '2.0',
  info: { title: 'runtime-ops', version: '1' },
  securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
  paths: {
    '/pets': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': mock('{"pets": "all the pets"}') } },
    '/pets/{petId}': {
      get: {
        parameters: [{ name: 'petId', in: 'path', required: true, type: 'string' }],
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': mock('{"petId": "$input.params(\'petId\')", "q": "$input.params(\'q\')", "stage": "$context.stage", "now": "$context.requestTimeEpoch"}'),
      },
    },
    '/keyed': { get: { security: [{ api_key: [] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': mock('{"ok": true}') } },
  },
};

describe('API Gateway runtime operations', () => {
  const clock = new ManualClock(Date.now());
  let cloud: TestCloud;
  let apigw: APIGatewayClient;
  let apiId = '';
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    cloud = await startTestCloud({ clock });
    apigw = new APIGatewayClient(cloud.clientConfig);
    apiId = (await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(DOC)) }))).id!;
    const { items } = await apigw.send(new GetResourcesCommand({ restApiId: apiId }));
    ids = Object.fromEntries(items!.map((r) => [r.path!, r.id!]));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
  });
  afterAll(() => cloud?.dispose());

  const url = (path: string) => `${cloud.url}/restapis/${apiId}/dev/_user_request_${path}`;

  it('TestInvokeMethod runs the integration without a deployment and returns AWS\'s execution log', async () => {
    const out = await apigw.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: ids['/pets/{petId}']!, httpMethod: 'GET', pathWithQueryString: '/pets/123?q=bar' }));
    expect(out.status).toBe(200);
    expect(JSON.parse(out.body!)).toMatchObject({ petId: '123', q: 'bar', stage: 'test-invoke-stage' });
    expect(out.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(out.multiValueHeaders).toEqual({ 'Content-Type': ['application/json'] });
    const lines = out.log!.split('\n');
    expect(lines[0]).toMatch(/^Execution log for request [0-9a-f-]{36}$/);
    expect(lines[1]).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : Starting execution for request: [0-9a-f-]{36}$/);
    expect(lines.slice(2, 11).map((l) => l.split(' : ')[1])).toEqual([
      'HTTP Method: GET, Resource Path: /pets/123',
      'Method request path: {petId=123}',
      'Method request query string: {q=bar}',
      'Method request headers: {}',
      'Method request body before transformations: ',
      `Method response body after transformations: ${out.body}`,
      'Method response headers: {Content-Type=application/json}',
      'Successfully completed execution',
      'Method completed with status: 200',
    ]);
    expect(lines.at(-1)).toBe('');
    const noPath = await apigw.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: ids['/pets/{petId}']!, httpMethod: 'GET', pathWithQueryString: '/random/test' }));
    expect(JSON.parse(noPath.body!).petId).toBe('');
    expect(await failure(apigw.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: ids['/pets']!, httpMethod: 'POST' })))).toMatchObject({ name: 'NotFoundException', message: 'Invalid Method identifier specified' });
    expect(await failure(apigw.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: 'nope', httpMethod: 'GET' })))).toMatchObject({ name: 'NotFoundException', message: 'Invalid Resource identifier specified' });
  });

  it('UpdateResource renames and moves a resource (children follow) with AWS\'s refusals', async () => {
    const sub = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: ids['/pets']!, pathPart: 'subpets' }));
    const child = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: sub.id!, pathPart: 'pets' }));
    expect(await failure(apigw.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: child.id!, patchOperations: [{ op: 'replace', path: '/parentId', value: ids['/']! }] })))).toMatchObject({
      name: 'ConflictException', message: 'Another resource with the same parent already has this name: pets',
    });
    expect(await failure(apigw.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: ids['/pets']!, patchOperations: [{ op: 'replace', path: '/parentId', value: sub.id! }] })))).toMatchObject({
      name: 'BadRequestException', message: 'Resources cannot be cyclical.',
    });
    expect(await failure(apigw.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: sub.id!, patchOperations: [{ op: 'replace', path: '/invalid', value: 'x' }] })))).toMatchObject({
      message: "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]",
    });
    expect(await failure(apigw.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: ids['/']!, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'x' }] })))).toMatchObject({
      message: 'Root resource cannot update its pathPart.',
    });
    const moved = await apigw.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: sub.id!, patchOperations: [{ op: 'replace', path: '/parentId', value: ids['/']! }, { op: 'replace', path: '/pathPart', value: 'dogs' }] }));
    expect(moved).toMatchObject({ id: sub.id, parentId: ids['/'], path: '/dogs', pathPart: 'dogs' });
    const { items } = await apigw.send(new GetResourcesCommand({ restApiId: apiId }));
    expect(items!.find((r) => r.id === child.id)!.path).toBe('/dogs/pets');
  });

  it('GetUsage reports what the data plane counted per key and day, against the quota', async () => {
    const key = await apigw.send(new CreateApiKeyCommand({ name: 'usage', enabled: true }));
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'usage', apiStages: [{ apiId, stage: 'dev' }], quota: { limit: 10, period: 'MONTH' } }));
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
    for (let i = 0; i < 3; i++) expect((await fetch(url('/keyed'), { headers: { 'x-api-key': key.value! } })).status).toBe(200);
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    const usage = await apigw.send(new GetUsageCommand({ usagePlanId: plan.id!, startDate: today, endDate: today }));
    expect(usage).toMatchObject({ usagePlanId: plan.id, startDate: today, endDate: today, items: { [key.id!]: [[3, 7]] } });
  });

  it('FlushStageCache drops the stage cache: the next GET reaches the integration again', async () => {
    await apigw.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev', patchOperations: [
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
    ] }));
    const read = async () => JSON.parse(await (await fetch(url('/pets/1'))).text()).now;
    const first = await read();
    await clock.advance(1_000);
    expect(await read()).toBe(first);
    await apigw.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: 'dev' }));
    expect(await read()).not.toBe(first);
    expect((await apigw.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: 'dev' }))).$metadata.httpStatusCode).toBe(202);
    expect(await failure(apigw.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: 'nope' })))).toMatchObject({ name: 'NotFoundException' });
  });

  it('writes execution logs to API-Gateway-Execution-Logs_{apiId}/{stage} when method settings turn logging on', async () => {
    // As in AWS, logging needs the account's CloudWatch role first.
    const role = await createServiceRole(cloud, 'apigw-logs', 'apigateway.amazonaws.com');
    await apigw.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: role }] }));
    await apigw.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev', patchOperations: [
      { op: 'replace', path: '/*/*/caching/enabled', value: 'false' },
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/*/*/logging/dataTrace', value: 'true' },
    ] }));
    const res = await fetch(url('/pets?x=1'));
    const requestId = res.headers.get('x-amzn-requestid')!;
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${apiId}/dev` }));
    const mine = events!.map((e) => e.message!).filter((m) => m.startsWith(`(${requestId}) `)).map((m) => m.slice(requestId.length + 3));
    expect(mine).toEqual([
      `Starting execution for request: ${requestId}`,
      'HTTP Method: GET, Resource Path: /pets',
      'Method request path: {}',
      'Method request query string: {x=1}',
      expect.stringMatching(/^Method request headers: \{.*\}$/),
      'Method request body before transformations: ',
      'Method response body after transformations: {"pets": "all the pets"}',
      'Method response headers: {Content-Type=application/json}',
      'Successfully completed execution',
      'Method completed with status: 200',
    ]);

    // ERROR level writes only failures.
    await apigw.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'ERROR' }] }));
    const ok = await fetch(url('/pets'));
    const failed = await fetch(url('/keyed'));
    expect(failed.status).toBe(403);
    const after = (await logs.send(new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${apiId}/dev` }))).events!.map((e) => e.message!);
    expect(after.some((m) => m.startsWith(`(${ok.headers.get('x-amzn-requestid')})`))).toBe(false);
    expect(after.filter((m) => m.startsWith(`(${failed.headers.get('x-amzn-requestid')})`)).map((m) => m.split(') ')[1])).toEqual([
      expect.stringMatching(/^Execution failed: /),
      'Method completed with status: 403',
    ]);
  });
});
