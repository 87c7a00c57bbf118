// Parity: MOCK integrations answering on the execute-api plane (recorded in
// test_apigateway_basic, TestIntegrations::test_mock_integration_response).
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { invokeApi, jsonOf, type UrlType } from './support-invoke.js';
import { uniqueName } from './support.js';

describe('parity: API Gateway MOCK integrations', () => {
  let apigateway: APIGatewayClient;
  let cloud: TestCloud;
  useTestCloud({}, (started) => {
    cloud = started;
    apigateway = new APIGatewayClient(started.clientConfig);
  });

  for (const passthroughBehavior of ['WHEN_NO_MATCH', 'NEVER', 'WHEN_NO_TEMPLATES'] as const) {
    for (const urlType of ['PATH_BASED', 'HOST_BASED'] as UrlType[]) {
      for (const httpMethod of ['GET', 'POST']) {
        parityCase(
          { file: 'apigateway/test_apigateway_basic', test: `TestIntegrations::test_mock_integration_response[${passthroughBehavior}-UrlType.${urlType}-${httpMethod}]` },
          async (r) => {
            const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName('mock-api') }));
            const restApiId = api.id!;
            const resource = await apigateway.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: '{id}' }));
            const at = { restApiId, resourceId: resource.id!, httpMethod };
            await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
            await apigateway.send(new PutIntegrationCommand({
              ...at,
              type: 'MOCK',
              integrationHttpMethod: httpMethod,
              passthroughBehavior,
              requestTemplates: { 'application/json': '{"statusCode":200}' },
            }));
            await apigateway.send(new PutMethodResponseCommand({ ...at, statusCode: '200', responseModels: { 'application/json': 'Empty' } }));
            await apigateway.send(new PutIntegrationResponseCommand({
              ...at,
              statusCode: '200',
              responseTemplates: { 'application/json': '{"statusCode": 200, "id": $input.params().path.id}' },
            }));
            await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
            const answer = await invokeApi(cloud.port, restApiId, 'test', '/42', { method: httpMethod, headers: { 'content-type': 'application/json' }, urlType });
            r.value('mock-response', jsonOf(answer));
          },
        );
      }
    }
  }

  const file = 'apigateway/test_apigateway_integrations' as const;
  /** An API with a GET method on `pathPart` (or the root), a 200 method response and a deployment-ready MOCK. */
  async function mockGet(options: {
    pathPart?: string;
    requestParameters?: Record<string, boolean>;
    integrationParameters?: Record<string, string>;
    requestTemplate: string;
    responseTemplates: Record<string, string>;
  }) {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description: 'this is my api' }));
    const restApiId = api.id!;
    const resourceId = options.pathPart
      ? (await apigateway.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: options.pathPart }))).id!
      : api.rootResourceId!;
    const at = { restApiId, resourceId, httpMethod: 'GET' };
    await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE', requestParameters: options.requestParameters }));
    await apigateway.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await apigateway.send(new PutIntegrationCommand({
      ...at,
      integrationHttpMethod: 'POST',
      type: 'MOCK',
      requestParameters: options.integrationParameters ?? {},
      requestTemplates: { 'application/json': options.requestTemplate },
    }));
    await apigateway.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', selectionPattern: '2\\d{2}', responseTemplates: options.responseTemplates }));
    return { restApiId };
  }
  const dedent = (text: string) => text.replace(/^\n/, '').replace(/^ {4}/gm, '');
  const deploy = (restApiId: string) => apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }));

  parityCase({ file, test: 'test_integration_mock_with_path_param' }, async (r) => {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description: 'this is my api' }));
    const restApiId = api.id!;
    const { id: resourceId } = await apigateway.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: '{testPath}' }));
    const at = { restApiId, resourceId: resourceId!, httpMethod: 'GET' };
    await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'none', requestParameters: { 'method.request.path.testPath': true } }));
    await apigateway.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await r.call('integration', apigateway, new PutIntegrationCommand({
      ...at,
      integrationHttpMethod: 'POST',
      type: 'MOCK',
      requestParameters: { 'integration.request.path.integrationPath': 'method.request.path.testPath' },
      requestTemplates: { 'application/json': '{statusCode: 200}' },
    }));
  });

  parityCase({ file, test: 'test_integration_mock_with_request_overrides_in_response_template' }, async (r) => {
    const { restApiId } = await mockGet({
      pathPart: '{testPath}',
      requestParameters: { 'method.request.path.testPath': true },
      requestTemplate: dedent(`#set($body = $util.base64Decode($input.params('testPath')))
    #set($context.requestOverride.path.body = $body)
    {
      "statusCode": 200
    }
    `),
      responseTemplates: {
        'application/json': dedent(`
    #set($body = $util.parseJson($context.requestOverride.path.body))
    #set($inputBody = $body.message)
    #if($inputBody == "path1")
    {
       "response": "path was path one"
    }
    #elseif($inputBody == "path2")
    {
       "response": "path was path two"
    }
    #else
    {
      "response": "this is the else clause"
    }
    #end
    `),
      },
    });
    await deploy(restApiId);
    const call = async (message: string) =>
      jsonOf(await invokeApi(cloud.port, restApiId, 'dev', `/${Buffer.from(JSON.stringify({ message })).toString('base64')}`));
    r.value('invoke-path1', await call('path1'));
    r.value('invoke-path2', await call('path2'));
    r.value('invoke-path-else', await call('whatever'));
  });

  for (const withTemplate of [true, false]) {
    parityCase({ file, test: `test_integration_mock_with_response_override_in_request_template[${withTemplate ? 'True' : 'False'}]` }, async (r) => {
      const { restApiId } = await mockGet({
        requestTemplate: dedent(`
    #set($context.responseOverride.status = 444)
    #set($context.responseOverride.header.foo = "bar")
    #set($context.responseOverride.custom = "is also passed around")
    {
      "statusCode": 200
    }
    `),
        responseTemplates: withTemplate
          ? {
              'application/json': dedent(`
    #set($statusOverride = $context.responseOverride.status)
    #set($fooHeader = $context.responseOverride.header.foo)
    #set($custom = $context.responseOverride.custom)
    {
        "statusOverride": "$statusOverride",
        "fooHeader": "$fooHeader",
        "custom": "$custom"
    }
    `),
            }
          : {},
      });
        await deploy(restApiId);
      const answer = await invokeApi(cloud.port, restApiId, 'dev', '/');
      // Python's repr of the empty bytes body, as the recording holds it.
      r.value('response', { body: withTemplate ? jsonOf(answer) : `b'${answer.body}'`, status_code: answer.status });
    });
  }

  parityCase({ file, test: 'test_integration_mock_with_vtl_map_assignation' }, async (r) => {
    const { restApiId } = await mockGet({
      requestTemplate: dedent(`
    #set($paramName = "foo")
    #set($context.requestOverride.querystring[$paramName] = "bar")
    #set($paramPutName = "putfoo")
    $context.requestOverride.querystring.put($paramPutName, "putBar")
    #set($context["requestOverride"].querystring["nestedfoo"] = "nestedFoo")
    {
      "statusCode": 200
    }
    `),
      responseTemplates: {
        'application/json': dedent(`
    #set($value = $context.requestOverride.querystring["foo"])
    #set($value2 = $context.requestOverride.querystring["putfoo"])
    #set($value3 = $context.requestOverride.querystring["nestedfoo"])
    {
        "value": "$value",
        "value2": "$value2",
        "value3": "$value3"
    }
    `),
      },
    });
    await deploy(restApiId);
    const answer = await invokeApi(cloud.port, restApiId, 'dev', '/');
    r.value('response', { body: jsonOf(answer), status_code: answer.status });
  });
});
