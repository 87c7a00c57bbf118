// Parity: REST API creation and lookup (recorded in test_apigateway_api, TestApiGatewayApiRestApi).
import { APIGatewayClient, CreateRestApiCommand, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';

const file = 'apigateway/test_apigateway_api' as const;

describe('parity: API Gateway REST APIs', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  parityCase(
    {
      file,
      test: 'TestApiGatewayApiRestApi::test_get_api_case_insensitive',
      deviates: 'CreateRestApi answers empty tags; NotFound bodies carry Type and Message fields AWS does not send',
    },
    async (r) => {
      const created = await r.call(
        'create-rest-api',
        apigateway,
        new CreateRestApiCommand({ name: 'test-case-sensitive-apis', description: 'lower case api' }),
      );
      const upperId = String(created.id).toUpperCase();
      await r.call('get-api-upper-case', apigateway, new GetRestApiCommand({ restApiId: upperId }));
    },
  );
});
