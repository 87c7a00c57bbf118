// Parity: deployments and stages together, and routing misses on the execute-api plane (recorded
// in test_apigateway_common, TestDeployments, TestStages and TestApigatewayRouting).
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { notEmulated, parityCase } from '../harness/case.js';
import { invokeApi, jsonOf } from './support-invoke.js';
import { uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_common' as const;

describe('parity: API Gateway deployments', () => {
  let apigateway: APIGatewayClient;
  let cloud: TestCloud;
  useTestCloud({}, (started) => {
    cloud = started;
    apigateway = new APIGatewayClient(started.clientConfig);
  });

  /** An API whose root GET is a bare MOCK integration. */
  async function mockRootApi(): Promise<string> {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName() }));
    const at = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
    await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await apigateway.send(new PutIntegrationCommand({ ...at, type: 'MOCK' }));
    return api.id!;
  }

  for (const manual of [true, false]) {
    parityCase({ file, test: `TestDeployments::test_create_delete_deployments[${manual ? 'True' : 'False'}]` }, async (r) => {
      const restApiId = await mockRootApi();
      const deploy = async () => {
        const { id } = await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: manual ? undefined : 's1' }));
        if (manual) await apigateway.send(new CreateStageCommand({ restApiId, stageName: 's1', deploymentId: id! }));
        return id!;
      };
      let deploymentId = await deploy();
      await r.call('get-deployment', apigateway, new GetDeploymentCommand({ restApiId, deploymentId }));
      await r.call('get-stages', apigateway, new GetStagesCommand({ restApiId }));
      for (let i = 0; i < 3; i++) {
        await r.call(`delete-deployment-error-${i}`, apigateway, new DeleteDeploymentCommand({ restApiId, deploymentId }));
        await apigateway.send(new DeleteStageCommand({ restApiId, stageName: 's1' }));
        await apigateway.send(new DeleteDeploymentCommand({ restApiId, deploymentId }));
        deploymentId = await deploy();
        await r.call(`get-deployments-${i}`, apigateway, new GetDeploymentsCommand({ restApiId }));
        await r.call(`get-stages-${i}`, apigateway, new GetStagesCommand({ restApiId }));
      }
    });
  }

  parityCase({ file, test: 'TestDeployments::test_create_update_deployments' }, async (r) => {
    const restApiId = await mockRootApi();
    const first = (await apigateway.send(new CreateDeploymentCommand({ restApiId }))).id!;
    await apigateway.send(new CreateStageCommand({ restApiId, stageName: 's1', deploymentId: first }));
    await r.call('get-deployment-1', apigateway, new GetDeploymentCommand({ restApiId, deploymentId: first }));
    await r.call('get-stages', apigateway, new GetStagesCommand({ restApiId }));
    await r.call('delete-deployment-error', apigateway, new DeleteDeploymentCommand({ restApiId, deploymentId: first }));
    const second = (await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 's1' }))).id!;
    await r.call('get-deployment-1-after-update', apigateway, new GetDeploymentCommand({ restApiId, deploymentId: first }));
    await r.call('get-deployment-2', apigateway, new GetDeploymentCommand({ restApiId, deploymentId: second }));
    await r.call('get-stages-after-update', apigateway, new GetStagesCommand({ restApiId }));
    await r.call('delete-deployment-1', apigateway, new DeleteDeploymentCommand({ restApiId, deploymentId: first }));
    await r.call('delete-deployment-2-error', apigateway, new DeleteDeploymentCommand({ restApiId, deploymentId: second }));
  });

  notEmulated({ file, test: 'TestStages::test_create_update_stages' }, 'documentation parts and versions');
  notEmulated({ file, test: 'TestStages::test_update_stage_remove_wildcard' }, 'documentation parts and versions');
  notEmulated({ file, test: 'TestDocumentations::test_documentation_parts_and_versions' }, 'documentation parts and versions');

  parityCase({ file, test: 'TestApigatewayRouting::test_routing_not_found' }, async (r) => {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName('test-notfound') }));
    const restApiId = api.id!;
    const { id: resourceId } = await apigateway.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'existing' }));
    const at = { restApiId, resourceId: resourceId!, httpMethod: 'GET' };
    await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await apigateway.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await apigateway.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apigateway.send(new PutIntegrationResponseCommand({
      ...at,
      statusCode: '200',
      selectionPattern: '',
      responseTemplates: { 'application/json': JSON.stringify({ statusCode: 200, message: 'exists' }) },
    }));
    await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
    r.value('working-route', jsonOf(await invokeApi(cloud.port, restApiId, 'dev', '/existing')));
    const missed = async (path: string, method: string) => {
      const answer = await invokeApi(cloud.port, restApiId, 'dev', path, { method });
      return { content: jsonOf(answer), errorType: answer.headers['x-amzn-errortype'] };
    };
    r.value('not-found', await missed('/random-non-existing', 'GET'));
    r.value('wrong-method', await missed('/existing', 'POST'));
  });
});
