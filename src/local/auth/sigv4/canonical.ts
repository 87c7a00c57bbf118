// SigV4's canonical request and signing key, computed from the request exactly as it arrived.
// The payload hash is always taken from the received body: a client's own x-amz-content-sha256
// is only another signed header, so a swapped body or UNSIGNED-PAYLOAD cannot match.
import { createHash, createHmac } from 'node:crypto';
import { safeDecode } from '../../protocol/request.js';

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface CanonicalInput {
  method: string;
  /** Path as received, still percent-encoded, without the query string. */
  rawPath: string;
  /** Query string as received, without the "?". */
  rawQuery: string;
  /** Signed header name (lower case) -> value as received. */
  headers: Record<string, string>;
  signedHeaders: string[];
  payloadHash: string;
  /** Leave X-Amz-Signature out of the canonical query (presigned URLs). */
  presigned?: boolean;
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** RFC 3986 encoding as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
function escape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Dot segments and empty segments removed, then each segment encoded again (the SDKs and botocore do both). */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map((s) => escape(s)).join('/')}${trailing}`;
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  const pairs: [string, string][] = [];
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = escape(safeDecode(eq < 0 ? pair : pair.slice(0, eq)));
    const value = escape(safeDecode(eq < 0 ? '' : pair.slice(eq + 1)));
    if (presigned && key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([key, value]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function canonicalRequest(input: CanonicalInput): string {
  const headerLines = input.signedHeaders.map((name) => `${name}:${(input.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  return [
    input.method.toUpperCase(),
    canonicalPath(input.rawPath),
    canonicalQuery(input.rawQuery, input.presigned ?? false),
    headerLines,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function signature(secretAccessKey: string, amzDate: string, scope: string, canonical: string): string {
  const [date = '', region = '', service = ''] = scope.split('/');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
