// Parity: usage plans (recorded in test_apigateway_common, TestUsagePlans).
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  DeleteUsagePlanCommand,
  GetUsagePlanCommand,
  GetUsagePlansCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateUsagePlanCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { uniqueName } from './support.js';

describe('parity: API Gateway usage plans', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  parityCase({ file: 'apigateway/test_apigateway_common', test: 'TestUsagePlans::test_usage_plan_crud' }, async (r) => {
    const { items: old = [] } = await apigateway.send(new GetUsagePlansCommand({}));
    for (const plan of old) await apigateway.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! }));
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description: 'this is my api' }));
    const restApiId = api.id!;
    const at = { restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET' };
    await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'none' }));
    // The recording's echo server is never called here: only the control plane is exercised.
    await apigateway.send(new PutIntegrationCommand({ ...at, integrationHttpMethod: 'POST', type: 'HTTP', uri: 'http://127.0.0.1:9/post' }));
    const deployment = await apigateway.send(new CreateDeploymentCommand({ restApiId }));
    await apigateway.send(new CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: deployment.id! }));
    const created = await r.call('create-usage-plan', apigateway, new CreateUsagePlanCommand({
      name: uniqueName('test-usage-plan'),
      description: 'this is my usage plan',
      apiStages: [{ apiId: restApiId, stage: 'dev' }],
    }));
    const usagePlanId = String(created.id);
    const update = (patchOperations: PatchOperation[], id = usagePlanId) => new UpdateUsagePlanCommand({ usagePlanId: id, patchOperations });
    await r.call('get-usage-plan', apigateway, new GetUsagePlanCommand({ usagePlanId }));
    await r.call('get-usage-plans', apigateway, new GetUsagePlansCommand({}));
    await r.call('update-usage-plan', apigateway, update([
      { op: 'replace', path: '/throttle/burstLimit', value: '100' },
      { op: 'replace', path: '/throttle/rateLimit', value: '200' },
      { op: 'replace', path: '/quota/period', value: 'MONTH' },
      { op: 'replace', path: '/quota/limit', value: '5000' },
    ]));
    await r.call('update-wrong-id', apigateway, update([
      { op: 'replace', path: '/throttle/burstLimit', value: '100' },
      { op: 'replace', path: '/throttle/rateLimit', value: '200' },
    ], `${usagePlanId}1`));
    await r.call('update-wrong-api-stages-no-value', apigateway, update([{ op: 'remove', path: '/apiStages' }]));
    await r.call('update-wrong-api-stages-wrong-api', apigateway, update([{ op: 'remove', path: '/apiStages', value: `${restApiId}b:dev` }]));
    await r.call('update-wrong-api-stages-wrong-stage', apigateway, update([{ op: 'remove', path: '/apiStages', value: `${restApiId}:fakestagename` }]));
    await r.call('update-wrong-api-stages-wrong-value', apigateway, update([{ op: 'remove', path: '/apiStages', value: 'fakevalue' }]));
    await r.call('get-usage-plan-after-update', apigateway, new GetUsagePlanCommand({ usagePlanId }));
    await r.call('get-usage-plans-after-update', apigateway, new GetUsagePlansCommand({}));
  });
});
