// Verifies SigV4 on AWS_IAM methods the way API Gateway does: re-sign the request as received with
// the secret of the access key it names, and compare signatures.
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LocalCredentials } from '../../context.js';
import { GatewayError } from '../responses.js';
import type { GatewayRequest } from '../types.js';
import { safeDecode } from '../../protocol/request.js';

const MAX_SKEW_MS = 5 * 60 * 1000;
const AUTH_PATTERN = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/i;

/** node:crypto behind the Checksum interface the signer wants (faster than the pure-JS one). */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key = typeof this.secret === 'string' ? this.secret
      : this.secret instanceof ArrayBuffer ? new Uint8Array(this.secret)
      : new Uint8Array(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength);
    return createHmac('sha256', key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

export interface VerifiedCaller {
  accessKeyId: string;
}

function headerValue(headers: GatewayRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** "20260101T000000Z" -> Date, or undefined when malformed. */
function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function parseQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (!rawQuery) return query;
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/** Throws the GatewayError API Gateway would answer with; returns the caller when the signature holds. */
export async function verifySigV4(req: GatewayRequest, credentials: readonly LocalCredentials[], nowMs: number): Promise<VerifiedCaller> {
  const authorization = headerValue(req.headers, 'authorization');
  if (!authorization) throw new GatewayError('MISSING_AUTHENTICATION_TOKEN', undefined, 'AWS_IAM method: the request has no Authorization header (sign it with SigV4, service execute-api).');
  const parts = AUTH_PATTERN.exec(authorization.trim());
  if (!parts) {
    throw new GatewayError('INCOMPLETE_SIGNATURE', "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts[1]!.split('/');
  const signedHeaders = parts[2]!.toLowerCase().split(';');
  const signature = parts[3]!.toLowerCase();

  const known = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) throw new GatewayError('UNRECOGNIZED_CLIENT', undefined, `Access key "${accessKeyId}" is not one of the local cloud's credentials.`);

  const dateHeader = headerValue(req.headers, 'x-amz-date');
  const signingDate = dateHeader ? parseAmzDate(dateHeader) : undefined;
  if (!signingDate || terminator !== 'aws4_request' || !date || !dateHeader!.startsWith(date)) {
    throw new GatewayError('INVALID_SIGNATURE', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const skew = signingDate.getTime() - nowMs;
  if (skew < -MAX_SKEW_MS) {
    throw new GatewayError('EXPIRED_TOKEN', `Signature expired: ${dateHeader} is now earlier than ${amzDate(nowMs - MAX_SKEW_MS)} (${amzDate(nowMs)} - 5 min.)`);
  }
  if (skew > MAX_SKEW_MS) {
    throw new GatewayError('EXPIRED_TOKEN', `Signature not yet current: ${dateHeader} is still later than ${amzDate(nowMs + MAX_SKEW_MS)} (${amzDate(nowMs)} + 5 min.)`);
  }

  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = name === 'host' ? req.host : headerValue(req.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const [rawPath] = req.rawPath.split('?');
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: req.host.replace(/:\d+$/, ''),
    path: rawPath!,
    query: parseQuery(req.rawQuery),
    headers,
    body: req.body.length > 0 ? req.body : undefined,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: known.accessKeyId, secretAccessKey: known.secretAccessKey },
    region,
    service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(request, {
    signingDate,
    signingRegion: region,
    signingService: service,
    signableHeaders: new Set(signedHeaders),
  });
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1] ?? '';
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw new GatewayError(
      'INVALID_SIGNATURE',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      `Signed for service "${service}" in region "${region}" with headers ${signedHeaders.join(';')}.`,
    );
  }
  return { accessKeyId };
}
