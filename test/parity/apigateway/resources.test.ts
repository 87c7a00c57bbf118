// Parity: resources of a REST API (recorded in test_apigateway_api, TestApiGatewayApiResource).
import {
  APIGatewayClient,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourcesCommand,
  UpdateResourceCommand,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase, type Recorder } from '../harness/case.js';
import { sortItems, uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_api' as const;
const test = (name: string) => `TestApiGatewayApiResource::${name}`;

describe('parity: API Gateway resources', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  async function newApi(description: string) {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description }));
    return { apiId: api.id!, rootId: api.rootResourceId! };
  }
  const createResource = (restApiId: string, parentId: string, pathPart: string) => new CreateResourceCommand({ restApiId, parentId, pathPart });
  const resources = async (r: Recorder, key: string, restApiId: string) =>
    r.value(key, sortItems(await r.call(key, apigateway, new GetResourcesCommand({ restApiId })), 'path'));
  const replace = (restApiId: string, resourceId: string, path: string, value: string) =>
    new UpdateResourceCommand({ restApiId, resourceId, patchOperations: [{ op: 'replace', path, value }] });

  parityCase({ file, test: test('test_resource_lifecycle') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource lifecycle');
    await resources(r, 'rest-api-root-resource', apiId);
    const pets = await r.call('create-resource', apigateway, createResource(apiId, rootId, 'pets'));
    await resources(r, 'rest-api-resources-after-create', apiId);
    await r.call('create-subresource', apigateway, createResource(apiId, String(pets.id), 'subpets'));
    await resources(r, 'rest-api-resources-after-create-sub', apiId);
    await r.call('update-path-part', apigateway, replace(apiId, String(pets.id), '/pathPart', 'dogs'));
    await r.call('get-resp-after-update-path-part', apigateway, new GetResourceCommand({ restApiId: apiId, resourceId: String(pets.id) }));
    await r.call('del-resource', apigateway, new DeleteResourceCommand({ restApiId: apiId, resourceId: String(pets.id) }));
    await resources(r, 'rest-api-resources-after-delete', apiId);
  });

  parityCase({ file, test: test('test_update_resource_behaviour') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource behaviour');
    const pets = String((await apigateway.send(createResource(apiId, rootId, 'pets'))).id);
    await r.call('nonexistent-resource', apigateway, replace(apiId, 'fake-resource', '/pathPart', 'dogs'));
    await r.call('invalid-path-part', apigateway, replace(apiId, pets, '/invalid', 'dogs'));
    await r.call('invalid-parent-id', apigateway, replace(apiId, pets, '/parentId', 'fake-parent-id'));
    const sub = String((await r.call('create-subresource', apigateway, createResource(apiId, pets, 'subpets'))).id);
    const child = String((await r.call('create-subresource-child', apigateway, createResource(apiId, sub, 'pets'))).id);
    await r.call('existing-future-sibling-path', apigateway, replace(apiId, child, '/parentId', rootId));
    await apigateway.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: child }));
    await r.call('update-parent-id-to-subresource-id', apigateway, replace(apiId, pets, '/parentId', sub));
    await r.call('update-parent-id-to-root-id', apigateway, replace(apiId, sub, '/parentId', rootId));
    await r.call('update-path-already-exists', apigateway, replace(apiId, sub, '/pathPart', 'pets'));
    await apigateway.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: pets }));
    await resources(r, 'resources-after-deletion', apiId);
    await r.call('remove-unsupported', apigateway, new UpdateResourceCommand({ restApiId: apiId, resourceId: sub, patchOperations: [{ op: 'remove', path: '/pathPart' }] }));
    await r.call('add-unsupported', apigateway, new UpdateResourceCommand({ restApiId: apiId, resourceId: sub, patchOperations: [{ op: 'add', path: '/pathPart', value: 'added-pets' }] }));
  });

  parityCase({ file, test: test('test_update_resource_on_root') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource behaviour');
    await r.call('update-root-path-part', apigateway, replace(apiId, rootId, '/pathPart', 'dogs'));
    await r.call('update-root-parent', apigateway, replace(apiId, rootId, '/parentId', rootId));
  });

  parityCase({ file, test: test('test_delete_resource') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource behaviour');
    const pets = String((await apigateway.send(createResource(apiId, rootId, 'pets'))).id);
    const sub = String((await apigateway.send(createResource(apiId, pets, 'subpets'))).id);
    await r.call('delete-resource', apigateway, new DeleteResourceCommand({ restApiId: apiId, resourceId: pets }));
    await r.call('get-resources', apigateway, new GetResourcesCommand({ restApiId: apiId }));
    await r.call('delete-subresource', apigateway, new DeleteResourceCommand({ restApiId: apiId, resourceId: sub }));
  });

  parityCase({ file, test: test('test_create_resource_parent_invalid') }, async (r) => {
    const { apiId } = await newApi('testing resource parent');
    await r.call('wrong-resource-parent-id', apigateway, createResource(apiId, 'fake-resource-id', 'subpets'));
  });

  parityCase({ file, test: test('test_create_proxy_resource') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource proxy');
    await r.call('create-base-proxy-resource', apigateway, createResource(apiId, rootId, '{proxy+}'));
    const parent = String((await apigateway.send(createResource(apiId, rootId, 'parent'))).id);
    r.value('create-proxy-sibling-resource', parent);
    const proxyChild = String((await r.call('create-proxy-sibling-proxy-child-resource', apigateway, createResource(apiId, parent, '{proxy+}'))).id);
    const staticChild = String((await r.call('create-proxy-sibling-static-child-resource', apigateway, createResource(apiId, parent, 'child'))).id);
    await r.call('create-static-child-proxy-resource', apigateway, createResource(apiId, staticChild, '{proxy+}'));
    await resources(r, 'all-resources', apiId);
    await apigateway.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: proxyChild }));
    const dynamicChild = String((await r.call('create-proxy-sibling-dynamic-child-resource', apigateway, createResource(apiId, parent, '{child}'))).id);
    await r.call('create-dynamic-child-proxy-resource', apigateway, createResource(apiId, dynamicChild, '{proxy+}'));
    await resources(r, 'all-resources-2', apiId);
  });

  parityCase({ file, test: test('test_create_proxy_resource_validation') }, async (r) => {
    const { apiId, rootId } = await newApi('testing resource proxy');
    const proxy = String((await r.call('create-base-proxy-resource', apigateway, createResource(apiId, rootId, '{proxy+}'))).id);
    await r.call('create-proxy-dynamic-sibling-resource', apigateway, createResource(apiId, rootId, '{dynamic}'));
    await r.call('create-proxy-static-child-resource', apigateway, createResource(apiId, proxy, 'child'));
    await r.call('create-proxy-dynamic-child-resource', apigateway, createResource(apiId, proxy, '{child}'));
    const parent = String((await apigateway.send(createResource(apiId, rootId, 'parent'))).id);
    await r.call('create-greedy-child-resource', apigateway, createResource(apiId, parent, '{child+}'));
  });
});
