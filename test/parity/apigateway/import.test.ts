// Parity: ImportRestApi and PutRestApi of Swagger/OpenAPI documents (recorded in
// test_apigateway_import). The documents are the recordings' own inputs, kept as fixtures.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  CreateRestApiCommand,
  GetAuthorizersCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  GetModelsCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  ImportRestApiCommand,
  PutRestApiCommand,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { notEmulated, parityCase, type Recorder } from '../harness/case.js';
import { sortItems, uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_import' as const;
const test = (name: string) => `TestApiGatewayImportRestApi::${name}`;
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'apigateway');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const encode = (text: string) => new TextEncoder().encode(text);
/** What the recordings' Lambda authorizer placeholder stood for. */
const AUTHORIZER_INVOCATION_ARN =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:function-name/invocations';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/lambda-su-role';
const circularRequired = "AWS answers the model schema's required list reordered (b, name); the local cloud keeps the document's order";

describe('parity: API Gateway import', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  const importApi = (body: string, parameters?: Record<string, string>, failOnWarnings = true) =>
    new ImportRestApiCommand({ body: encode(body), failOnWarnings, parameters });
  async function resources(r: Recorder, key: string, restApiId: string): Promise<Resource[]> {
    const answer = sortItems(await r.call(key, apigateway, new GetResourcesCommand({ restApiId })), 'path');
    r.value(key, answer);
    return answer.items as Resource[];
  }
  async function models(r: Recorder, restApiId: string): Promise<void> {
    r.value('get-models', sortItems(await r.call('get-models', apigateway, new GetModelsCommand({ restApiId })), 'name'));
  }
  /** Every method of every resource: method, its 200 response, integration, integration 200 response. */
  async function methodsOf(r: Recorder, restApiId: string, items: Resource[], prefix = ''): Promise<void> {
    for (const resource of items) {
      for (const httpMethod of Object.keys(resource.resourceMethods ?? {})) {
        const key = `${resource.path === '/' ? 'root' : resource.path!.slice(1)}-${httpMethod.toLowerCase()}`;
        const at = { restApiId, resourceId: resource.id!, httpMethod };
        await r.call(`${prefix}method-${key}`, apigateway, new GetMethodCommand(at));
        await r.call(`${prefix}method-response-${key}`, apigateway, new GetMethodResponseCommand({ ...at, statusCode: '200' }));
        await r.call(`${prefix}integration-${key}`, apigateway, new GetIntegrationCommand(at));
        await r.call(`${prefix}integration-response-${key}`, apigateway, new GetIntegrationResponseCommand({ ...at, statusCode: '200' }));
      }
    }
  }

  parityCase({ file, test: test('test_import_rest_api') }, async (r) => {
    await r.call('import_rest_api', apigateway, importApi(fixture('openapi.spec.pulumi.json')));
  });

  parityCase({ file, test: test('test_import_swagger_api') }, async (r) => {
    const spec = fixture('petstore-authorizer.swagger.json')
      .replaceAll('${uri}', 'http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets')
      .replaceAll(
        'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:account-id:function:function-name/invocations',
        AUTHORIZER_INVOCATION_ARN,
      )
      .replaceAll('arn:aws:iam::account-id:role', ROLE_ARN);
    const imported = await r.call('import-swagger', apigateway, importApi(spec));
    const restApiId = String(imported.id);
    const authorizers = await r.call('get-authorizers', apigateway, new GetAuthorizersCommand({ restApiId })).catch(() => ({}));
    r.value('get-authorizers', sortItems(authorizers, 'name'));
    await models(r, restApiId);
    await methodsOf(r, restApiId, await resources(r, 'resources', restApiId));
  });

  for (const name of ['openapi.spec.tf.json', 'swagger-mock-cors.json']) {
    parityCase({ file, test: test(`test_import_and_validate_rest_api[${name}]`) }, async (r) => {
      const imported = await r.call('import_tf_rest_api', apigateway, importApi(fixture(name)));
      const restApiId = String(imported.id);
      await models(r, restApiId);
      await methodsOf(r, restApiId, await resources(r, 'resources', restApiId));
    });
  }

  for (const basepath of ['ignore', 'prepend', 'split']) {
    parityCase({ file, test: test(`test_import_rest_apis_with_base_path_swagger[${basepath}]`) }, async (r) => {
      const { id } = await apigateway.send(new CreateRestApiCommand({ name: uniqueName('restapi') }));
      const spec = fixture('swagger.json')
        .replaceAll(
          'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:myapi-authorizer-0-22ad13b/invocations',
          AUTHORIZER_INVOCATION_ARN,
        )
        .replaceAll('arn:aws:iam::000000000000:role/myapi-authorizer-0-authorizer-role-3bd761a', ROLE_ARN);
      await r.call('put-rest-api-swagger-json', apigateway, new PutRestApiCommand({ restApiId: id!, body: encode(spec), mode: 'overwrite', parameters: { basepath } }));
      await methodsOf(r, id!, await resources(r, 'get-resources-swagger-json', id!));
      const second = await apigateway.send(importApi(fixture('pets.json'), { basepath }, false));
      await methodsOf(r, second.id!, await resources(r, 'get-resources-no-base-path-swagger', second.id!));
    });
  }

  for (const basepath of ['prepend', 'split', 'ignore']) {
    parityCase({ file, test: test(`test_import_rest_api_with_base_path_oas30[${basepath}]`) }, async (r) => {
      const { id } = await apigateway.send(new CreateRestApiCommand({ name: uniqueName('restapi') }));
      const put = (key: string, name: string) =>
        r.call(key, apigateway, new PutRestApiCommand({ restApiId: id!, body: encode(fixture(name)), mode: 'overwrite', parameters: { basepath } }));
      await put('put-rest-api-oas30-srv-var', 'openapi-basepath-server-variable.yaml');
      await methodsOf(r, id!, await resources(r, 'get-resources-oas30-srv-var', id!), 'srv-var-');
      await put('put-rest-api-oas30-srv-url', 'openapi-basepath-url.yaml');
      await methodsOf(r, id!, await resources(r, 'get-resources-oas30-srv-url', id!), 'srv-url-');
    });
  }

  parityCase({ file, test: test('test_import_with_global_api_key_authorizer') }, async (r) => {
    const spec = fixture('openapi.spec.global-auth.json').replaceAll('${authorizer_lambda_invocation_arn}', AUTHORIZER_INVOCATION_ARN);
    const imported = await r.call('import-swagger', apigateway, importApi(spec));
    const restApiId = String(imported.id);
    await r.call('get-authorizers', apigateway, new GetAuthorizersCommand({ restApiId })).catch(() => r.value('get-authorizers', {}));
    await methodsOf(r, restApiId, await resources(r, 'resources', restApiId));
  });

  parityCase({ file, test: test('test_import_with_circular_models'), deviates: circularRequired }, async (r) => {
    const imported = await r.call('import-api', apigateway, importApi(fixture('openapi.spec.circular-ref.json')));
    const restApiId = String(imported.id);
    await models(r, restApiId);
    await methodsOf(r, restApiId, await resources(r, 'resources', restApiId));
  });

  parityCase({ file, test: test('test_import_with_circular_models_and_request_validation'), deviates: circularRequired }, async (r) => {
    const imported = await r.call('import-api', apigateway, importApi(fixture('openapi.spec.circular-ref-with-request-body.json')));
    const restApiId = String(imported.id);
    await models(r, restApiId);
    await r.call('request-validators', apigateway, new GetRequestValidatorsCommand({ restApiId }));
    await methodsOf(r, restApiId, await resources(r, 'resources', restApiId));
  });

  parityCase({ file, test: test('test_import_with_http_method_integration') }, async (r) => {
    const spec = fixture('openapi-http-method-integration.json').replaceAll('${lambda_invocation_arn}', AUTHORIZER_INVOCATION_ARN);
    const imported = await apigateway.send(importApi(spec));
    await methodsOf(r, imported.id!, await resources(r, 'resources', imported.id!));
  });

  notEmulated({ file, test: test('test_import_with_stage_variables') }, 'an HTTP integration to an echo server on the internet');

  parityCase({ file, test: test('test_import_with_cognito_auth_identity_source') }, async (r) => {
    const spec = fixture('openapi.cognito-auth.json').replaceAll('${cognito_pool_arn}', 'arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_ABC123');
    const imported = await r.call('import-swagger', apigateway, importApi(spec));
    const restApiId = String(imported.id);
    const authorizers = await apigateway.send(new GetAuthorizersCommand({ restApiId })).catch(() => ({ items: [] }));
    r.value('get-authorizers', sortItems({ items: authorizers.items ?? [] }, 'name').items);
    await methodsOf(r, restApiId, await resources(r, 'resources', restApiId));
  });

  parityCase({ file, test: test('test_import_with_integer_http_status_code') }, async (r) => {
    const imported = await apigateway.send(importApi(fixture('openapi-method-int.spec.yaml')));
    await methodsOf(r, imported.id!, await resources(r, 'resources', imported.id!));
  });

  for (const mode of ['merge', 'overwrite'] as const) {
    parityCase({ file, test: test(`test_put_rest_api_mode_binary_media_types[${mode}]`) }, async (r) => {
      const created = await r.call('create-rest-api', apigateway, new CreateRestApiCommand({ name: uniqueName(), binaryMediaTypes: ['image/heif'] }));
      await r.call('get-rest-api', apigateway, new GetRestApiCommand({ restApiId: String(created.id) }));
      await r.call('put-api', apigateway, new PutRestApiCommand({ restApiId: String(created.id), body: encode(fixture('pets.json')), mode }));
    });
  }

  parityCase({ file, test: test('test_import_api_bad_file') }, async (r) => {
    const badYaml = 'test:\n    value:\n        - "value ... "escaped": $var, "dt": $(var +"%a")}"\n        ';
    const badJson = "{'key:value}";
    await r.call('import-api-bad-yaml-file', apigateway, importApi(badYaml, undefined, false));
    await r.call('import-api-bad-json-file', apigateway, importApi(badJson, undefined, false));
    await r.call('put-rest-api-bad-yaml-file', apigateway, new PutRestApiCommand({ restApiId: uniqueName('id'), body: encode(badYaml) }));
    await r.call('put-rest-api-bad-json-file', apigateway, new PutRestApiCommand({ restApiId: uniqueName('id'), body: encode(badJson) }));
  });
});
