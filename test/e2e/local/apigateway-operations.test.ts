// The API Gateway control plane beyond import: REST APIs, resources, methods, integrations,
// models, validators, deployments, stages (patch operations), API keys, usage plans, tags, account.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteDeploymentCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  GetAccountCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetModelCommand,
  GetModelsCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeyCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountCommand,
  UpdateApiKeyCommand,
  UpdateDeploymentCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateMethodCommand,
  UpdateMethodResponseCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { createServiceRole } from '../../helpers/aws-fixtures.js';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { signedFetch } from '../../helpers/signed-fetch.js';

const run = promisify(execFile);

describe('API Gateway operations in the local cloud', () => {
  let cloud: TestCloud;
  let client: APIGatewayClient;
  const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the call to fail'); }, (e: Error & { $metadata?: { httpStatusCode?: number } }) => e);

  /** An API with GET /items/{id} on a MOCK integration, deployed to `dev`. */
  async function deployedApi(name: string) {
    const api = await client.send(new CreateRestApiCommand({ name }));
    const items = await client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' }));
    const item = await client.send(new CreateResourceCommand({ restApiId: api.id, parentId: items.id, pathPart: '{id}' }));
    await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: item.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: item.id, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev', variables: { alias: 'live' } }));
    return { api, item, deployment };
  }

  useTestCloud({}, (started) => {
    cloud = started;
    client = new APIGatewayClient(cloud.clientConfig);
  });

  it('creates, lists, patches and deletes REST APIs', async () => {
    const api = await client.send(new CreateRestApiCommand({
      name: 'made', description: 'by hand', endpointConfiguration: { types: ['REGIONAL'] }, apiKeySource: 'AUTHORIZER', tags: { team: 'a' },
    }));
    expect(api).toMatchObject({ name: 'made', description: 'by hand', apiKeySource: 'AUTHORIZER', endpointConfiguration: { types: ['REGIONAL'] }, tags: { team: 'a' } });
    expect((await client.send(new GetModelsCommand({ restApiId: api.id }))).items?.map((m) => m.name)).toEqual(['Empty', 'Error']);
    expect((await client.send(new GetRestApisCommand({}))).items?.some((a) => a.id === api.id)).toBe(true);

    const patched = await client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/apiKeySource', value: 'HEADER' },
      { op: 'add', path: '/binaryMediaTypes/image~1png' },
    ] }));
    expect(patched).toMatchObject({ name: 'renamed', apiKeySource: 'HEADER', binaryMediaTypes: ['image/png'] });
    const badPatch = await fail(client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/nope', value: 'x' }] })));
    expect(badPatch).toMatchObject({ name: 'BadRequestException' });

    await client.send(new DeleteRestApiCommand({ restApiId: api.id }));
    const gone = await fail(client.send(new GetRestApiCommand({ restApiId: api.id })));
    expect(gone).toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
    expect(gone.message).toContain('Invalid API identifier specified');
  });

  it('builds resources, methods, responses and integrations, and patches them', async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'tree' }));
    const items = await client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' }));
    expect(items).toMatchObject({ path: '/items', pathPart: 'items', parentId: api.rootResourceId });
    const dup = await fail(client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' })));
    expect(dup).toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
    const badPart = await fail(client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'a b' })));
    expect(badPart).toMatchObject({ name: 'BadRequestException' });

    const validator = await client.send(new CreateRequestValidatorCommand({ restApiId: api.id, name: 'body', validateRequestBody: true }));
    const model = await client.send(new CreateModelCommand({ restApiId: api.id, name: 'Item', contentType: 'application/json', schema: '{"type":"object"}' }));
    expect((await client.send(new GetModelCommand({ restApiId: api.id, modelName: 'Item' }))).id).toBe(model.id);
    expect(await fail(client.send(new GetModelCommand({ restApiId: api.id, modelName: 'Nope' })))).toMatchObject({ name: 'NotFoundException' });

    const method = await client.send(new PutMethodCommand({
      restApiId: api.id, resourceId: items.id, httpMethod: 'POST', authorizationType: 'NONE',
      requestModels: { 'application/json': 'Item' }, requestParameters: { 'method.request.header.X-Id': true },
    }));
    expect(method).toMatchObject({ httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false, requestModels: { 'application/json': 'Item' } });
    expect(await fail(client.send(new PutMethodCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', authorizationType: 'NONE' }))))
      .toMatchObject({ name: 'ConflictException' });

    const updated = await client.send(new UpdateMethodCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', patchOperations: [
      { op: 'replace', path: '/apiKeyRequired', value: 'true' },
      { op: 'replace', path: '/authorizationType', value: 'AWS_IAM' },
      { op: 'replace', path: '/requestValidatorId', value: validator.id },
    ] }));
    expect(updated).toMatchObject({ apiKeyRequired: true, authorizationType: 'AWS_IAM', requestValidatorId: validator.id });

    await client.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', statusCode: '201', responseModels: { 'application/json': 'Empty' } }));
    const integration = await client.send(new PutIntegrationCommand({
      restApiId: api.id, resourceId: items.id, httpMethod: 'POST', type: 'AWS', integrationHttpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f:${stageVariables.alias}/invocations',
      requestTemplates: { 'application/json': '$input.body' },
    }));
    expect(integration).toMatchObject({ type: 'AWS', httpMethod: 'POST', passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000, cacheNamespace: items.id });
    await client.send(new PutIntegrationResponseCommand({
      restApiId: api.id, resourceId: items.id, httpMethod: 'POST', statusCode: '400', selectionPattern: '.*Bad.*', responseTemplates: { 'application/json': '{}' },
    }));
    expect(await client.send(new GetIntegrationResponseCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', statusCode: '400' })))
      .toMatchObject({ statusCode: '400', selectionPattern: '.*Bad.*' });
    const patchedIntegration = await client.send(new UpdateIntegrationCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', patchOperations: [
      { op: 'replace', path: '/passthroughBehavior', value: 'NEVER' },
      { op: 'replace', path: '/timeoutInMillis', value: '5000' },
      { op: 'add', path: '/requestTemplates/text~1plain', value: 'plain' },
    ] }));
    expect(patchedIntegration).toMatchObject({ passthroughBehavior: 'NEVER', timeoutInMillis: 5000, requestTemplates: { 'application/json': '$input.body', 'text/plain': 'plain' } });

    const unmapped = await fail(client.send(new PutIntegrationResponseCommand({
      restApiId: api.id, resourceId: items.id, httpMethod: 'POST', statusCode: '201', responseParameters: { 'method.response.header.X-Undeclared': "'x'" },
    })));
    expect(unmapped).toMatchObject({ name: 'BadRequestException' });
    expect(unmapped.message).toContain('Invalid mapping expression specified: method.response.header.X-Undeclared');
    const badUri = await fail(client.send(new PutIntegrationCommand({
      restApiId: api.id, resourceId: items.id, httpMethod: 'POST', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'my-function',
    })));
    expect(badUri.message).toContain("Invalid ARN specified in the request: 'my-function'");
    const undeclared = await fail(client.send(new UpdateIntegrationCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', patchOperations: [
      { op: 'add', path: '/requestParameters/integration.request.header.X-Q', value: 'method.request.querystring.q' },
    ] })));
    expect(undeclared.message).toContain('method.request.querystring.q');

    const full = await client.send(new GetMethodCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST' }));
    expect(full.methodResponses?.['201']).toEqual({ statusCode: '201', responseModels: { 'application/json': 'Empty' } });
    expect(full.methodIntegration?.integrationResponses?.['400']?.selectionPattern).toBe('.*Bad.*');
    const embedded = await client.send(new GetResourceCommand({ restApiId: api.id, resourceId: items.id, embed: ['methods'] }));
    expect(embedded.resourceMethods?.POST?.methodIntegration?.type).toBe('AWS');

    await client.send(new DeleteMethodCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST' }));
    expect(await fail(client.send(new GetMethodCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST' })))).toMatchObject({ name: 'NotFoundException' });
    await client.send(new DeleteResourceCommand({ restApiId: api.id, resourceId: items.id }));
    expect((await client.send(new GetResourcesCommand({ restApiId: api.id }))).items?.map((r) => r.path)).toEqual(['/']);
  });

  it('patches method and integration responses, models, validators and deployments', async () => {
    const { api, item, deployment } = await deployedApi('patchable');
    const target = { restApiId: api.id, resourceId: item.id, httpMethod: 'GET' };
    await client.send(new PutMethodResponseCommand({ ...target, statusCode: '200' }));
    const methodResponse = await client.send(new UpdateMethodResponseCommand({ ...target, statusCode: '200', patchOperations: [
      { op: 'add', path: '/responseParameters/method.response.header.X-Cache', value: 'false' },
      { op: 'add', path: '/responseModels/application~1json', value: 'Empty' },
    ] }));
    expect(methodResponse).toEqual(expect.objectContaining({
      statusCode: '200', responseParameters: { 'method.response.header.X-Cache': false }, responseModels: { 'application/json': 'Empty' },
    }));
    await client.send(new PutIntegrationResponseCommand({ ...target, statusCode: '200' }));
    const integrationResponse = await client.send(new UpdateIntegrationResponseCommand({ ...target, statusCode: '200', patchOperations: [
      { op: 'replace', path: '/selectionPattern', value: '2\\d{2}' },
      { op: 'add', path: '/responseTemplates/application~1json', value: '{"ok": true}' },
      { op: 'add', path: '/responseParameters/method.response.header.X-Cache', value: "'miss'" },
    ] }));
    expect(integrationResponse).toEqual(expect.objectContaining({
      selectionPattern: '2\\d{2}', responseTemplates: { 'application/json': '{"ok": true}' }, responseParameters: { 'method.response.header.X-Cache': "'miss'" },
    }));

    const model = await client.send(new UpdateModelCommand({ restApiId: api.id, modelName: 'Empty', patchOperations: [
      { op: 'replace', path: '/schema', value: '{"type":"object","required":["id"]}' },
      { op: 'replace', path: '/description', value: 'needs an id' },
    ] }));
    expect(model).toMatchObject({ name: 'Empty', description: 'needs an id', schema: '{"type":"object","required":["id"]}' });
    const badSchema = await fail(client.send(new UpdateModelCommand({ restApiId: api.id, modelName: 'Empty', patchOperations: [{ op: 'replace', path: '/schema', value: '{nope' }] })));
    expect(badSchema).toMatchObject({ name: 'BadRequestException' });

    const validator = await client.send(new CreateRequestValidatorCommand({ restApiId: api.id, name: 'v' }));
    const patchedValidator = await client.send(new UpdateRequestValidatorCommand({ restApiId: api.id, requestValidatorId: validator.id, patchOperations: [
      { op: 'replace', path: '/validateRequestParameters', value: 'true' },
      { op: 'replace', path: '/name', value: 'params' },
    ] }));
    expect(patchedValidator).toMatchObject({ id: validator.id, name: 'params', validateRequestParameters: true, validateRequestBody: false });

    const patchedDeployment = await client.send(new UpdateDeploymentCommand({ restApiId: api.id, deploymentId: deployment.id, patchOperations: [{ op: 'replace', path: '/description', value: 'first' }] }));
    expect(patchedDeployment).toMatchObject({ id: deployment.id, description: 'first' });
  });

  it('refuses to deploy an API without methods or with a method that has no integration', async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'empty' }));
    const none = await fail(client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' })));
    expect(none).toMatchObject({ name: 'BadRequestException', message: "The REST API doesn't contain any methods" });
    await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    const bare = await fail(client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' })));
    expect(bare.message).toContain('No integration defined for method GET /');
  });

  it('deploys to stages, keeps stage variables on redeploy, and guards deployments in use', async () => {
    const { api, item, deployment } = await deployedApi('deployed');
    expect(deployment.id).toMatch(/^[a-z0-9]{10}$/);
    const stage = await client.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' }));
    expect(stage).toMatchObject({ stageName: 'dev', deploymentId: deployment.id, variables: { alias: 'live' }, cacheClusterEnabled: false });

    // The deployment froze the tree: a later change does not reach the stage until redeployed.
    await client.send(new UpdateMethodCommand({ restApiId: api.id, resourceId: item.id, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }));
    const frozen = cloud.ctx.ports.apigateway!.data.restApis[api.id!]!.deployments[deployment.id!]!.snapshot.resources[item.id!]!;
    expect(frozen.resourceMethods.GET!.apiKeyRequired).toBe(false);

    const second = await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev', variables: { region: 'eu' }, description: 'second' }));
    expect((await client.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' })))).toMatchObject({ deploymentId: second.id, variables: { alias: 'live', region: 'eu' } });
    expect((await client.send(new GetDeploymentsCommand({ restApiId: api.id }))).items?.map((d) => d.id).sort()).toEqual([deployment.id, second.id].sort());
    const summary = await client.send(new GetDeploymentCommand({ restApiId: api.id, deploymentId: second.id, embed: ['apisummary'] }));
    expect(summary.apiSummary?.['/items/{id}']?.GET).toEqual({ authorizationType: 'NONE', apiKeyRequired: true });

    const inUse = await fail(client.send(new DeleteDeploymentCommand({ restApiId: api.id, deploymentId: second.id })));
    expect(inUse).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    await client.send(new DeleteDeploymentCommand({ restApiId: api.id, deploymentId: deployment.id }));

    const prod = await client.send(new CreateStageCommand({ restApiId: api.id, stageName: 'prod', deploymentId: second.id, variables: { alias: 'v1' }, tags: { env: 'prod' } }));
    expect(prod).toMatchObject({ stageName: 'prod', deploymentId: second.id, tags: { env: 'prod' } });
    expect(await fail(client.send(new CreateStageCommand({ restApiId: api.id, stageName: 'prod', deploymentId: second.id })))).toMatchObject({ name: 'ConflictException' });
    expect(await fail(client.send(new CreateStageCommand({ restApiId: api.id, stageName: 'qa', deploymentId: 'nosuchdepl' })))).toMatchObject({ name: 'NotFoundException' });
    expect((await client.send(new GetStagesCommand({ restApiId: api.id }))).item?.map((s) => s.stageName).sort()).toEqual(['dev', 'prod']);
    await client.send(new DeleteStageCommand({ restApiId: api.id, stageName: 'prod' }));
    const noStage = await fail(client.send(new GetStageCommand({ restApiId: api.id, stageName: 'prod' })));
    expect(noStage).toMatchObject({ name: 'NotFoundException' });
    expect(noStage.message).toContain('Invalid Stage identifier specified');
  });

  it('applies UpdateStage patch operations: variables, method settings, cache, access logs', async () => {
    const { api, deployment } = await deployedApi('staged');
    // As AWS: no stage logging until the account has a CloudWatch role.
    const refused = await fail(client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:access' },
    ] })));
    expect(refused).toMatchObject({ name: 'BadRequestException', message: 'CloudWatch Logs role ARN must be set in account settings to enable logging' });
    const logsRole = await createServiceRole(cloud, 'apigw-logs', 'apigateway.amazonaws.com');
    await client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: logsRole }] }));
    const stage = await client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [
      { op: 'replace', path: '/variables/backend', value: 'blue' },
      { op: 'remove', path: '/variables/alias' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '2.5' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '3' },
      { op: 'replace', path: '/~1items~1{id}/GET/caching/enabled', value: 'true' },
      { op: 'replace', path: '/~1items~1{id}/GET/caching/ttlInSeconds', value: '60' },
      { op: 'replace', path: '/~1items~1{id}/GET/caching/dataEncrypted', value: 'true' },
      { op: 'replace', path: '/~1items~1{id}/GET/metrics/enabled', value: 'true' },
      { op: 'replace', path: '/~1items~1{id}/GET/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/~1items~1{id}/GET/logging/dataTrace', value: 'true' },
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '1.6' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:access' },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
      { op: 'replace', path: '/description', value: 'patched' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
      { op: 'replace', path: '/deploymentId', value: deployment.id },
    ] }));
    expect(stage.variables).toEqual({ backend: 'blue' });
    expect(stage.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 2.5, throttlingBurstLimit: 3 });
    expect(stage.methodSettings?.['~1items~1{id}/GET']).toMatchObject({
      cachingEnabled: true, cacheTtlInSeconds: 60, cacheDataEncrypted: true, metricsEnabled: true, loggingLevel: 'INFO', dataTraceEnabled: true,
    });
    expect(stage).toMatchObject({
      cacheClusterEnabled: true, cacheClusterSize: '1.6', description: 'patched', tracingEnabled: true,
      accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:access', format: '$context.requestId' },
    });
    const removed = await client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [{ op: 'remove', path: '/accessLogSettings' }] }));
    expect(removed.accessLogSettings).toBeUndefined();
    const bad = await fail(client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/cacheClusterSize', value: '7' }] })));
    expect(bad).toMatchObject({ name: 'BadRequestException' });
    const badDeployment = await fail(client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'nosuchdepl' }] })));
    expect(badDeployment).toMatchObject({ name: 'NotFoundException' });
  });

  it('patches stages with the AWS CLI', { timeout: 120_000 }, async () => {
    const { api } = await deployedApi('cli-staged');
    const { stdout } = await run('aws', ['apigateway', 'update-stage', '--rest-api-id', api.id!, '--stage-name', 'dev', '--patch-operations',
      'op=replace,path=/variables/alias,value=canary', 'op=replace,path=/*/*/throttling/rateLimit,value=10'], { env: cloud.env });
    const stage = JSON.parse(stdout) as { variables: Record<string, string>; methodSettings: Record<string, { throttlingRateLimit: number }> };
    expect(stage.variables.alias).toBe('canary');
    expect(stage.methodSettings['*/*']!.throttlingRateLimit).toBe(10);
  });

  it('creates API keys, showing the value only when asked', { timeout: 120_000 }, async () => {
    const { api } = await deployedApi('keyed');
    const made = await client.send(new CreateApiKeyCommand({ name: 'alpha-key', enabled: true, stageKeys: [{ restApiId: api.id, stageName: 'dev' }] }));
    expect(made.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(made).toMatchObject({ name: 'alpha-key', enabled: true, stageKeys: [`${api.id}/dev`] });
    const given = await client.send(new CreateApiKeyCommand({ name: 'beta-key', value: 'b'.repeat(30) }));
    expect(given).toMatchObject({ value: 'b'.repeat(30), enabled: false });
    expect(await fail(client.send(new CreateApiKeyCommand({ name: 'short', value: 'tooshort' })))).toMatchObject({ name: 'BadRequestException' });

    expect((await client.send(new GetApiKeyCommand({ apiKey: made.id }))).value).toBeUndefined();
    expect((await client.send(new GetApiKeyCommand({ apiKey: made.id, includeValue: true }))).value).toBe(made.value);
    const listed = await client.send(new GetApiKeysCommand({ nameQuery: 'alpha' }));
    expect(listed.items?.map((k) => [k.name, k.value])).toEqual([['alpha-key', undefined]]);
    const withValues = await client.send(new GetApiKeysCommand({ includeValues: true }));
    expect(withValues.items?.find((k) => k.id === given.id)?.value).toBe('b'.repeat(30));

    const cli = JSON.parse((await run('aws', ['apigateway', 'get-api-key', '--api-key', made.id!, '--include-value'], { env: cloud.env })).stdout) as { value: string };
    expect(cli.value).toBe(made.value);

    const disabled = await client.send(new UpdateApiKeyCommand({ apiKey: made.id, patchOperations: [
      { op: 'replace', path: '/enabled', value: 'false' },
      { op: 'replace', path: '/description', value: 'off' },
    ] }));
    expect(disabled).toMatchObject({ enabled: false, description: 'off' });
    await client.send(new DeleteApiKeyCommand({ apiKey: given.id }));
    expect(await fail(client.send(new GetApiKeyCommand({ apiKey: given.id })))).toMatchObject({ name: 'NotFoundException' });
  });

  it('binds keys to usage plans with throttle, quota and API stages', async () => {
    const { api } = await deployedApi('planned');
    const key = await client.send(new CreateApiKeyCommand({ name: 'plan-key', enabled: true }));
    const other = await client.send(new CreateApiKeyCommand({ name: 'other-key', enabled: true }));
    const plan = await client.send(new CreateUsagePlanCommand({
      name: 'basic', throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 100, period: 'DAY' }, apiStages: [{ apiId: api.id, stage: 'dev' }],
    }));
    expect(plan).toMatchObject({ name: 'basic', throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 100, period: 'DAY' }, apiStages: [{ apiId: api.id, stage: 'dev' }] });
    expect(await fail(client.send(new CreateUsagePlanCommand({ name: 'bad', apiStages: [{ apiId: api.id, stage: 'nope' }] })))).toMatchObject({ name: 'NotFoundException' });

    const planKey = await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    expect(planKey).toEqual(expect.objectContaining({ id: key.id, type: 'API_KEY', value: key.value, name: 'plan-key' }));
    expect(await fail(client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' })))).toMatchObject({ name: 'ConflictException' });
    expect(await fail(client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: 'nosuchkey0', keyType: 'API_KEY' })))).toMatchObject({ name: 'NotFoundException' });
    expect((await client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items?.map((k) => k.id)).toEqual([key.id]);
    expect((await client.send(new GetUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id }))).name).toBe('plan-key');
    expect((await client.send(new GetUsagePlansCommand({ keyId: key.id }))).items?.map((p) => p.id)).toEqual([plan.id]);
    expect((await client.send(new GetUsagePlansCommand({ keyId: other.id }))).items).toEqual([]);

    const updated = await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [
      { op: 'replace', path: '/throttle/rateLimit', value: '5' },
      { op: 'replace', path: '/quota/limit', value: '3' },
      { op: 'remove', path: '/apiStages', value: `${api.id}:dev` },
    ] }));
    expect(updated).toMatchObject({ throttle: { rateLimit: 5, burstLimit: 20 }, quota: { limit: 3, period: 'DAY' }, apiStages: [] });
    const readded = await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'add', path: '/apiStages', value: `${api.id}:dev` }] }));
    expect(readded.apiStages).toEqual([{ apiId: api.id, stage: 'dev' }]);
    expect((await client.send(new GetUsagePlanCommand({ usagePlanId: plan.id }))).quota?.limit).toBe(3);
    // The data plane sees the binding it enforces.
    expect(cloud.ctx.ports.apigateway!.data.usagePlans[plan.id!]!.keyIds).toEqual([key.id]);

    await client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id }));
    expect((await client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items).toEqual([]);
    // AWS refuses to delete a plan with API stages bound; they go first (seed 002's clean-up order).
    await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'remove', path: '/apiStages', value: `${api.id}:dev` }] }));
    await client.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id }));
    expect(await fail(client.send(new GetUsagePlanCommand({ usagePlanId: plan.id })))).toMatchObject({ name: 'NotFoundException' });
  });

  it('tags APIs, stages, keys and plans by ARN', { timeout: 120_000 }, async () => {
    const { api } = await deployedApi('tagged');
    const region = 'us-east-1';
    const apiArn = `arn:aws:apigateway:${region}::/restapis/${api.id}`;
    const stageArn = `${apiArn}/stages/dev`;
    await client.send(new TagResourceCommand({ resourceArn: apiArn, tags: { team: 'core', env: 'dev' } }));
    await client.send(new TagResourceCommand({ resourceArn: stageArn, tags: { tier: 'gold' } }));
    await client.send(new UntagResourceCommand({ resourceArn: apiArn, tagKeys: ['env'] }));
    expect((await client.send(new GetTagsCommand({ resourceArn: apiArn }))).tags).toEqual({ team: 'core' });
    expect((await client.send(new GetTagsCommand({ resourceArn: stageArn }))).tags).toEqual({ tier: 'gold' });
    expect((await client.send(new GetRestApiCommand({ restApiId: api.id }))).tags).toEqual({ team: 'core' });

    const key = await client.send(new CreateApiKeyCommand({ name: 'tagged-key' }));
    await client.send(new TagResourceCommand({ resourceArn: `arn:aws:apigateway:${region}::/apikeys/${key.id}`, tags: { owner: 'me' } }));
    expect((await client.send(new GetApiKeyCommand({ apiKey: key.id }))).tags).toEqual({ owner: 'me' });

    const cli = JSON.parse((await run('aws', ['apigateway', 'get-tags', '--resource-arn', stageArn], { env: cloud.env })).stdout) as { tags: Record<string, string> };
    expect(cli.tags).toEqual({ tier: 'gold' });
    expect(await fail(client.send(new GetTagsCommand({ resourceArn: `${apiArn}/stages/nope` })))).toMatchObject({ name: 'NotFoundException' });
    expect(await fail(client.send(new GetTagsCommand({ resourceArn: 'arn:aws:lambda:us-east-1:000000000000:function:f' })))).toMatchObject({ name: 'BadRequestException' });
  });

  it('keeps the account CloudWatch role for access logging, refusing a role that does not exist', async () => {
    const missing = await fail(client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::000000000000:role/nope' }] })));
    expect(missing).toMatchObject({ name: 'BadRequestException', message: 'The role ARN does not have required permissions set to API Gateway' });
    const role = await createServiceRole(cloud, 'apigw-logs-2', 'apigateway.amazonaws.com');
    const updated = await client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: role }] }));
    expect(updated.cloudwatchRoleArn).toBe(role);
    const account = await client.send(new GetAccountCommand({}));
    expect(account).toMatchObject({ cloudwatchRoleArn: role, throttleSettings: { burstLimit: 5000, rateLimit: 10000 } });
  });

  it('names an unknown operation instead of failing silently', async () => {
    const res = await signedFetch(cloud.url, { service: 'apigateway', method: 'GET', path: '/restapis/x/nothing-here' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(res.text).toContain('GET /restapis/x/nothing-here');
  });
});
