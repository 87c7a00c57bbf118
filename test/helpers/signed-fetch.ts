// Raw HTTP requests to the local cloud, signed with SigV4 as an AWS client would sign them. The
// control plane answers only signed requests, so tests that send hand-made bodies (bad input,
// fuzzing) sign them here; the signer is the SDK's own, not ours.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS, TEST_REGION } from './local-cloud.js';

export interface SignedRequest {
  /** Signing name: iam, sts, lambda, apigateway, events, logs, dynamodb, execute-api. */
  service: string;
  method?: string;
  /** Path with query string, e.g. /2015-03-31/functions?MaxItems=1 */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Signs and sends one request to baseUrl; never throws on an HTTP error status. */
export async function signedFetch(baseUrl: string, request: SignedRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const [pathname, search = ''] = request.path.split('?', 2);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const prior = query[key];
    query[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  const body = request.body ?? '';
  const unsigned = new HttpRequest({
    method: request.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: pathname,
    query,
    headers: { host: url.host, ...request.headers },
    body,
  });
  const signer = new SignatureV4({
    service: request.service,
    region: request.region ?? TEST_REGION,
    credentials: request.credentials ?? TEST_CREDENTIALS,
    sha256: Sha256,
  });
  const signed = await signer.sign(unsigned);
  const headers = { ...signed.headers };
  delete headers.host;
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: signed.method,
    headers,
    body: signed.method === 'GET' || signed.method === 'HEAD' ? undefined : body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
