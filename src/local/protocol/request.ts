// The parsed form of an incoming AWS API request, and how its target service is found:
// by the SigV4 credential scope first, then by X-Amz-Target.
import type { IncomingHttpHeaders } from 'node:http';

export interface AwsRequest {
  method: string;
  /** Decoded path without query string. */
  path: string;
  /** Raw (still percent-encoded) path, as signed. */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Signing service from the credential scope (iam, lambda, apigateway, ...). */
  service: string;
  region: string;
  accessKeyId?: string;
  /** X-Amz-Target header, for JSON-protocol services. */
  target?: string;
}

export interface AwsResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Operation name, for /_local/calls. */
  operation: string;
}

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads the credential scope of an Authorization header or X-Amz-Credential query value. */
export function parseCredentialScope(headers: IncomingHttpHeaders, query: URLSearchParams): CredentialScope | undefined {
  const auth = headers.authorization;
  const fromQuery = query.get('X-Amz-Credential');
  const text = typeof auth === 'string' ? auth : fromQuery ? `Credential=${fromQuery}` : undefined;
  const match = text ? SCOPE.exec(text) : null;
  if (!match) return undefined;
  return { accessKeyId: match[1]!, date: match[2]!, region: match[3]!, service: match[4]! };
}

/** Service inferred from X-Amz-Target prefixes when a request carries no signature scope. */
export function serviceFromTarget(target: string | undefined): string | undefined {
  if (!target) return undefined;
  if (target.startsWith('DynamoDB_')) return 'dynamodb';
  if (target.startsWith('AWSEvents.')) return 'events';
  if (target.startsWith('Logs_')) return 'logs';
  return undefined;
}

/** decodeURIComponent that leaves malformed escapes (a lone "%") as they are instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
