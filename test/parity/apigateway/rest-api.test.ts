// Parity: REST API creation, listing, update and deletion (recorded in test_apigateway_api,
// TestApiGatewayApiRestApi).
import {
  APIGatewayClient,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  UpdateRestApiCommand,
  type CreateRestApiCommandInput,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { deleteAllRestApis, uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_api' as const;
const test = (name: string) => `TestApiGatewayApiRestApi::${name}`;

describe('parity: API Gateway REST APIs', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });
  const create = (input: Partial<CreateRestApiCommandInput> = {}) =>
    new CreateRestApiCommand({ name: uniqueName(), ...input });
  const update = (restApiId: string, patchOperations: PatchOperation[]) => new UpdateRestApiCommand({ restApiId, patchOperations });

  parityCase({ file, test: test('test_list_and_delete_apis') }, async (r) => {
    await deleteAllRestApis(apigateway);
    const first = await r.call('create-rest-api-1', apigateway, create({ description: 'this is my api' }));
    await r.call('create-rest-api-2', apigateway, create({ description: 'this is my api2' }));
    await r.call('get-rest-api-before-delete', apigateway, new GetRestApisCommand({}));
    await r.call('delete-rest-api', apigateway, new DeleteRestApiCommand({ restApiId: String(first.id) }));
    await r.call('get-rest-api-after-delete', apigateway, new GetRestApisCommand({}));
  });

  parityCase(
    {
      file,
      test: test('test_get_api_case_insensitive'),
      deviates: 'an older recording: its CreateRestApi answer has no endpointConfiguration.ipAddressType, which AWS now sends',
    },
    async (r) => {
      const created = await r.call('create-rest-api', apigateway, create({ description: 'lower case api' }));
      await r.call('get-api-upper-case', apigateway, new GetRestApiCommand({ restApiId: String(created.id).toUpperCase() }));
    },
  );

  parityCase({ file, test: test('test_create_rest_api_with_optional_params') }, async (r) => {
    await r.call('create-only-name', apigateway, create());
    await r.call('create-empty-desc', apigateway, create({ description: '' }));
    await r.call('create-with-version', apigateway, create({ version: 'v1' }));
    await r.call('create-with-empty-binary-media', apigateway, create({ binaryMediaTypes: [] }));
    await r.call('string-compression-size', apigateway, create({ minimumCompressionSize: -1 }));
  });

  parityCase({ file, test: test('test_create_rest_api_with_binary_media_types') }, async (r) => {
    await r.call('create-with-binary-media', apigateway, create({ binaryMediaTypes: ['image/png'] }));
  });

  parityCase({ file, test: test('test_create_rest_api_with_tags') }, async (r) => {
    await deleteAllRestApis(apigateway);
    const created = await r.call('create-rest-api-w-tags', apigateway, create({ description: 'this is my api', tags: { MY_TAG1: 'MY_VALUE1' } }));
    await r.call('get-rest-api-w-tags', apigateway, new GetRestApiCommand({ restApiId: String(created.id) }));
    await r.call('get-rest-apis-w-tags', apigateway, new GetRestApisCommand({}));
  });

  parityCase({ file, test: test('test_update_rest_api_operation_add_remove') }, async (r) => {
    const { id } = await apigateway.send(create({ description: 'this is my api' }));
    const api = String(id);
    await r.call('update-rest-api-add', apigateway, update(api, [
      { op: 'add', path: '/binaryMediaTypes/image~1png' },
      { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
    ]));
    await r.call('update-rest-api-replace', apigateway, update(api, [{ op: 'replace', path: '/binaryMediaTypes/image~1png', value: 'image/gif' }]));
    await r.call('update-rest-api-remove', apigateway, update(api, [
      { op: 'remove', path: '/binaryMediaTypes/image~1gif' },
      { op: 'remove', path: '/description' },
    ]));
  });

  parityCase({ file, test: test('test_update_rest_api_compression') }, async (r) => {
    const { id } = await apigateway.send(create({ description: 'this is my api' }));
    const api = String(id);
    const size = (op: PatchOperation['op'], value: string) => update(api, [{ op, path: '/minimumCompressionSize', value }]);
    await r.call('enable-compression', apigateway, size('replace', '10'));
    await r.call('disable-compression', apigateway, size('replace', ''));
    await r.call('set-compression-zero', apigateway, size('replace', '0'));
    await r.call('set-negative-compression', apigateway, size('replace', '-1'));
    await r.call('set-string-compression', apigateway, size('replace', 'test'));
    await r.call('unsupported-operation', apigateway, size('add', '10'));
  });

  parityCase({ file, test: test('test_update_rest_api_behaviour') }, async (r) => {
    const { id } = await apigateway.send(create({ description: 'this is my api' }));
    const api = String(id);
    await r.call('update-rest-api-array', apigateway, update(api, [{ op: 'add', path: '/binaryMediaTypes/-', value: 'image/png' }]));
    await r.call('update-rest-api-add-base-path', apigateway, update(api, [{ op: 'add', path: '/binaryMediaTypes', value: 'image/gif' }]));
    await r.call('update-rest-api-replace-base-path', apigateway, update(api, [{ op: 'replace', path: '/binaryMediaTypes', value: 'image/gif' }]));
    await r.call('update-rest-api-remove-base-path', apigateway, update(api, [{ op: 'remove', path: '/binaryMediaTypes' }]));
  });

  parityCase({ file, test: test('test_update_rest_api_invalid_api_id') }, async (r) => {
    await r.call('not-found-update-rest-api', apigateway, update('api_id', [{ op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' }]));
  });
});
