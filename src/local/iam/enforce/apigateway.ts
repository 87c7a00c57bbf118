// API Gateway's control plane is authorized by HTTP verb on the resource path:
// apigateway:GET on arn:aws:apigateway:REGION::/restapis/ID, and so on.
import type { OperationCall, RequiredPermission } from './permission.js';

export function apigatewayPermissions(call: OperationCall): RequiredPermission[] {
  return [{ action: `apigateway:${call.method.toUpperCase()}`, resources: [`arn:aws:apigateway:${call.region}::${call.path}`] }];
}
