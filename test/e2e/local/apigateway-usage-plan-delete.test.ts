// AWS refuses to delete a usage plan while API stages are bound to it; removing them first works.
import { APIGatewayClient, BadRequestException, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, DeleteUsagePlanCommand, GetUsagePlanCommand, NotFoundException, PutIntegrationCommand, PutMethodCommand, UpdateUsagePlanCommand } from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

describe('DeleteUsagePlan', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud.dispose());

  it('answers BadRequestException while a stage is bound, and deletes once the stage is removed', async () => {
    const apigw = new APIGatewayClient(cloud.clientConfig);
    const api = await apigw.send(new CreateRestApiCommand({ name: 'plans' }));
    await apigw.send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apigw.send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'bound', apiStages: [{ apiId: api.id!, stage: 'dev' }] }));

    const refused = apigw.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! }));
    await expect(refused).rejects.toBeInstanceOf(BadRequestException);
    await expect(refused).rejects.toThrow(`Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${api.id}:dev`);
    expect((await apigw.send(new GetUsagePlanCommand({ usagePlanId: plan.id! }))).apiStages).toHaveLength(1);

    await apigw.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'remove', path: '/apiStages', value: `${api.id}:dev` }] }));
    await apigw.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! }));
    await expect(apigw.send(new GetUsagePlanCommand({ usagePlanId: plan.id! }))).rejects.toBeInstanceOf(NotFoundException);
  });
});
