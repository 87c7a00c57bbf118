// Dispatch for JSON 1.1 services (X-Amz-Target "Prefix.Operation"): EventBridge, CloudWatch Logs.
import { AwsServiceError } from './errors.js';
import { parseJsonBody } from './render.js';
import type { AwsRequest, AwsResponse } from './request.js';

export type JsonTargetOperation<M> = (model: M, input: Record<string, unknown>) => AwsResponse | Promise<AwsResponse>;

export function dispatchJsonTarget<M>(serviceLabel: string, operations: Record<string, JsonTargetOperation<M>>, model: M, req: AwsRequest): AwsResponse | Promise<AwsResponse> {
  const name = req.target?.split('.')[1] ?? '';
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) {
    throw new AwsServiceError('UnknownOperationException',
      `The local cloud's ${serviceLabel} does not serve "${name || req.target || '(no X-Amz-Target)'}". It serves: ${Object.keys(operations).join(', ')}.`, 400);
  }
  return operation(model, parseJsonBody(req.body));
}
