import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { API_ID, buildApiData, harness, ManualClock, mockIntegration, type GatewayHarness } from './gateway-fixtures.js';

const run = promisify(execFile);
const HOST = '127.0.0.1:4577';
const rawPath = (path: string) => `/restapis/${API_ID}/dev/_user_request_${path}`;

const secureApi = (policy?: string) => buildApiData({
  policy,
  paths: {
    '/secure': { POST: { authorizationType: 'AWS_IAM', integration: mockIntegration({ integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"caller": "$context.identity.caller"}' } } } }) } },
    '/open': { GET: { integration: mockIntegration() } },
    '/open/{id}': { GET: { integration: mockIntegration() } },
  },
});

interface SignOptions {
  accessKeyId?: string;
  body?: string;
  region?: string;
  service?: string;
  sessionToken?: string;
  /** Extra headers to sign, e.g. x-amz-content-sha256 (the SDK signer then signs that value as the payload hash). */
  headers?: Record<string, string>;
}

async function signWithSmithy(secret: string, signingDate: Date, opts: SignOptions = {}) {
  const signer = new SignatureV4({
    credentials: { accessKeyId: opts.accessKeyId ?? 'test', secretAccessKey: secret, sessionToken: opts.sessionToken },
    region: opts.region ?? 'us-east-1', service: opts.service ?? 'execute-api', sha256: Sha256,
  });
  const body = opts.body ?? '{"register":"me"}';
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4577, path: rawPath('/secure'),
    query: { b: '2', a: 'x y' }, headers: { host: HOST, 'content-type': 'application/json', ...opts.headers }, body,
  }), { signingDate });
  return { headers: signed.headers, body };
}

function sendSigned(gw: GatewayHarness, headers: Record<string, string>, body: string) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return gw.send({ path: '/secure?b=2&a=x%20y', rawQuery: 'b=2&a=x%20y', method: 'POST', headers: lower, body: Buffer.from(body), rawPath: rawPath('/secure') });
}

describe('AWS_IAM methods (SigV4)', () => {
  it('accepts a request signed by @smithy/signature-v4 with the local credentials', async () => {
    const clock = new ManualClock();
    const gw = harness(secureApi(), { clock });
    const { headers, body } = await signWithSmithy('test', new Date(clock.now()));
    const res = await sendSigned(gw, headers, body);
    expect(res.status, res.text).toBe(200);
    expect(res.json()).toEqual({ caller: 'test' });
  });

  it('accepts a request signed independently by botocore SigV4Auth', async () => {
    // The python signer uses wall time, so this gateway's clock is the wall clock.
    const gw = harness(secureApi(), { clock: new ManualClock(Date.now()) });
    const script = [
      'import json, sys',
      'from botocore.auth import SigV4Auth',
      'from botocore.awsrequest import AWSRequest',
      'from botocore.credentials import Credentials',
      `req = AWSRequest(method="POST", url="http://${HOST}${rawPath('/secure')}?b=2&a=x%20y", data=b'{"from":"boto"}', headers={"Content-Type": "application/json"})`,
      'SigV4Auth(Credentials("test", "test"), "execute-api", "us-east-1").add_auth(req)',
      'print(json.dumps(dict(req.headers.items())))',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script]);
    const headers = JSON.parse(stdout) as Record<string, string>;
    const res = await sendSigned(gw, { ...headers, host: HOST }, '{"from":"boto"}');
    expect(res.status, res.text).toBe(200);
    // Tampering with the body breaks the signature.
    const tampered = await sendSigned(gw, { ...headers, host: HOST }, '{"from":"evil"}');
    expect(tampered.status).toBe(403);
  });

  it('answers 403 Missing Authentication Token without Authorization', async () => {
    const res = await harness(secureApi()).send({ path: '/secure', method: 'POST' });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('answers 403 with the signature-mismatch message for a wrong secret', async () => {
    const clock = new ManualClock();
    const gw = harness(secureApi(), { clock });
    const { headers, body } = await signWithSmithy('not-the-secret', new Date(clock.now()));
    const res = await sendSigned(gw, headers, body);
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
    expect(res.headers['x-amzn-ErrorType']).toBe('InvalidSignatureException');
  });

  it('answers 403 invalid security token for an unknown access key', async () => {
    const clock = new ManualClock();
    const gw = harness(secureApi(), { clock });
    const { headers, body } = await signWithSmithy('test', new Date(clock.now()), { accessKeyId: 'AKIAUNKNOWN' });
    const res = await sendSigned(gw, headers, body);
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: 'The security token included in the request is invalid.' });
    expect(res.headers['x-amzn-ErrorType']).toBe('UnrecognizedClientException');
  });

  it('answers 403 Signature expired more than 15 minutes after signing (AWS\'s skew), accepts it before', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 12, 0, 0));
    const gw = harness(secureApi(), { clock });
    const { headers, body } = await signWithSmithy('test', new Date(clock.now()));
    await clock.advance(14 * 60_000);
    expect((await sendSigned(gw, headers, body)).status).toBe(200);
    await clock.advance(2 * 60_000);
    const res = await sendSigned(gw, headers, body);
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-ErrorType']).toBe('InvalidSignatureException');
    expect((res.json() as { message: string }).message).toBe('Signature expired: 20261121T120000Z is now earlier than 20261121T120100Z (20261121T121600Z - 15 min.)');
  });

  it('answers 403 Signature not yet current more than 15 minutes ahead of the clock', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 12, 0, 0));
    const gw = harness(secureApi(), { clock });
    const ahead = await signWithSmithy('test', new Date(clock.now() + 14 * 60_000));
    expect((await sendSigned(gw, ahead.headers, ahead.body)).status).toBe(200);
    const tooFar = await signWithSmithy('test', new Date(clock.now() + 16 * 60_000));
    const res = await sendSigned(gw, tooFar.headers, tooFar.body);
    expect(res.status).toBe(403);
    expect((res.json() as { message: string }).message).toBe('Signature not yet current: 20261121T121600Z is still later than 20261121T121500Z (20261121T120000Z + 15 min.)');
  });

  it('accepts other configured credentials', async () => {
    const clock = new ManualClock();
    const gw = harness(secureApi(), { clock, credentials: [{ accessKeyId: 'AKIDLOCAL', secretAccessKey: 's3cr3t' }] });
    const { headers, body } = await signWithSmithy('s3cr3t', new Date(clock.now()), { accessKeyId: 'AKIDLOCAL' });
    expect((await sendSigned(gw, headers, body)).status).toBe(200);
  });
});

describe('SigV4 verified as AWS does (issue 8)', () => {
  const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  async function refused(opts: SignOptions, sentBody?: string) {
    const clock = new ManualClock();
    const gw = harness(secureApi(), { clock });
    const { headers, body } = await signWithSmithy('test', new Date(clock.now()), opts);
    const res = await sendSigned(gw, headers, sentBody ?? body);
    // The same gateway still serves a well-signed request afterwards.
    const good = await signWithSmithy('test', new Date(clock.now()));
    expect((await sendSigned(gw, good.headers, good.body)).status).toBe(200);
    return res;
  }

  it('hashes the body received: a signed request with its body swapped is refused, whatever x-amz-content-sha256 says', async () => {
    const original = '{"endpoint_url":"https://real.example"}';
    const res = await refused({ body: original, headers: { 'x-amz-content-sha256': sha256(original) } }, '{"endpoint_url":"https://attacker.example"}');
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-ErrorType']).toBe('InvalidSignatureException');
    expect(res.json()).toEqual({ message: MISMATCH });
  });

  it('refuses UNSIGNED-PAYLOAD on execute-api', async () => {
    const res = await refused({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: MISMATCH });
  });

  it('refuses a credential scope for another region than the API\'s', async () => {
    const res = await refused({ region: 'eu-west-1' });
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-ErrorType']).toBe('InvalidSignatureException');
    expect(res.json()).toEqual({ message: 'Credential should be scoped to a valid region.' });
  });

  it('refuses a credential scope for another service than execute-api', async () => {
    const res = await refused({ service: 'lambda' });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: "Credential should be scoped to correct service: 'execute-api'." });
  });

  it('refuses an arbitrary X-Amz-Security-Token sent with the long-term key', async () => {
    const res = await refused({ sessionToken: 'made-up-token' });
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-ErrorType']).toBe('UnrecognizedClientException');
    expect(res.json()).toEqual({ message: 'The security token included in the request is invalid.' });
  });

  it('refuses a botocore-signed request whose body was swapped (the outside signer)', async () => {
    const gw = harness(secureApi(), { clock: new ManualClock(Date.now()) });
    const script = [
      'import json',
      'from botocore.auth import SigV4Auth',
      'from botocore.awsrequest import AWSRequest',
      'from botocore.credentials import Credentials',
      `req = AWSRequest(method="POST", url="http://${HOST}${rawPath('/secure')}", data=b'{"a":1}', headers={"Content-Type": "application/json"})`,
      'SigV4Auth(Credentials("test", "test"), "execute-api", "us-east-1").add_auth(req)',
      'print(json.dumps(dict(req.headers.items())))',
    ].join('\n');
    const headers = JSON.parse((await run('python3', ['-c', script])).stdout) as Record<string, string>;
    const lower = Object.fromEntries(Object.entries({ ...headers, host: HOST }).map(([k, v]) => [k.toLowerCase(), v]));
    const send = (body: string) => gw.send({ path: '/secure', method: 'POST', headers: lower, body: Buffer.from(body), rawPath: rawPath('/secure') });
    expect((await send('{"a":1}')).status).toBe(200);
    const swapped = await send('{"a":2}');
    expect(swapped.status).toBe(403);
    expect(swapped.json()).toEqual({ message: MISMATCH });
  });
});

describe('resource policy', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:000000000000:${API_ID}/*/GET/open/blocked` },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/dev/GET/open/*', Condition: { NotIpAddress: { 'aws:SourceIp': ['127.0.0.0/8'] } } },
    ],
  });

  it('answers 403 with an explicit deny for a denied resource ARN', async () => {
    const gw = harness(secureApi(policy));
    expect((await gw.send({ path: '/open' })).status).toBe(200);
    const res = await gw.send({ path: '/open/blocked' });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({
      Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:${API_ID}/dev/GET/open/blocked with an explicit deny`,
    });
    expect(res.headers['x-amzn-ErrorType']).toBe('AccessDeniedException');
  });

  it('judges the path the router matched: //open/blocked is denied like /open/blocked', async () => {
    const gw = harness(secureApi(policy));
    for (const path of ['//open/blocked', '/open//blocked', '///open/blocked/']) {
      const res = await gw.send({ path });
      expect(res.status, path).toBe(403);
      expect((res.json() as { Message: string }).Message).toContain(`${API_ID}/dev/GET/open/blocked with an explicit deny`);
    }
    expect((await gw.send({ path: '//open' })).status).toBe(200);
  });

  it('applies aws:SourceIp conditions', async () => {
    const gw = harness(secureApi(policy));
    expect((await gw.send({ path: '/open/1', sourceIp: '127.0.0.1' })).status).toBe(200);
    expect((await gw.send({ path: '/open/1', sourceIp: '10.0.0.5' })).status).toBe(403);
  });

  it('denies implicitly when no statement allows', async () => {
    const onlyOther = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/*' }] });
    const res = await harness(secureApi(onlyOther)).send({ path: '/open' });
    expect(res.status).toBe(403);
    expect((res.json() as { Message: string }).Message).not.toContain('explicit deny');
  });
});
