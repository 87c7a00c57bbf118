// The gate's answers, in the wire shape of the service the request was meant for, so an AWS
// client shows the reason: IAM/STS get a query-protocol <ErrorResponse>, Lambda and API Gateway
// rest-json, Logs/EventBridge JSON 1.1, DynamoDB its coral-style JSON 1.0 (400, as DynamoDB).
import { randomUUID } from 'node:crypto';
import type { SigV4FailureKind } from '../auth/sigv4/verify.js';
import { AwsServiceError } from '../protocol/errors.js';
import { renderError, type Protocol } from '../protocol/render.js';
import { headerSafe } from '../gateway/responses.js';
import type { AwsResponse } from '../protocol/request.js';

export type WireShape = Protocol | 'dynamodb';

/** Error code per failure, as query services name it and as JSON services do. */
const CODES: Record<SigV4FailureKind | 'forbidden', { query: string; json: string }> = {
  'missing': { query: 'MissingAuthenticationToken', json: 'MissingAuthenticationTokenException' },
  'incomplete': { query: 'IncompleteSignature', json: 'IncompleteSignatureException' },
  'unrecognized-client': { query: 'InvalidClientTokenId', json: 'UnrecognizedClientException' },
  'invalid-token': { query: 'InvalidClientTokenId', json: 'UnrecognizedClientException' },
  'expired-token': { query: 'ExpiredToken', json: 'ExpiredTokenException' },
  'signature-mismatch': { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException' },
  'signature-expired': { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException' },
  'wrong-region': { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException' },
  'wrong-service': { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException' },
  'forbidden': { query: 'AccessDenied', json: 'AccessDeniedException' },
};

/** Query services word a missing signature differently from the JSON ones. */
const MISSING_MESSAGE = { query: 'Request is missing Authentication Token', json: 'Missing Authentication Token' };

export function refusal(shape: WireShape, kind: SigV4FailureKind | 'forbidden', message: string, detail?: string): AwsResponse {
  const codes = CODES[kind];
  if (kind === 'missing') message = shape === 'query' || shape === 'dynamodb' ? MISSING_MESSAGE.query : MISSING_MESSAGE.json;
  let answer: AwsResponse;
  if (shape === 'dynamodb') {
    const requestId = randomUUID();
    answer = {
      status: 400,
      operation: 'Refused',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: `com.amazon.coral.service#${codes.json}`, message }),
    };
  } else {
    answer = renderError(shape, 'Refused', new AwsServiceError(shape === 'query' ? codes.query : codes.json, message, 403));
  }
  if (detail) answer.headers = { ...answer.headers, 'x-local-cloud-detail': headerSafe(detail) };
  return answer;
}
