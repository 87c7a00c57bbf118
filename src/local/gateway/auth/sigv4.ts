// SigV4 on AWS_IAM methods, as API Gateway checks it: the shared verifier (../../auth/sigv4) with
// the credential scope bound to execute-api and the API's region; failures in API Gateway's words.
import { SigV4Failure, verifySignedRequest, type SigV4FailureKind } from '../../auth/sigv4/verify.js';
import type { CredentialLookup } from '../../auth/sigv4/credentials.js';
import { GatewayError, type GatewayErrorKind } from '../responses.js';
import type { GatewayRequest } from '../types.js';

export interface VerifiedCaller {
  accessKeyId: string;
  /** The assumed-role ARN of STS-issued credentials; undefined for the account's own keys. */
  arn?: string;
}

const KINDS: Record<SigV4FailureKind, GatewayErrorKind> = {
  'missing': 'MISSING_AUTHENTICATION_TOKEN',
  'incomplete': 'INCOMPLETE_SIGNATURE',
  'unrecognized-client': 'UNRECOGNIZED_CLIENT',
  'invalid-token': 'UNRECOGNIZED_CLIENT',
  'expired-token': 'EXPIRED_TOKEN',
  'signature-mismatch': 'INVALID_SIGNATURE',
  'signature-expired': 'EXPIRED_TOKEN',
  'wrong-region': 'INVALID_SIGNATURE',
  'wrong-service': 'INVALID_SIGNATURE',
};

/** Throws the GatewayError API Gateway would answer with; returns the caller when the signature holds. */
export function verifySigV4(req: GatewayRequest, lookup: CredentialLookup, nowMs: number, apiRegion: string): VerifiedCaller {
  try {
    const verified = verifySignedRequest(
      { method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers, host: req.host, body: req.body },
      lookup,
      { nowMs, service: 'execute-api', region: apiRegion },
    );
    return { accessKeyId: verified.credential.accessKeyId, arn: verified.credential.arn };
  } catch (err) {
    if (!(err instanceof SigV4Failure)) throw err;
    const message = err.kind === 'missing' ? undefined : err.message;
    const detail = err.kind === 'missing' ? 'AWS_IAM method: the request has no Authorization header (sign it with SigV4, service execute-api).' : err.detail;
    throw new GatewayError(KINDS[err.kind], message, detail, err.kind === 'expired-token' ? 'ExpiredTokenException' : undefined);
  }
}
