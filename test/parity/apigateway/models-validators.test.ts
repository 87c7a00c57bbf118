// Parity: models and request validators (recorded in test_apigateway_api, TestApiGatewayApiModels
// and TestApiGatewayApiRequestValidator).
import {
  APIGatewayClient,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateRestApiCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRequestValidatorCommand,
  GetRequestValidatorsCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  type CreateModelCommandInput,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { sortItems, uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_api' as const;
const models = (name: string) => `TestApiGatewayApiModels::${name}`;
const validators = (name: string) => `TestApiGatewayApiRequestValidator::${name}`;
const CALC_SCHEMA =
  '{\n\t"title": "Calc output",\n\t"type": "object",\n\t"properties": {\n\t\t"a": {\n\t\t\t"type": "number"\n\t\t},\n\t\t"b": {\n\t\t\t"type": "number"\n\t\t},\n\t\t"op": {\n\t\t\t"description": "operation of +, -, * or /",\n\t\t\t"type": "string"\n\t\t},\n\t\t"c": {\n\t\t    "type": "number"\n\t\t}\n\t},\n\t"required": ["a", "b", "op"]\n}\n';
const MY_SCHEMA = JSON.stringify({ title: 'MySchema', type: 'object' });

describe('parity: API Gateway models and request validators', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });
  const newApi = async (description: string) => (await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description }))).id!;
  const createModel = (input: Partial<CreateModelCommandInput> & { restApiId: string }) =>
    new CreateModelCommand({ name: 'MySchema', contentType: 'application/json', description: '', schema: MY_SCHEMA, ...input });

  parityCase({ file, test: models('test_model_lifecycle') }, async (r) => {
    const restApiId = await newApi('testing resource model lifecycle');
    await r.call('create-model', apigateway, createModel({ restApiId, name: 'CalcOutput', description: 'Calc output model', schema: CALC_SCHEMA }));
    r.value('get-models', sortItems(await r.call('get-models', apigateway, new GetModelsCommand({ restApiId })), 'name'));
    await r.call('get-model', apigateway, new GetModelCommand({ restApiId, modelName: 'CalcOutput' }));
    await r.call('del-model', apigateway, new DeleteModelCommand({ restApiId, modelName: 'CalcOutput' }));
  });

  parityCase({ file, test: models('test_model_validation') }, async (r) => {
    const restApiId = await newApi('testing resource model lifecycle');
    const fake = 'abcde0';
    await r.call('create-model-wrong-id', apigateway, createModel({ restApiId: fake, description: 'Test model' }));
    await r.call('get-models-wrong-id', apigateway, new GetModelsCommand({ restApiId: fake }));
    await r.call('get-model-wrong-id', apigateway, new GetModelCommand({ restApiId: fake, modelName: 'MySchema' }));
    await r.call('del-model-wrong-id', apigateway, new DeleteModelCommand({ restApiId: fake, modelName: 'MySchema' }));
    await apigateway.send(createModel({ restApiId }));
    await r.call('create-model-already-exists', apigateway, createModel({ restApiId }));
    await r.call('create-model-empty-name', apigateway, createModel({ restApiId, name: '' }));
    await r.call('create-model-empty-schema', apigateway, createModel({ restApiId, name: 'MyEmptySchema', schema: '' }));
    await r.call('create-model-no-schema-json', apigateway, createModel({ restApiId, name: 'MyEmptySchema', schema: undefined }));
    await r.call('create-model-no-schema-xml', apigateway, createModel({ restApiId, name: 'MyEmptySchemaXml', contentType: 'application/xml', schema: undefined }));
  });

  parityCase({ file, test: models('test_update_model') }, async (r) => {
    const restApiId = await newApi('testing update resource model');
    const update = (modelName: string, patchOperations: PatchOperation[], api = restApiId) =>
      new UpdateModelCommand({ restApiId: api, modelName, patchOperations });
    const ops: PatchOperation[] = [
      { op: 'replace', path: '/schema', value: JSON.stringify({ title: 'Updated schema', type: 'object' }) },
      { op: 'replace', path: '/description', value: '' },
    ];
    await r.call('update-model-wrong-id', apigateway, update('mySchema', ops, 'abcde0'));
    await r.call('create-model', apigateway, createModel({ restApiId }));
    await r.call('update-model', apigateway, update('MySchema', ops));
    await r.call('update-model-invalid-op', apigateway, update('MySchema', [{ op: 'add', path: '/wrong-path', value: 'not supported op' }]));
    await r.call('update-model-invalid-path', apigateway, update('MySchema', [{ op: 'replace', path: '/name', value: 'invalid' }]));
    await r.call('update-model-empty-schema', apigateway, update('MySchema', [{ op: 'replace', path: '/schema', value: '' }]));
  });

  parityCase({ file, test: validators('test_validators_crud_no_api') }, async (r) => {
    await r.call('wrong-rest-api-id-create-validator', apigateway, new CreateRequestValidatorCommand({
      restApiId: 'test-fake-rest-id',
      name: 'test-validator',
      validateRequestBody: true,
      validateRequestParameters: false,
    }));
    await r.call('wrong-rest-api-id-get-validators', apigateway, new GetRequestValidatorsCommand({ restApiId: 'test-fake-rest-id' }));
  });

  parityCase({ file, test: validators('test_request_validator_lifecycle') }, async (r) => {
    const api = await r.call('create-rest-api', apigateway, new CreateRestApiCommand({ name: uniqueName(), description: 'my api' }));
    const restApiId = String(api.id);
    const created = await r.call('create-request-validator', apigateway, new CreateRequestValidatorCommand({ restApiId, name: uniqueName('test-validator') }));
    const requestValidatorId = String(created.id);
    const update = (patchOperations: PatchOperation[]) => new UpdateRequestValidatorCommand({ restApiId, requestValidatorId, patchOperations });
    await r.call('get-request-validator', apigateway, new GetRequestValidatorCommand({ restApiId, requestValidatorId }));
    await r.call('get-request-validators', apigateway, new GetRequestValidatorsCommand({ restApiId }));
    await r.call('update-request-validator-with-value', apigateway, update([{ op: 'replace', path: '/validateRequestBody', value: 'true' }]));
    await r.call('update-request-validator-without-value', apigateway, update([{ op: 'replace', path: '/validateRequestBody' }]));
    await r.call('get-request-validators-after-update-operation', apigateway, new GetRequestValidatorCommand({ restApiId, requestValidatorId }));
    await r.call('delete-request-validator', apigateway, new DeleteRequestValidatorCommand({ restApiId, requestValidatorId }));
    await r.call('get-deleted-request-validator', apigateway, new GetRequestValidatorCommand({ restApiId, requestValidatorId }));
    await r.call('get-request-validators-after-delete', apigateway, new GetRequestValidatorsCommand({ restApiId }));
  });

  parityCase({ file, test: validators('test_invalid_get_request_validator') }, async (r) => {
    const restApiId = await newApi('my api');
    const { id } = await apigateway.send(new CreateRequestValidatorCommand({ restApiId, name: uniqueName('test-validator') }));
    await r.call('get-request-validators-invalid-api-id', apigateway, new GetRequestValidatorCommand({ restApiId: 'api_id', requestValidatorId: id! }));
    await r.call('get-request-validators-invalid-validator-id', apigateway, new GetRequestValidatorCommand({ restApiId, requestValidatorId: 'validator_id' }));
  });

  parityCase({ file, test: validators('test_invalid_get_request_validators') }, async (r) => {
    await r.call('get-invalid-request-validators', apigateway, new GetRequestValidatorsCommand({ restApiId: 'api_id' }));
  });

  parityCase({ file, test: validators('test_invalid_delete_request_validator') }, async (r) => {
    const restApiId = await newApi('my api');
    const { id } = await apigateway.send(new CreateRequestValidatorCommand({ restApiId, name: uniqueName('test-validator') }));
    await r.call('delete-request-validator-invalid-api-id', apigateway, new DeleteRequestValidatorCommand({ restApiId: 'api_id', requestValidatorId: id! }));
    await r.call('delete-request-validator-invalid-validator-id', apigateway, new DeleteRequestValidatorCommand({ restApiId, requestValidatorId: 'validator_id' }));
  });

  parityCase({ file, test: validators('test_create_request_validator_invalid_api_id') }, async (r) => {
    await r.call('invalid-create-request-validator', apigateway, new CreateRequestValidatorCommand({ restApiId: 'api_id', name: uniqueName('test-validator') }));
  });

  parityCase({ file, test: validators('test_invalid_update_request_validator_operations') }, async (r) => {
    const api = await r.call('create-rest-api', apigateway, new CreateRestApiCommand({ name: uniqueName(), description: 'my api' }));
    const restApiId = String(api.id);
    const created = await r.call('create-request-validator', apigateway, new CreateRequestValidatorCommand({ restApiId, name: uniqueName('test-validator') }));
    const update = (patchOperations: PatchOperation[]) =>
      new UpdateRequestValidatorCommand({ restApiId, requestValidatorId: String(created.id), patchOperations });
    await r.call('update-request-validator-invalid-add-operation', apigateway, update([{ op: 'add', path: '/validateRequestBody', value: 'true' }]));
    await r.call('update-request-validator-invalid-remove-operation', apigateway, update([{ op: 'remove', path: '/validateRequestBody', value: 'true' }]));
    await r.call('update-request-validator-invalid-path', apigateway, update([{ op: 'replace', path: '/invalidPath', value: 'true' }]));
    await r.call('update-request-validator-empty-name-value', apigateway, update([{ op: 'replace', path: '/name' }]));
  });
});
