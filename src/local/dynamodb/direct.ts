// DynamoDB operations called in process (the console, the TTL sweeper, IAM's key-schema lookups),
// on dynalite's own loopback port with plain JSON 1.0 bodies: no gate, no signature, as the ports of
// the other services are.

/** DynamoDB's error, as its wire names it (`ResourceNotFoundException`, `ValidationException`...). */
export class DynamoDbCallError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
  }
}

export type DynamoDbCaller = <T = Record<string, unknown>>(operation: string, input: unknown) => Promise<T>;

export function dynaliteCaller(dynaliteUrl: string): DynamoDbCaller {
  return async <T>(operation: string, input: unknown): Promise<T> => {
    const res = await fetch(dynaliteUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'x-amz-date': '20260101T000000Z',
        // dynalite checks the header's shape only.
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(input),
    });
    const json = (await res.json()) as T & { __type?: string; message?: string; Message?: string };
    if (!res.ok) throw new DynamoDbCallError(json.__type?.split('#').pop() ?? 'InternalFailure', json.message ?? json.Message ?? `HTTP ${res.status}`, res.status);
    return json;
  };
}
