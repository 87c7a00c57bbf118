// SigV4 signing of catalog requests for service `execute-api`, with @smithy/signature-v4 (the
// signer the AWS SDK itself uses), so API Gateway's AWS_IAM check accepts them.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SigningCredentials } from './types.js';

export interface SignInput {
  method: string;
  url: URL;
  body?: string;
  headers?: Record<string, string>;
  region: string;
  credentials: SigningCredentials;
  /** Defaults to now; tests pass a fixed date to recompute a signature. */
  signingDate?: Date;
}

/** Returns the headers to send (including authorization, x-amz-date, host). */
export async function signExecuteApiRequest(input: SignInput): Promise<Record<string, string>> {
  const { url } = input;
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const prior = query[name];
    query[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  const request = new HttpRequest({
    method: input.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { ...input.headers, host: url.host },
    body: input.body,
  });
  const signer = new SignatureV4({ service: 'execute-api', region: input.region, credentials: input.credentials, sha256: Sha256 });
  const signed = await signer.sign(request, input.signingDate ? { signingDate: input.signingDate } : undefined);
  return signed.headers as Record<string, string>;
}
