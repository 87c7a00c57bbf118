// Parity: integrations, integration responses and method responses (recorded in
// test_apigateway_api, TestApigatewayIntegration, TestApigatewayIntegrationResponse and
// TestApigatewayMethodResponse).
import {
  APIGatewayClient,
  CreateRestApiCommand,
  DeleteIntegrationResponseCommand,
  DeleteMethodResponseCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateMethodResponseCommand,
  type PatchOperation,
  type PutIntegrationCommandInput,
  type PutIntegrationResponseCommandInput,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_api' as const;
const integration = (name: string) => `TestApigatewayIntegration::${name}`;
const integrationResponse = (name: string) => `TestApigatewayIntegrationResponse::${name}`;
const methodResponse = (name: string) => `TestApigatewayMethodResponse::${name}`;
const MOCK_TEMPLATES = { 'application/json': '{"statusCode": 200}' };
/** Values of a type the SDK's typings refuse (boto3 ran these with parameter validation off). */
const loose = <T>(value: unknown) => value as T;

describe('parity: API Gateway integrations and responses', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  async function newApi(description?: string) {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description }));
    return { apiId: api.id!, rootId: api.rootResourceId! };
  }
  const putMethod = (restApiId: string, resourceId: string, httpMethod: string) =>
    apigateway.send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE' }));
  const putMock = (input: Omit<PutIntegrationCommandInput, 'type'>) =>
    new PutIntegrationCommand({ type: 'MOCK', requestTemplates: MOCK_TEMPLATES, ...input });
  const putIntegrationResponse = (input: Omit<PutIntegrationResponseCommandInput, 'statusCode'> & { statusCode?: string }) =>
    new PutIntegrationResponseCommand({ statusCode: '200', ...input });
  /** An API whose root GET is a MOCK integration. */
  async function mockApi(description?: string) {
    const api = await newApi(description);
    await putMethod(api.apiId, api.rootId, 'GET');
    await apigateway.send(putMock({ restApiId: api.apiId, resourceId: api.rootId, httpMethod: 'GET' }));
    return api;
  }
  /** A mock API whose root GET has a 200 method response with a header and a model. */
  async function methodResponseApi() {
    const api = await mockApi();
    await apigateway.send(new PutMethodResponseCommand({
      restApiId: api.apiId,
      resourceId: api.rootId,
      httpMethod: 'GET',
      statusCode: '200',
      responseParameters: { 'method.response.header.my-header': false },
      responseModels: { 'application/json': 'Empty' },
    }));
    return api;
  }
  const updateMethodResponse = (restApiId: string, resourceId: string, patchOperations: PatchOperation[], statusCode = '200', httpMethod = 'GET') =>
    new UpdateMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode, patchOperations });
  const header = (op: string, value = 'true') => loose<PatchOperation>({ op, path: '/responseParameters/method.response.header.my-header', value });
  const jsonModel = (op: string, value = 'Empty') => loose<PatchOperation>({ op, path: '/responseModels/application~1json', value });

  parityCase({ file, test: integration('test_put_integration_wrong_type') }, async (r) => {
    const { apiId, rootId } = await newApi('APIGW test PutIntegration Types');
    await r.call('put-integration-wrong-type', apigateway, new PutIntegrationCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', type: loose('HTTPS_PROXY') }));
  });

  parityCase({ file, test: integration('test_put_integration_response_validation') }, async (r) => {
    const { apiId, rootId } = await newApi('testing PutIntegrationResponse method exc');
    await putMethod(apiId, rootId, 'POST');
    await r.call('put-integration-wrong-method', apigateway, putMock({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', integrationHttpMethod: 'GET' }));
    await r.call('put-integration-wrong-resource', apigateway, putMock({ restApiId: apiId, resourceId: 'badresource', httpMethod: 'GET', integrationHttpMethod: 'GET' }));
    await apigateway.send(putMock({ restApiId: apiId, resourceId: rootId, httpMethod: 'POST', integrationHttpMethod: 'GET' }));
    const response = { selectionPattern: '', responseTemplates: { 'application/json': '{}' } };
    await r.call('put-integration-response-wrong-method', apigateway, putIntegrationResponse({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', ...response }));
    await r.call('put-integration-response-wrong-resource', apigateway, putIntegrationResponse({ restApiId: apiId, resourceId: 'badresource', httpMethod: 'GET', ...response }));
  });

  parityCase(
    {
      file,
      test: integration('test_put_integration_response_templates'),
      deviates: 'a null template value is dropped (by the SDK v3 serializer and by the local cloud, which reads bodies without null members); AWS keeps {"application/json": null}',
    }, async (r) => {
    const { apiId, rootId } = await newApi('testing PutIntegrationResponse method exc');
    await putMethod(apiId, rootId, 'POST');
    await apigateway.send(putMock({ restApiId: apiId, resourceId: rootId, httpMethod: 'POST', integrationHttpMethod: 'GET' }));
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'POST', selectionPattern: '' };
    await r.call('put-integration-response-template-none', apigateway, putIntegrationResponse({ ...at, responseTemplates: loose({ 'application/json': null }) }));
    await r.call('put-integration-response-template-empty', apigateway, putIntegrationResponse({ ...at, responseTemplates: { 'application/json': '' } }));
    await r.call('put-integration-no-response-template', apigateway, putIntegrationResponse(at));
  });

  parityCase({ file, test: integration('test_put_integration_request_parameter_bool_type') }, async (r) => {
    const { apiId, rootId } = await newApi('APIGW test PutIntegration RequestParam');
    const at = { restApiId: apiId, resourceId: rootId, authorizationType: 'NONE' };
    await r.call('bool-method', apigateway, new PutMethodCommand({ ...at, httpMethod: 'GET', requestParameters: { 'method.request.path.testPath': true } }));
    await r.call('put-method-request-param-wrong-type', apigateway, new PutMethodCommand({
      ...at,
      httpMethod: 'POST',
      requestParameters: { 'method.request.path.testPath': true, true: true },
    }));
    const proxy = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET', type: 'HTTP_PROXY' as const };
    await r.call('put-integration-request-param-wrong-type', apigateway, new PutIntegrationCommand({ ...proxy, requestParameters: loose({ true: true }) }));
    await r.call('put-integration-request-param-bool-value', apigateway, new PutIntegrationCommand({ ...proxy, requestParameters: loose({ 'integration.request.path.testPath': true }) }));
  });

  parityCase({ file, test: integration('test_create_integration_with_vpc_link') }, async (r) => {
    const { apiId, rootId } = await newApi();
    await putMethod(apiId, rootId, 'GET');
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET' };
    await r.call('put-integration-vpc-link', apigateway, new PutIntegrationCommand({
      ...at,
      type: 'HTTP_PROXY',
      uri: 'http://my-vpclink-test-nlb-1234567890abcdef.us-east-1.amazonaws.com',
      integrationHttpMethod: 'GET',
      connectionType: 'VPC_LINK',
      connectionId: '${stageVariables.vpcLinkId}',
    }));
    await r.call('get-integration-vpc-link', apigateway, new GetIntegrationCommand(at));
    await r.call('update-integration-vpc-link', apigateway, new UpdateIntegrationCommand({
      ...at,
      patchOperations: [{ op: 'replace', path: '/connectionId', value: '${stageVariables.vpcLinkIdBeta}' }],
    }));
    await r.call('get-integration-update-vpc-link', apigateway, new GetIntegrationCommand(at));
  });

  parityCase({ file, test: integration('test_get_integration_non_existent') }, async (r) => {
    const { apiId, rootId } = await newApi('APIGW test PutIntegration Types');
    await r.call('get-integration-no-api', apigateway, new GetIntegrationCommand({ restApiId: uniqueName('api'), resourceId: rootId, httpMethod: 'GET' }));
    await r.call('get-integration-no-resource', apigateway, new GetIntegrationCommand({ restApiId: apiId, resourceId: uniqueName('res'), httpMethod: 'GET' }));
    await r.call('get-integration-no-method', apigateway, new GetIntegrationCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET' }));
    await putMethod(apiId, rootId, 'GET');
    await r.call('get-integration-no-integration', apigateway, new GetIntegrationCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET' }));
  });

  parityCase({ file, test: integrationResponse('test_integration_response_wrong_api') }, async (r) => {
    const at = { restApiId: 'wrong-api', resourceId: 'dummy-value', httpMethod: 'GET', statusCode: '200' };
    await r.call('put-integration-response-wrong-api', apigateway, new PutIntegrationResponseCommand(at));
    await r.call('get-integration-response-wrong-api', apigateway, new GetIntegrationResponseCommand(at));
  });

  parityCase({ file, test: integrationResponse('test_integration_response_wrong_resource') }, async (r) => {
    const { apiId } = await newApi('APIGW test Integration Resource');
    const at = { restApiId: apiId, resourceId: 'wrong-resource', httpMethod: 'GET', statusCode: '200' };
    await r.call('put-integration-response-wrong-resource', apigateway, new PutIntegrationResponseCommand(at));
    await r.call('get-integration-response-wrong-resource', apigateway, new GetIntegrationResponseCommand(at));
  });

  parityCase({ file, test: integrationResponse('test_integration_response_wrong_method') }, async (r) => {
    const { apiId, rootId } = await newApi('APIGW test Integration Method');
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'wrong-method', statusCode: '200' };
    await r.call('put-integration-response-wrong-method', apigateway, new PutIntegrationResponseCommand(at));
    await r.call('get-integration-response-wrong-method', apigateway, new GetIntegrationResponseCommand(at));
  });

  parityCase({ file, test: integrationResponse('test_integration_response_invalid_statuscode') }, async (r) => {
    const { apiId, rootId } = await newApi('APIGW test Integration Invalid StatusCode');
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET', statusCode: 'wrong' };
    await r.call('put-integration-response-invalid-statusCode', apigateway, new PutIntegrationResponseCommand({
      ...at,
      responseTemplates: { 'application/json': '"created"' },
      selectionPattern: '',
    }));
    await r.call('get-integration-response-invalid-statusCode', apigateway, new GetIntegrationResponseCommand(at));
  });

  parityCase({ file, test: integrationResponse('test_integration_response_invalid_responsetemplates') }, async (r) => {
    const { apiId, rootId } = await mockApi('APIGW test wrong api');
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET', selectionPattern: '' };
    await r.call('put-integration-response-invalid-responseTemplates-1', apigateway, putIntegrationResponse({ ...at, responseTemplates: loose({ 'application/json': 123 }) }));
    await r.call('put-integration-response-invalid-responseTemplates-2', apigateway, putIntegrationResponse({ ...at, responseTemplates: { '123': '{"statusCode": 200}' } }));
  });

  parityCase({ file, test: integrationResponse('test_integration_response_invalid_integration') }, async (r) => {
    const { apiId, rootId } = await newApi();
    await putMethod(apiId, rootId, 'GET');
    await r.call('get-integration-response-without-integration', apigateway, new GetIntegrationResponseCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200' }));
  });

  parityCase({ file, test: integrationResponse('test_integration_response_wrong_status_code') }, async (r) => {
    const { apiId, rootId } = await mockApi();
    await r.call('get-integration-response-wrong-status-code', apigateway, new GetIntegrationResponseCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', statusCode: '201' }));
  });

  parityCase({ file, test: integrationResponse('test_lifecycle_integration_response') }, async (r) => {
    const { apiId, rootId } = await mockApi();
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200' };
    await r.call('put-integration-response', apigateway, putIntegrationResponse({ ...at, responseTemplates: { 'application/json': '"created"' }, selectionPattern: '' }));
    await r.call('get-integration-response', apigateway, new GetIntegrationResponseCommand(at));
    await r.call('update-integration-response', apigateway, new UpdateIntegrationResponseCommand({
      ...at,
      patchOperations: [{ op: 'replace', path: '/selectionPattern', value: 'updated-pattern' }],
    }));
    await r.call('overwrite-integration-response', apigateway, putIntegrationResponse({ ...at, responseTemplates: { 'application/json': 'overwrite' }, selectionPattern: 'overwrite-pattern' }));
    await r.call('get-method', apigateway, new GetMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET' }));
    await r.call('delete-integration-response', apigateway, new DeleteIntegrationResponseCommand(at));
  });

  parityCase({ file, test: integrationResponse('test_delete_integration_response_errors') }, async (r) => {
    const { apiId, rootId } = await mockApi();
    await r.call('put-integration-response', apigateway, putIntegrationResponse({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', responseTemplates: { 'application/json': '"created"' }, selectionPattern: '' }));
    const remove = (restApiId: string, resourceId: string, httpMethod: string, statusCode: string) =>
      new DeleteIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode });
    await r.call('non-existent-resource', apigateway, remove(apiId, 'bad-resource', 'GET', '200'));
    await r.call('non-existent-api-id', apigateway, remove('bad-api-id', rootId, 'GET', '200'));
    await r.call('non-existent-method', apigateway, remove(apiId, rootId, 'POST', '200'));
    await r.call('non-existent-status-code', apigateway, remove(apiId, rootId, 'GET', '201'));
    await r.call('bad-method', apigateway, remove(apiId, rootId, 'WRONG', '201'));
  });

  parityCase({ file, test: methodResponse('test_update_method_wrong_param_names') }, async (r) => {
    const { apiId, rootId } = await methodResponseApi();
    const update = (op: string, path: string, value: string) => updateMethodResponse(apiId, rootId, [loose<PatchOperation>({ op, path, value })]);
    await r.call('update-method-response-operation-with-wrong-param-name-1', apigateway, update('replace', '/responseParameters/wrong', 'true'));
    await r.call('update-method-response-operation-with-wrong-param-name-2', apigateway, update('remove', '/responseParameters/wrong', 'true'));
    await r.call('update-method-response-operation-with-wrong-param-name-3', apigateway, update('replace', '/responseModels/wrong', 'Empty'));
    await r.call('update-method-response-operation-with-wrong-param-name-4', apigateway, update('remove', '/responseModels/wrong', 'Empty'));
  });

  parityCase({ file, test: methodResponse('test_update_method_lack_response_parameters_and_models') }, async (r) => {
    const { apiId, rootId } = await mockApi();
    await apigateway.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200' }));
    await r.call('update-method-response-operation-without-response-parameters', apigateway, updateMethodResponse(apiId, rootId, [header('remove')]));
    await r.call('update-method-response-operation-without-response-models', apigateway, updateMethodResponse(apiId, rootId, [jsonModel('remove')]));
    await r.call('update-method-response-operation-with-wrong-path', apigateway, updateMethodResponse(apiId, rootId, [
      loose<PatchOperation>({ op: 'remove', path: '/wrong/method.response.header.my-header', value: 'true' }),
    ]));
  });

  parityCase({ file, test: methodResponse('test_update_method_response_negative_tests') }, async (r) => {
    const { apiId, rootId } = await methodResponseApi();
    await r.call('update-method-response-wrong-statuscode', apigateway, updateMethodResponse(apiId, rootId, [header('replace')], '201'));
    await r.call('update-method-response-invalid-statuscode', apigateway, updateMethodResponse(apiId, rootId, [header('replace')], 'wrong'));
    await r.call('update-method-response-invalid-statuscode-and-wrong-op', apigateway, updateMethodResponse(apiId, rootId, [header('wrong_op')], 'wrong'));
    await r.call('update-method-response-wrong-resource', apigateway, updateMethodResponse(apiId, 'wrong', [header('replace')]));
    await r.call('update-method-response-wrong-method', apigateway, updateMethodResponse(apiId, rootId, [header('replace')], '200', 'POST'));
  });

  parityCase({ file, test: methodResponse('test_update_method_response_wrong_operations') }, async (r) => {
    const { apiId, rootId } = await methodResponseApi();
    const update = (ops: PatchOperation[]) => updateMethodResponse(apiId, rootId, ops);
    await r.call('update-method-response-wrong-operation-1', apigateway, update([header('wrong_op')]));
    await r.call('update-method-response-wrong-operation-2', apigateway, update([jsonModel('wrong_op')]));
    await r.call('update-method-response-wrong-operation-3', apigateway, update([header('wrong_op'), jsonModel('wrong_op')]));
    await r.call('update-method-response-wrong-operation-4', apigateway, update([header('wrong_op'), jsonModel('wrong_op'), header('wrong_op'), jsonModel('wrong_op')]));
    await r.call('update-method-response-wrong-operation-5', apigateway, update([header('wrong_op'), jsonModel('remove'), jsonModel('wrong_op')]));
  });

  parityCase({ file, test: methodResponse('test_update_method_response') }, async (r) => {
    const { apiId, rootId } = await methodResponseApi();
    await r.call('remove-update-method-response', apigateway, updateMethodResponse(apiId, rootId, [header('remove'), jsonModel('remove')]));
    await r.call('add-update-method-response', apigateway, updateMethodResponse(apiId, rootId, [header('add'), jsonModel('add')]));
  });

  parityCase({ file, test: methodResponse('test_lifecycle_method_response') }, async (r) => {
    const { apiId, rootId } = await mockApi();
    const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200' };
    await r.call('put-method-response', apigateway, new PutMethodResponseCommand({ ...at, responseParameters: {}, responseModels: {} }));
    await r.call('get-integration-response', apigateway, new GetMethodResponseCommand(at));
    await r.call('add-method-responses', apigateway, updateMethodResponse(apiId, rootId, [header('add'), jsonModel('add')]));
    await r.call('update-method-responses', apigateway, updateMethodResponse(apiId, rootId, [header('replace'), jsonModel('replace')]));
    await r.call('get-method', apigateway, new GetMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET' }));
    await r.call('delete-method-response', apigateway, new DeleteMethodResponseCommand(at));
  });
});
