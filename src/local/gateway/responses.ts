// API Gateway's own answers (its "gateway responses"): status, body and x-amzn-ErrorType as a
// REST API gives them when a request never reaches, or fails in, the integration.
import type { GatewayResponse } from './types.js';

export type GatewayErrorKind =
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'ACCESS_DENIED'
  | 'INVALID_API_KEY'
  | 'UNRECOGNIZED_CLIENT'
  | 'INVALID_SIGNATURE'
  | 'INCOMPLETE_SIGNATURE'
  | 'EXPIRED_TOKEN'
  | 'THROTTLED'
  | 'QUOTA_EXCEEDED'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTEGRATION_FAILURE'
  | 'BAD_GATEWAY'
  | 'INTEGRATION_TIMEOUT'
  | 'UNAUTHORIZED'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'AUTHORIZER_FAILURE';

interface ErrorShape {
  status: number;
  errorType: string;
  /** Resource-policy denials use "Message", everything else "message". */
  field?: 'Message';
  /** AWS puts a space after the colon in some of its bodies; kept so byte comparisons hold. */
  spaced?: boolean;
  defaultMessage?: string;
  /** AWS answers authorizer misconfigurations with {"message": null}. */
  nullMessage?: boolean;
}

const SHAPES: Record<GatewayErrorKind, ErrorShape> = {
  MISSING_AUTHENTICATION_TOKEN: { status: 403, errorType: 'MissingAuthenticationTokenException', defaultMessage: 'Missing Authentication Token' },
  ACCESS_DENIED: { status: 403, errorType: 'AccessDeniedException', field: 'Message' },
  INVALID_API_KEY: { status: 403, errorType: 'ForbiddenException', defaultMessage: 'Forbidden' },
  UNRECOGNIZED_CLIENT: { status: 403, errorType: 'UnrecognizedClientException', defaultMessage: 'The security token included in the request is invalid.' },
  INVALID_SIGNATURE: { status: 403, errorType: 'InvalidSignatureException' },
  INCOMPLETE_SIGNATURE: { status: 403, errorType: 'IncompleteSignatureException' },
  EXPIRED_TOKEN: { status: 403, errorType: 'InvalidSignatureException' },
  THROTTLED: { status: 429, errorType: 'TooManyRequestsException', defaultMessage: 'Too Many Requests' },
  QUOTA_EXCEEDED: { status: 429, errorType: 'LimitExceededException', defaultMessage: 'Limit Exceeded' },
  BAD_REQUEST_BODY: { status: 400, errorType: 'BadRequestException', spaced: true, defaultMessage: 'Invalid request body' },
  BAD_REQUEST_PARAMETERS: { status: 400, errorType: 'BadRequestException' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, errorType: 'UnsupportedMediaTypeException', defaultMessage: 'Unsupported Media Type' },
  INTEGRATION_FAILURE: { status: 500, errorType: 'InternalServerErrorException', spaced: true, defaultMessage: 'Internal server error' },
  BAD_GATEWAY: { status: 502, errorType: 'InternalServerErrorException', spaced: true, defaultMessage: 'Internal server error' },
  INTEGRATION_TIMEOUT: { status: 504, errorType: 'InternalServerErrorException', spaced: true, defaultMessage: 'Endpoint request timed out' },
  UNAUTHORIZED: { status: 401, errorType: 'UnauthorizedException', defaultMessage: 'Unauthorized' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, errorType: 'AuthorizerConfigurationException', spaced: true, nullMessage: true },
  AUTHORIZER_FAILURE: { status: 500, errorType: 'AuthorizerFailureException', spaced: true, nullMessage: true },
};

/** Thrown anywhere in the pipeline; the gateway turns it into the matching response. */
export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    message?: string,
    /** Why, for the local cloud's own diagnostics (never sent to the client). */
    readonly detail?: string,
    /** x-amzn-ErrorType when it differs from the kind's usual one (an expired session token). */
    readonly errorType?: string,
  ) {
    super(message ?? SHAPES[kind].defaultMessage ?? kind);
  }
}

export function gatewayErrorResponse(err: GatewayError, requestId: string): GatewayResponse {
  const shape = SHAPES[err.kind];
  const field = shape.field ?? 'message';
  const body = `{"${field}":${shape.spaced ? ' ' : ''}${shape.nullMessage ? 'null' : JSON.stringify(err.message)}}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': err.errorType ?? shape.errorType,
  };
  if (err.detail) headers['x-local-cloud-detail'] = headerSafe(err.detail);
  return { status: shape.status, headers, body };
}

/** $context.error.message as API Gateway gives it to templates: null for authorizer misconfigurations. */
export function errorMessageOf(err: GatewayError): string | null {
  return SHAPES[err.kind].nullMessage ? null : err.message;
}

export function errorTypeOf(kind: GatewayErrorKind): string {
  return SHAPES[kind].errorType;
}

/**
 * A diagnostic as a header value: it may quote the request's path (%00 decodes to NUL, unicode),
 * which Node refuses in a header; such characters are percent-encoded, the readable text kept.
 */
export function headerSafe(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 500)
    .replace(/[^\t\x20-\x7e]/gu, (char) => (char.length === 1 && char >= '\ud800' && char <= '\udfff' ? '%EF%BF%BD' : encodeURIComponent(char)));
}
