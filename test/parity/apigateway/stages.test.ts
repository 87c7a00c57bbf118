// Parity: stages and deployments (recorded in test_apigateway_api, TestApiGatewayStage).
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateAccountCommand,
  UpdateStageCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe } from 'vitest';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase, type Recorder } from '../harness/case.js';
import { uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_api' as const;
const test = (name: string) => `TestApiGatewayStage::${name}`;

describe('parity: API Gateway stages', () => {
  let apigateway: APIGatewayClient;
  let logs: CloudWatchLogsClient;
  let iam: IAMClient;
  useTestCloud({}, (cloud) => {
    iam = new IAMClient(cloud.clientConfig);
    apigateway = new APIGatewayClient(cloud.clientConfig);
    logs = new CloudWatchLogsClient(cloud.clientConfig);
  });

  /** An API whose root GET is a MOCK integration, ready to deploy. */
  async function deployableApi(): Promise<string> {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName('test-stages') }));
    const at = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
    await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await apigateway.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    return api.id!;
  }
  /** The recording's account lets API Gateway write logs (a CloudWatch role is set): so here. */
  async function logGroupArn(): Promise<string> {
    const roleName = uniqueName('apigw-cloudwatch-logs');
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await apigateway.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: Role!.Arn! }] }));
    const name = uniqueName('test-log-group');
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    const { logGroups = [] } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return logGroups[0]!.arn!.replace(/:\*$/, '');
  }
  /** An API with a deployment and its "dev" stage, both recorded. */
  async function devStage(r: Recorder): Promise<string> {
    const restApiId = await deployableApi();
    const deployment = await r.call('create-deployment', apigateway, new CreateDeploymentCommand({ restApiId }));
    await r.call('create-stage', apigateway, new CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: String(deployment.id), description: 'dev stage' }));
    return restApiId;
  }
  const updateStage = (restApiId: string, patchOperations: PatchOperation[]) => new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations });

  parityCase({ file, test: test('test_get_stages_filters_by_deployment_id') }, async (r) => {
    const restApiId = await deployableApi();
    const first = await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'stage1' }));
    const second = await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'stage2' }));
    await r.call('all-stages', apigateway, new GetStagesCommand({ restApiId }));
    await r.call('stages-deploy1', apigateway, new GetStagesCommand({ restApiId, deploymentId: first.id }));
    await r.call('stages-deploy2', apigateway, new GetStagesCommand({ restApiId, deploymentId: second.id }));
  });

  parityCase({ file, test: test('test_stage_access_log_settings') }, async (r) => {
    const arn = await logGroupArn();
    const restApiId = await devStage(r);
    await r.call('update-stage-access-log-dest-add', apigateway, updateStage(restApiId, [{ op: 'add', path: '/accessLogSettings/destinationArn', value: arn }]));
    await r.call('update-stage-access-log-dest-replace', apigateway, updateStage(restApiId, [{ op: 'replace', path: '/accessLogSettings/destinationArn', value: `${arn}a` }]));
    await r.call('update-stage-access-log-format-add', apigateway, updateStage(restApiId, [
      { op: 'add', path: '/accessLogSettings/format', value: '$context.requestId $context.identity.sourceIp' },
    ]));
    await r.call('update-stage-access-log-remove-all', apigateway, updateStage(restApiId, [{ op: 'remove', path: '/accessLogSettings' }]));
  });

  parityCase({ file, test: test('test_stage_access_log_settings_validation') }, async (r) => {
    const arn = await logGroupArn();
    const restApiId = await devStage(r);
    for (const op of ['add', 'remove', 'replace'] as const) {
      await r.call(`invalid-path-${op}`, apigateway, updateStage(restApiId, [{ op, path: '/accessLogSettings/randomValue', value: 'updated' }]));
    }
    for (const op of ['add', 'remove', 'replace'] as const) {
      await r.call(`star-and-${op}`, apigateway, updateStage(restApiId, [{ op, path: '/accessLogSettings/*', value: 'updated' }]));
    }
    for (const op of ['add', 'replace'] as const) {
      await r.call(`root-and-${op}`, apigateway, updateStage(restApiId, [{ op, path: '/accessLogSettings', value: 'test' }]));
    }
    await r.call('update-stage-access-log-dest-add', apigateway, updateStage(restApiId, [{ op: 'add', path: '/accessLogSettings/destinationArn', value: arn }]));
    for (const path of ['destinationArn', 'format']) {
      await r.call(`update-stage-access-log-${path}-empty`, apigateway, updateStage(restApiId, [{ op: 'replace', path: `/accessLogSettings/${path}`, value: '' }]));
    }
    await r.call('update-stage-access-log-dest-remove', apigateway, updateStage(restApiId, [{ op: 'remove', path: '/accessLogSettings/destinationArn' }]));
  });
});
