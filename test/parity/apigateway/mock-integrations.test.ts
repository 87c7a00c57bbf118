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
});
