// Shared by the API Gateway parity cases: a clean account before cases that list everything.
import { APIGatewayClient, DeleteRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';

/** Deletes every REST API, so a listing holds only what the case itself made. */
export async function deleteAllRestApis(apigateway: APIGatewayClient): Promise<void> {
  const { items = [] } = await apigateway.send(new GetRestApisCommand({ limit: 500 }));
  for (const api of items) await apigateway.send(new DeleteRestApiCommand({ restApiId: api.id! }));
}

let sequence = 0;
/** A name no other case of this run uses. */
export const uniqueName = (prefix = 'test-api') => `${prefix}-${process.pid}-${++sequence}`;

/** The recordings sort some listings (LocalStack's SortingTransformer): the same order here. */
export function sortItems<T extends Record<string, unknown>>(answer: T, by: string, key = 'items'): T {
  const items = answer[key];
  if (!Array.isArray(items)) return answer;
  const text = (item: unknown) => String((item as Record<string, unknown>)[by]);
  // Code-point order, as Python's sort gives.
  const sorted = [...items].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  return { ...answer, [key]: sorted };
}
