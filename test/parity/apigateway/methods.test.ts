// Parity: methods of a resource (recorded in test_apigateway_api, TestApiGatewayApiMethod).
import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateModelCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteMethodCommand,
  DeleteModelCommand,
  GetMethodCommand,
  PutMethodCommand,
  UpdateMethodCommand,
  type PatchOperation,
  type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_api' as const;
const test = (name: string) => `TestApiGatewayApiMethod::${name}`;
const AUTHORIZER_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations';

describe('parity: API Gateway methods', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  async function newApi(description: string) {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description }));
    return { apiId: api.id!, rootId: api.rootResourceId! };
  }
  const putMethod = (input: Omit<PutMethodCommandInput, 'authorizationType'> & { authorizationType?: string }) =>
    new PutMethodCommand({ authorizationType: 'NONE', ...input });
  const updateMethod = (restApiId: string, resourceId: string, httpMethod: string, patchOperations: PatchOperation[]) =>
    new UpdateMethodCommand({ restApiId, resourceId, httpMethod, patchOperations });

  parityCase({ file, test: test('test_method_lifecycle') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource method lifecycle');
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'ANY' };
    await r.call('put-base-method-response', apigateway, putMethod(at));
    await r.call('get-base-method-response', apigateway, new GetMethodCommand(at));
    await r.call('del-base-method-response', apigateway, new DeleteMethodCommand(at));
    await r.call('get-deleted-method-response', apigateway, new GetMethodCommand(at));
    await r.call('delete-deleted-method-response', apigateway, new DeleteMethodCommand(at));
  });

  parityCase({ file, test: test('test_method_request_parameters') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource method request params');
    await r.call('put-method-request-params-response', apigateway, putMethod({
      restApiId: apiId,
      resourceId: rootId,
      httpMethod: 'ANY',
      requestParameters: {
        'method.request.querystring.q_optional': false,
        'method.request.querystring.q_required': true,
        'method.request.header.h_optional': false,
        'method.request.header.h_required': true,
      },
    }));
    await r.call('get-method-request-params-response', apigateway, new GetMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY' }));
    await r.call('req-params-same-name', apigateway, putMethod({
      restApiId: apiId,
      resourceId: rootId,
      httpMethod: 'GET',
      requestParameters: { 'method.request.querystring.optional': false, 'method.request.header.optional': false },
    }));
  });

  parityCase({ file, test: test('test_put_method_model') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource method model');
    const model = (name: string) =>
      new CreateModelCommand({ restApiId: apiId, name, contentType: 'application/json', description: '', schema: JSON.stringify({ title: name, type: 'object' }) });
    const deleteModel = (modelName: string) => new DeleteModelCommand({ restApiId: apiId, modelName });
    await r.call('create-model', apigateway, model('MySchema'));
    await r.call('create-model-2', apigateway, model('MySchemaTwo'));
    await r.call('put-method-request-models', apigateway, putMethod({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY', requestModels: { 'application/json': 'MySchema' } }));
    await r.call('delete-model-used', apigateway, deleteModel('MySchema'));
    await r.call('update-method-model', apigateway, updateMethod(apiId, rootId, 'ANY', [{ op: 'replace', path: '/requestModels/application~1json', value: 'MySchemaTwo' }]));
    await r.call('delete-model-unused', apigateway, deleteModel('MySchema'));
    await r.call('delete-model-used-2', apigateway, deleteModel('MySchemaTwo'));
    const child = await apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'test' }));
    await r.call('put-method-2-request-models', apigateway, putMethod({ restApiId: apiId, resourceId: child.id!, httpMethod: 'ANY', requestModels: { 'application/json': 'MySchemaTwo' } }));
    await r.call('delete-model-used-by-2-method', apigateway, deleteModel('MySchemaTwo'));
    await r.call('update-method-model-2', apigateway, updateMethod(apiId, child.id!, 'ANY', [{ op: 'remove', path: '/requestModels/application~1json', value: 'MySchemaTwo' }]));
    await r.call('delete-model-used-by-method-1', apigateway, deleteModel('MySchemaTwo'));
    await r.call('delete-method-using-model-2', apigateway, new DeleteMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY' }));
    await r.call('delete-model-unused-2', apigateway, deleteModel('MySchemaTwo'));
  });

  parityCase({ file, test: test('test_put_method_validation') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource method request params');
    await r.call('wrong-api', apigateway, putMethod({ restApiId: 'fake-api', resourceId: rootId, httpMethod: 'WRONG' }));
    await r.call('wrong-resource', apigateway, putMethod({ restApiId: apiId, resourceId: 'fake-resource-id', httpMethod: 'WRONG' }));
    await r.call('wrong-method', apigateway, putMethod({ restApiId: apiId, resourceId: rootId, httpMethod: 'WRONG' }));
    await r.call('missing-authorizer-id', apigateway, putMethod({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY', authorizationType: 'CUSTOM' }));
    await r.call('invalid-request-validator', apigateway, putMethod({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY', requestValidatorId: 'fake-validator' }));
    await r.call('invalid-model-name', apigateway, putMethod({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY', requestModels: { 'application/json': 'petModel' } }));
  });

  parityCase({ file, test: test('test_update_method') }, async (r) => {
    const { apiId, rootId } = await newApi('testing update method');
    const update = (ops: PatchOperation[]) => updateMethod(apiId, rootId, 'ANY', ops);
    await r.call('put-method-response', apigateway, putMethod({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY' }));
    await r.call('update-method-add', apigateway, update([
      { op: 'add', path: '/requestParameters/method.request.querystring.optional', value: 'true' },
      { op: 'add', path: '/requestModels/application~1json', value: 'Empty' },
    ]));
    await r.call('update-method-replace', apigateway, update([
      { op: 'replace', path: '/operationName', value: 'ReplacedOperationName' },
      { op: 'replace', path: '/apiKeyRequired', value: 'true' },
      { op: 'replace', path: '/authorizationType', value: 'AWS_IAM' },
      { op: 'replace', path: '/requestParameters/method.request.querystring.optional', value: 'false' },
    ]));
    const authorizer = await apigateway
      .send(new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'authorizer-test',
        type: 'TOKEN',
        authorizerUri: AUTHORIZER_URI,
        identitySource: 'method.request.header.Authorization',
      }))
      .catch(() => ({ id: 'no-authorizer' }));
    await r.call('update-method-replace-authorizer', apigateway, update([
      { op: 'replace', path: '/authorizerId', value: authorizer.id! },
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
    ]));
    await r.call('update-method-remove', apigateway, update([
      { op: 'remove', path: '/requestParameters/method.request.querystring.optional', value: 'true' },
      { op: 'remove', path: '/requestModels/application~1json', value: 'Empty' },
    ]));
  });

  parityCase({ file, test: test('test_update_method_validation') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource method request params');
    const update = (ops: PatchOperation[]) => updateMethod(apiId, rootId, 'ANY', ops);
    await r.call('wrong-rest-api', apigateway, updateMethod('fake-api', rootId, 'ANY', []));
    await r.call('wrong-resource-id', apigateway, updateMethod(apiId, 'fake-resource-id', 'ANY', []));
    await r.call('method-does-not-exist', apigateway, updateMethod(apiId, rootId, 'GET', [{ op: 'replace', path: '/operationName', value: 'methodDoesNotExist' }]));
    await r.call('put-method-response', apigateway, putMethod({ restApiId: apiId, resourceId: rootId, httpMethod: 'ANY', apiKeyRequired: true }));
    await r.call('unsupported-operation', apigateway, update([{ op: 'add', path: '/operationName', value: 'operationName' }]));
    await r.call('unsupported-operation-2', apigateway, update([{ op: 'add', path: '/requestValidatorId', value: 'wrong-id' }]));
    await r.call('unsupported-path', apigateway, update([{ op: 'add', path: '/httpMethod', value: 'PUT' }]));
    await r.call('wrong-path-request-parameters', apigateway, update([{ op: 'replace', path: '/requestParameters', value: 'method.request.querystring.optional=false' }]));
    await r.call('wrong-path-request-models', apigateway, update([{ op: 'add', path: '/requestModels/application/json', value: 'Empty' }]));
    await r.call('wrong-value-type', apigateway, update([{ op: 'replace', path: '/apiKeyRequired', value: 'whatever' }]));
    await r.call('wrong-auth-type', apigateway, update([{ op: 'replace', path: '/authorizationType', value: 'CUSTOM' }]));
    await r.call('skip-auth-id-with-wrong-type', apigateway, update([{ op: 'replace', path: '/authorizerId', value: 'abc123' }]));
    await r.call('wrong-auth-id', apigateway, update([
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
      { op: 'replace', path: '/authorizerId', value: 'abc123' },
    ]));
    await r.call('wrong-req-validator-id', apigateway, update([{ op: 'replace', path: '/requestValidatorId', value: 'fake-id' }]));
  });
});
