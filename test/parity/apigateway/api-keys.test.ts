// Parity: API keys and usage-plan keys (recorded in test_apigateway_extended,
// TestApigatewayApiKeysCrud).
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  UpdateApiKeyCommand,
  type CreateApiKeyCommandInput,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_extended' as const;
const test = (name: string) => `TestApigatewayApiKeysCrud::${name}`;

describe('parity: API Gateway API keys', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });
  /** The recorded class starts from an account without API keys or usage plans. */
  async function cleanAccount(): Promise<void> {
    const { items: keys = [] } = await apigateway.send(new GetApiKeysCommand({ limit: 500 }));
    for (const key of keys) await apigateway.send(new DeleteApiKeyCommand({ apiKey: key.id! }));
    const { items: plans = [] } = await apigateway.send(new GetUsagePlansCommand({ limit: 500 }));
    for (const plan of plans) await apigateway.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! }));
  }
  const createKey = (input: CreateApiKeyCommandInput = {}) => new CreateApiKeyCommand(input);
  const keyName = () => uniqueName('test-key').replace(/-(\d+)-(\d+)$/, (_, pid: string, n: string) => `-${(Number(pid) % 1e6).toString(36)}${n}`);

  parityCase({ file, test: test('test_get_api_keys'), deviates: 'listing order: AWS listed the key created second first (ordered by its random name or id, which the recording hides); the local cloud lists keys by creation' }, async (r) => {
    await cleanAccount();
    const name = keyName();
    const name2 = keyName();
    const list = (key: string, nameQuery?: string) => r.call(key, apigateway, new GetApiKeysCommand({ nameQuery }));
    await list('get-api-keys');
    await r.call('create-api-key', apigateway, createKey({ name }));
    await list('get-api-keys-after-create-1');
    await list('get-api-keys-wrong-name-query', name2);
    await list('get-api-keys-prefix-name-query', name.slice(0, 8));
    await list('get-api-keys-prefix-name-query-cased', name.slice(0, 8).toUpperCase());
    await list('get-api-keys-postfix-name-query', name.slice(2));
    await list('get-api-keys-infix-name-query', name.slice(2, 8));
    await r.call('create-api-key-2', apigateway, createKey({ name: name2 }));
    await list('get-api-keys-after-create-2');
    await list('get-api-keys-name-query', name2);
    await list('get-api-keys-prefix-name-query-2', name.slice(0, 8));
    const page = await r.call('get-apis-keys-pagination', apigateway, new GetApiKeysCommand({ limit: 1 }));
    await r.call('get-apis-keys-pagination-2', apigateway, new GetApiKeysCommand({ limit: 1, position: String(page.position) }));
  });

  parityCase({ file, test: test('test_get_usage_plan_api_keys'), deviates: 'listing order: AWS listed the key created second first (ordered by its random name or id, which the recording hides); the local cloud lists keys by creation' }, async (r) => {
    await cleanAccount();
    const name = keyName();
    await r.call('get-api-keys', apigateway, new GetApiKeysCommand({}));
    const first = await r.call('create-api-key', apigateway, createKey({ name }));
    const second = await r.call('create-api-key-2', apigateway, createKey({ name: keyName() }));
    await r.call('get-api-keys-after-create-1', apigateway, new GetApiKeysCommand({}));
    const plan = await r.call('create-usage-plan', apigateway, new CreateUsagePlanCommand({ name: uniqueName('usage-plan') }));
    const usagePlanId = String(plan.id);
    const keys = (key: string, nameQuery?: string, id = usagePlanId) => r.call(key, apigateway, new GetUsagePlanKeysCommand({ usagePlanId: id, nameQuery }));
    await keys('get-up-keys-before-create');
    await r.call('create-up-key', apigateway, new CreateUsagePlanKeyCommand({ usagePlanId, keyId: String(first.id), keyType: 'API_KEY' }));
    await r.call('create-up-key-2', apigateway, new CreateUsagePlanKeyCommand({ usagePlanId, keyId: String(second.id), keyType: 'API_KEY' }));
    await keys('get-up-keys');
    await keys('get-up-keys-name-query', 'test-key');
    await keys('get-up-keys-name-query-cased', 'TEST-key');
    await keys('get-up-keys-name-query-key-name', name);
    await keys('get-up-keys-bad-query', 'nothing');
    await apigateway.send(new DeleteApiKeyCommand({ apiKey: String(first.id) }));
    await apigateway.send(new DeleteApiKeyCommand({ apiKey: String(second.id) }));
    await keys('get-up-keys-after-delete');
    await keys('get-up-keys-bad-usage-plan', undefined, 'bad-id');
  });

  parityCase({ file, test: test('test_negative_get_usage_plan_api_keys') }, async (r) => {
    await cleanAccount();
    await r.call('get-api-keys-invalid-limit', apigateway, new GetApiKeysCommand({ limit: -1 }));
    const created = await r.call('create-api-key', apigateway, createKey({ name: 'key-enabled-false', enabled: false }));
    await r.call('update-api-key-name', apigateway, new UpdateApiKeyCommand({
      apiKey: String(created.id),
      patchOperations: [{ op: 'replace', path: '/name', value: 'new-name' }],
    }));
  });

  parityCase({ file, test: test('test_create_api_key_with_invalid_name') }, async (r) => {
    await r.call('create-api-key-name-too-long', apigateway, createKey({ name: 'a'.repeat(1025) }));
    await r.call('create-api-key-empty-name', apigateway, createKey({ name: '' }));
    await r.call('create-api-key-no-name', apigateway, createKey());
  });

  parityCase({ file, test: test('test_create_api_key_with_invalid_value') }, async (r) => {
    await r.call('create-api-key-short-value', apigateway, createKey({ value: 'short' }));
    await r.call('create-api-key-invalid-value-too-long', apigateway, createKey({ value: 'a'.repeat(129) }));
    await r.call('create-api-key-empty-value', apigateway, createKey({ value: '' }));
  });

  parityCase({ file, test: test('test_update_api_key_invalid_description_length') }, async (r) => {
    await r.call('create-api-key-description-too-long', apigateway, createKey({ description: 'a'.repeat(125001) }));
    const { id } = await apigateway.send(createKey());
    await r.call('update-api-key-description-too-long', apigateway, new UpdateApiKeyCommand({
      apiKey: id!,
      patchOperations: [{ op: 'replace', path: '/description', value: 'a'.repeat(125001) }],
    }));
  });

  parityCase({ file, test: test('test_update_api_key_invalid_enabled_type') }, async (r) => {
    const { id } = await apigateway.send(createKey());
    await r.call('update-api-key-invalid-enabled-type', apigateway, new UpdateApiKeyCommand({
      apiKey: id!,
      patchOperations: [{ op: 'replace', path: '/enabled', value: 'not-a-boolean' }],
    }));
  });

  parityCase({ file, test: test('test_update_api_key_immutable_field') }, async (r) => {
    const { id } = await apigateway.send(createKey());
    await r.call('update-api-key-immutable-field', apigateway, new UpdateApiKeyCommand({
      apiKey: id!,
      patchOperations: [{ op: 'replace', path: '/id', value: 'new-id' }],
    }));
  });

  parityCase({ file, test: test('test_create_usage_plan_with_throttle') }, async (r) => {
    await r.call('create-usage-plan-burst-gt-rate', apigateway, new CreateUsagePlanCommand({
      name: uniqueName('invalid-throttle-burst-gt-rate'),
      throttle: { rateLimit: 10, burstLimit: 20 },
    }));
  });
});
