// One switch from a method's integration type to the code that runs it: the data plane and
// TestInvokeMethod (the console's TEST button) both go through it.
import type { LambdaPort } from '../../ports.js';
import type { Invocation } from '../invocation.js';
import { GatewayError } from '../responses.js';
import type { GatewayResponse } from '../types.js';
import { invokeHttp } from './http.js';
import { invokeLambdaCustom, invokeLambdaProxy } from './lambda.js';
import { invokeMock } from './mock.js';

export async function integrate(lambda: LambdaPort | undefined, inv: Invocation): Promise<GatewayResponse> {
  const integration = inv.method.methodIntegration;
  if (!integration) {
    throw new GatewayError('INTEGRATION_FAILURE', undefined, `Method ${inv.method.httpMethod} ${inv.resource.path} has no integration: put one (x-amazon-apigateway-integration) and redeploy.`);
  }
  switch (integration.type) {
    case 'AWS':
      return invokeLambdaCustom(lambda, inv, integration);
    case 'AWS_PROXY':
      return invokeLambdaProxy(lambda, inv, integration);
    case 'MOCK':
      return invokeMock(inv, integration);
    case 'HTTP':
    case 'HTTP_PROXY':
      return invokeHttp(inv, integration);
    default:
      throw new GatewayError('INTEGRATION_FAILURE', undefined, `Integration type ${String(integration.type)} is not supported by the local cloud.`);
  }
}
