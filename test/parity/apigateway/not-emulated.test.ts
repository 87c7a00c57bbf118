// Parity: recorded API Gateway tests of features the local cloud does not emulate (listed, not
// counted), and the authorizer operations on a missing API (counted).
import { APIGatewayClient, CreateAuthorizerCommand, GetAuthorizersCommand } from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { notEmulated, parityCase } from '../harness/case.js';

const file = 'apigateway/test_apigateway_api' as const;

describe('parity: API Gateway features not emulated', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  parityCase({ file, test: 'TestApiGatewayApiAuthorizer::test_authorizer_crud_no_api' }, async (r) => {
    await r.call('wrong-rest-api-id-create-authorizer', apigateway, new CreateAuthorizerCommand({
      restApiId: 'test-fake-rest-id',
      name: 'fake-auth-name',
      type: 'TOKEN',
      authorizerUri:
        'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations',
      identitySource: 'method.request.header.Authorization',
    }));
    await r.call('wrong-rest-api-id-get-authorizers', apigateway, new GetAuthorizersCommand({ restApiId: 'test-fake-rest-id' }));
  });

  const docs = 'documentation parts (DocumentationPart/ImportDocumentationParts are not emulated)';
  for (const test of [
    'test_doc_parts_crud_no_api',
    'test_documentation_part_lifecycle',
    'test_invalid_get_documentation_part',
    'test_invalid_get_documentation_parts',
    'test_invalid_update_documentation_part',
    'test_invalid_create_documentation_part_operations',
    'test_invalid_delete_documentation_part',
    'test_import_documentation_parts',
    'test_import_documentation_parts_bad_file',
  ]) {
    notEmulated({ file, test: `TestApiGatewayApiDocumentationPart::${test}` }, docs);
  }
  const vpcLinks = 'VPC links (they need an Elastic Load Balancing network load balancer)';
  for (const test of ['test_vpc_link_lifecycle', 'test_create_vpc_link_invalid_parameters', 'test_get_vpc_link_invalid_id', 'test_delete_vpc_link_invalid_id', 'test_update_vpc_link_invalid_id']) {
    notEmulated({ file, test: `TestApiGatewayVpcLink::${test}` }, vpcLinks);
  }
});
