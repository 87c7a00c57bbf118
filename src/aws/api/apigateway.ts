// API Gateway (REST APIs), as the engine uses it.
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, DeleteApiKeyCommand, DeleteRestApiCommand,
  DeleteStageCommand, DeleteUsagePlanCommand, DeleteUsagePlanKeyCommand, GetAccountCommand, GetApiKeysCommand, GetDeploymentsCommand,
  GetRestApisCommand, GetStagesCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand, ImportRestApiCommand, PutRestApiCommand, TagResourceCommand,
  UpdateAccountCommand, UpdateApiKeyCommand, UpdateStageCommand, UpdateUsagePlanCommand, paginateGetApiKeys, paginateGetDeployments,
  paginateGetRestApis, paginateGetUsagePlanKeys, paginateGetUsagePlans,
} from '@aws-sdk/client-api-gateway';
import { service } from './service.js';

export const apigateway = service({
  client: (aws) => aws.apigateway,
  operations: {
    CreateApiKey: CreateApiKeyCommand, CreateDeployment: CreateDeploymentCommand, CreateUsagePlan: CreateUsagePlanCommand,
    CreateUsagePlanKey: CreateUsagePlanKeyCommand, DeleteApiKey: DeleteApiKeyCommand, DeleteRestApi: DeleteRestApiCommand, DeleteStage: DeleteStageCommand,
    DeleteUsagePlan: DeleteUsagePlanCommand, DeleteUsagePlanKey: DeleteUsagePlanKeyCommand, GetAccount: GetAccountCommand, GetApiKeys: GetApiKeysCommand,
    GetDeployments: GetDeploymentsCommand, GetRestApis: GetRestApisCommand, GetStages: GetStagesCommand, GetUsagePlanKeys: GetUsagePlanKeysCommand,
    GetUsagePlans: GetUsagePlansCommand, ImportRestApi: ImportRestApiCommand, PutRestApi: PutRestApiCommand, TagResource: TagResourceCommand,
    UpdateAccount: UpdateAccountCommand, UpdateApiKey: UpdateApiKeyCommand, UpdateStage: UpdateStageCommand, UpdateUsagePlan: UpdateUsagePlanCommand,
  },
  paginators: {
    GetApiKeys: paginateGetApiKeys, GetDeployments: paginateGetDeployments, GetRestApis: paginateGetRestApis,
    GetUsagePlanKeys: paginateGetUsagePlanKeys, GetUsagePlans: paginateGetUsagePlans,
  },
});
