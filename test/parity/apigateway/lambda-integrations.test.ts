// Parity: Lambda integrations on the control plane (recorded in test_apigateway_lambda).
import { APIGatewayClient, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { describe } from 'vitest';
import { LOCAL_ACCOUNT_ID } from '../../../src/local/context.js';
import { useTestCloud } from '../../helpers/local-cloud.js';
import { parityCase } from '../harness/case.js';
import { uniqueName } from './support.js';

const file = 'apigateway/test_apigateway_lambda' as const;

describe('parity: API Gateway Lambda integrations', () => {
  let apigateway: APIGatewayClient;
  useTestCloud({}, (cloud) => {
    apigateway = new APIGatewayClient(cloud.clientConfig);
  });

  parityCase({ file, test: 'test_put_integration_aws_proxy_uri' }, async (r) => {
    const api = await apigateway.send(new CreateRestApiCommand({ name: uniqueName(), description: 'APIGW test PutIntegration AWS_PROXY URI' }));
    const at = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'ANY' };
    await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    // API Gateway checks the URI's form only: the function need not exist for these refusals.
    const lambdaArn = `arn:aws:lambda:us-east-1:${LOCAL_ACCOUNT_ID}:function:${uniqueName('function')}`;
    const put = (uri: string) =>
      new PutIntegrationCommand({ ...at, type: 'AWS_PROXY', integrationHttpMethod: 'POST', credentials: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/invoker`, uri });
    await r.call('put-integration-lambda-uri', apigateway, put(lambdaArn));
    await r.call('put-integration-wrong-arn', apigateway, put(`bad-arn:lambda:path/2015-03-31/functions/${lambdaArn}/invocations`));
    await r.call('put-integration-wrong-type', apigateway, put(`arn:aws:apigateway:us-east-1:lambda:test/2015-03-31/functions/${lambdaArn}/invocations`));
    await r.call('put-integration-wrong-firehose', apigateway, put(`arn:aws:apigateway:us-east-1:firehose:path/2015-03-31/functions/${lambdaArn}/invocations`));
    await r.call('put-integration-bad-lambda-arn', apigateway, put(`arn:aws:apigateway:us-east-1:lambda:path/random/value/${lambdaArn}/invocations`));
  });
});
