// One request sent byte for byte as given (path with `//`, `%00`, `..` kept: fetch would
// normalise them), signed with the SDK's SigV4 signer when a signing service is named.
import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS, TEST_REGION } from '../helpers/local-cloud.js';

export interface RawRequest {
  /** Signing name; undefined sends the request unsigned (the execute-api data plane). */
  service?: string;
  method: string;
  /** Raw path and query, e.g. /2015-03-31/functions//x%00?Qualifier=1 */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export async function sendRaw(baseUrl: string, req: RawRequest, timeoutMs = 15_000): Promise<RawReply> {
  const url = new URL(baseUrl);
  let headers: Record<string, string> = { host: url.host, ...req.headers };
  if (req.service) {
    const [pathname = '/', search = ''] = req.path.split('?', 2);
    const query: Record<string, string | string[]> = {};
    for (const part of search.split('&').filter(Boolean)) {
      const [k = '', v = ''] = part.split('=', 2);
      const key = safe(k);
      const value = safe(v);
      const prior = query[key];
      query[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
    }
    const signer = new SignatureV4({ service: req.service, region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({ method: req.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: safe(pathname), query, headers, body: req.body }));
    headers = signed.headers;
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: { ...headers, 'content-length': String(req.body.length) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms: ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function safe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
