// Verifies a SigV4 signature as AWS does, for both forms: the Authorization header and the
// presigned query (X-Amz-Algorithm, X-Amz-Credential, ... X-Amz-Signature). One verifier for the
// execute-api data plane (AWS_IAM methods) and the gate's presigned check. Failures carry a kind
// each caller renders in its own protocol's shape.
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { safeDecode } from '../../protocol/request.js';
import { canonicalRequest, sha256Hex, signature, UNSIGNED_PAYLOAD } from './canonical.js';
import type { CredentialLookup, CredentialRecord } from './credentials.js';

/** AWS accepts a signing time up to 15 minutes from its own clock, either way. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES_S = 7 * 24 * 3600;
const AUTH_PATTERN = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/i;

export type SigV4FailureKind =
  | 'missing'
  | 'incomplete'
  | 'unrecognized-client'
  | 'invalid-token'
  | 'expired-token'
  | 'signature-mismatch'
  | 'signature-expired'
  | 'wrong-region'
  | 'wrong-service';

export class SigV4Failure extends Error {
  constructor(readonly kind: SigV4FailureKind, message: string, readonly detail?: string) {
    super(message);
  }
}

export interface SignedHttpRequest {
  method: string;
  /** Path exactly as received (percent-encoded), with or without the query string. */
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  host: string;
  body: Buffer;
}

export interface VerifyRules {
  nowMs: number;
  /** When set, the credential scope must name this service (execute-api for AWS_IAM methods). */
  service?: string;
  /** When set, the credential scope must name this region (the API's). */
  region?: string;
}

export interface VerifiedSignature {
  credential: CredentialRecord;
  region: string;
  service: string;
  presigned: boolean;
}

export const MESSAGES = {
  missing: 'Missing Authentication Token',
  mismatch: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  invalidToken: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  noDate: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
};

interface Parsed {
  accessKeyId: string;
  scope: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken?: string;
  presigned: boolean;
  expiresS?: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function queryParams(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    params.set(safeDecode(eq < 0 ? pair : pair.slice(0, eq)), safeDecode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return params;
}

const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

/** True for a well-formed `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header. */
export function isSigV4Authorization(value: string | undefined): boolean {
  return value !== undefined && AUTH_PATTERN.test(value.trim());
}

/** True when the query string carries any presigned-URL parameter. */
export function hasPresignedQuery(rawQuery: string): boolean {
  const params = queryParams(rawQuery);
  return PRESIGN_PARAMS.some((name) => params.has(name));
}

function parse(req: SignedHttpRequest): Parsed {
  const authorization = header(req.headers, 'authorization');
  const query = queryParams(req.rawQuery);
  const credentialOf = (credential: string) => {
    const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = credential.split('/');
    return { accessKeyId, date, region, service, terminator, scope: `${date}/${region}/${service}/${terminator}` };
  };
  if (authorization !== undefined) {
    const parts = AUTH_PATTERN.exec(authorization.trim());
    if (!parts) {
      throw new SigV4Failure('incomplete', "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    const amzDate = header(req.headers, 'x-amz-date');
    if (!amzDate) throw new SigV4Failure('incomplete', MESSAGES.noDate);
    return {
      ...credentialOf(parts[1]!),
      signedHeaders: parts[2]!.toLowerCase().split(';'),
      signature: parts[3]!.toLowerCase(),
      amzDate,
      sessionToken: header(req.headers, 'x-amz-security-token'),
      presigned: false,
    };
  }
  if (!PRESIGN_PARAMS.some((name) => query.has(name))) throw new SigV4Failure('missing', MESSAGES.missing);
  const absent = PRESIGN_PARAMS.find((name) => !query.get(name));
  if (absent) throw new SigV4Failure('incomplete', `AWS query-string parameters must include '${absent}'. Re-examine the query-string parameters.`);
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new SigV4Failure('incomplete', "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'.");
  }
  const expires = query.get('X-Amz-Expires');
  const expiresS = expires === undefined ? undefined : Number(expires);
  if (expiresS !== undefined && (!Number.isInteger(expiresS) || expiresS < 1 || expiresS > MAX_PRESIGN_EXPIRES_S)) {
    throw new SigV4Failure('incomplete', `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGN_EXPIRES_S}.`);
  }
  return {
    ...credentialOf(query.get('X-Amz-Credential')!),
    signedHeaders: query.get('X-Amz-SignedHeaders')!.toLowerCase().split(';'),
    signature: query.get('X-Amz-Signature')!.toLowerCase(),
    amzDate: query.get('X-Amz-Date')!,
    sessionToken: query.get('X-Amz-Security-Token'),
    presigned: true,
    expiresS,
  };
}

/** "20260101T000000Z" -> epoch ms, or undefined when malformed. */
function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

export const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function checkTime(parsed: Parsed, nowMs: number): void {
  const signedAt = parseAmzDate(parsed.amzDate);
  if (signedAt === undefined || !parsed.amzDate.startsWith(parsed.date)) {
    throw new SigV4Failure('incomplete', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${parsed.amzDate.slice(0, 8)}', from '${parsed.amzDate}'.`);
  }
  if (parsed.expiresS !== undefined) {
    if (nowMs > signedAt + parsed.expiresS * 1000) {
      throw new SigV4Failure('signature-expired', `Signature expired: ${parsed.amzDate} is now earlier than ${amzDate(nowMs - parsed.expiresS * 1000)} (${amzDate(nowMs)} - ${parsed.expiresS} sec.)`);
    }
  } else if (signedAt < nowMs - MAX_SKEW_MS) {
    throw new SigV4Failure('signature-expired', `Signature expired: ${parsed.amzDate} is now earlier than ${amzDate(nowMs - MAX_SKEW_MS)} (${amzDate(nowMs)} - 15 min.)`);
  }
  if (signedAt > nowMs + MAX_SKEW_MS) {
    throw new SigV4Failure('signature-expired', `Signature not yet current: ${parsed.amzDate} is still later than ${amzDate(nowMs + MAX_SKEW_MS)} (${amzDate(nowMs)} + 15 min.)`);
  }
}

/** A session token must be the one the local STS issued with this key, not expired; long-term keys take none. */
function checkToken(parsed: Parsed, credential: CredentialRecord, nowMs: number): void {
  if (credential.sessionToken === undefined) {
    if (parsed.sessionToken !== undefined) throw new SigV4Failure('invalid-token', MESSAGES.invalidToken, 'A long-term access key was sent with an X-Amz-Security-Token.');
    return;
  }
  const sent = parsed.sessionToken ?? '';
  if (sent.length !== credential.sessionToken.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(credential.sessionToken))) {
    throw new SigV4Failure('invalid-token', MESSAGES.invalidToken, 'The session token is not the one the local STS issued with this access key.');
  }
  if (credential.expiresAtMs !== undefined && nowMs >= credential.expiresAtMs) {
    throw new SigV4Failure('expired-token', MESSAGES.expiredToken);
  }
}

/** Returns what the signature proves; throws SigV4Failure for the first rule the request breaks. */
export function verifySignedRequest(req: SignedHttpRequest, lookup: CredentialLookup, rules: VerifyRules): VerifiedSignature {
  const parsed = parse(req);
  if (parsed.terminator !== 'aws4_request' || !parsed.date || !parsed.region || !parsed.service) {
    throw new SigV4Failure('incomplete', `Credential should be scoped with a valid terminator: 'aws4_request', not '${parsed.terminator}'.`);
  }
  if (rules.region !== undefined && parsed.region !== rules.region) {
    throw new SigV4Failure('wrong-region', 'Credential should be scoped to a valid region.', `Signed for region "${parsed.region}"; the API is in "${rules.region}".`);
  }
  if (rules.service !== undefined && parsed.service !== rules.service) {
    throw new SigV4Failure('wrong-service', `Credential should be scoped to correct service: '${rules.service}'.`, `Signed for service "${parsed.service}".`);
  }
  if (!parsed.signedHeaders.includes('host')) {
    throw new SigV4Failure('incomplete', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  checkTime(parsed, rules.nowMs);
  const credential = lookup(parsed.accessKeyId);
  if (!credential) throw new SigV4Failure('unrecognized-client', MESSAGES.invalidToken, `Access key "${parsed.accessKeyId}" is not one of the local cloud's credentials.`);
  checkToken(parsed, credential, rules.nowMs);

  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = name === 'host' ? req.host : header(req.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const [rawPath = '/'] = req.rawPath.split('?');
  const bodyHash = sha256Hex(req.body);
  // A presigned URL is made before the body is known: the SDKs sign the body's hash, botocore
  // signs UNSIGNED-PAYLOAD. A header-signed request always signs the body it carries.
  const hashes = parsed.presigned ? [bodyHash, UNSIGNED_PAYLOAD] : [bodyHash];
  for (const payloadHash of hashes) {
    const canonical = canonicalRequest({ method: req.method, rawPath, rawQuery: req.rawQuery, headers, signedHeaders: parsed.signedHeaders, payloadHash, presigned: parsed.presigned });
    const expected = signature(credential.secretAccessKey, parsed.amzDate, parsed.scope, canonical);
    if (expected.length === parsed.signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parsed.signature))) {
      return { credential, region: parsed.region, service: parsed.service, presigned: parsed.presigned };
    }
  }
  throw new SigV4Failure('signature-mismatch', MESSAGES.mismatch, `Signed for service "${parsed.service}" in region "${parsed.region}" with headers ${parsed.signedHeaders.join(';')}; the payload hash is that of the body received.`);
}
