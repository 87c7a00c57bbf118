// The gate in front of the local cloud, tried the way a hostile web page would (issue 8): a form
// POST or a no-cors text/plain fetch with a foreign Origin, an unsigned request that names a
// service in X-Amz-Credential, DNS rebinding (a foreign Host). Each refusal is AWS-shaped, nothing
// is created, and a signed SDK client is still served afterwards.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { APIGatewayClient, CreateDeploymentCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRole, failure } from '../../helpers/aws-fixtures.js';
import { startTestCloud, TEST_CREDENTIALS, TEST_REGION, type TestCloud } from '../../helpers/local-cloud.js';
import { signedFetch } from '../../helpers/signed-fetch.js';
import { makeZip } from '../../helpers/zip.js';

const run = promisify(execFile);
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request with exactly these headers (Host included): what a browser or a rebinding page sends. */
function raw(cloud: TestCloud, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: cloud.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${cloud.port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A signed SDK call still works: the server kept serving. */
async function stillServes(cloud: TestCloud) {
  const identity = await new STSClient(cloud.clientConfig).send(new GetCallerIdentityCommand({}));
  expect(identity.Account).toBe(cloud.ctx.accountId);
}

const scope = (service: string) => encodeURIComponent(`test/${amzNow().slice(0, 8)}/${TEST_REGION}/${service}/aws4_request`);

/** A deployed MOCK API with its own CORS header, a resource policy denying GET /admin/*, and {proxy+}. */
const corsApi = {
  swagger: '2.0',
  info: { title: 'cors-api', version: '1' },
  'x-amazon-apigateway-policy': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/admin/*' },
    ],
  },
  paths: {
    '/hello': {
      get: {
        responses: { '200': { description: 'ok', headers: { 'Access-Control-Allow-Origin': { type: 'string' } } } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" }, responseTemplates: { 'application/json': '{"hello": "web"}' } } },
        },
      },
    },
    '/{proxy+}': {
      get: {
        parameters: [{ name: 'proxy', in: 'path', required: true, type: 'string' }],
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"secret": "leaked"}' } } },
        },
      },
    },
  },
};

describe('the gate: what a web page cannot do', () => {
  let cloud: TestCloud;
  let workDir: string;
  let marker: string;
  let apiId: string;

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    workDir = mkdtempSync(join(tmpdir(), 'discovery-gate-'));
    marker = join(workDir, 'handler-ran');
    // A function the attacker would invoke: it leaves a file when it runs.
    const role = await createLambdaRole(cloud, 'gate-victim-role');
    const lambda = new LambdaClient(cloud.clientConfig);
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'victim', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler',
      Code: { ZipFile: makeZip({ 'index.js': "exports.handler = async () => { require('fs').writeFileSync(process.env.MARKER, 'ran'); return 'ran'; };" }) },
      Environment: { Variables: { MARKER: marker } },
    }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'victim' });
    const apigw = new APIGatewayClient(cloud.clientConfig);
    apiId = (await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(corsApi)) }))).id!;
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
  });
  afterAll(async () => {
    await cloud?.dispose();
    rmSync(workDir, { recursive: true, force: true });
  });

  const createRoleForm = `Action=CreateRole&Version=2010-05-08&RoleName=pwned&AssumeRolePolicyDocument=${encodeURIComponent(TRUST)}`;
  const createFunctionJson = JSON.stringify({ FunctionName: 'pwned', Runtime: 'nodejs22.x', Role: `arn:aws:iam::000000000000:role/gate-victim-role`, Handler: 'index.handler', Code: { ZipFile: makeZip({ 'index.js': 'exports.handler = async () => 1;' }).toString('base64') } });

  /** Every state file of the control plane, to compare byte for byte around refused requests. */
  const stateFiles = () => Object.fromEntries(readdirSync(cloud.stateDir).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(join(cloud.stateDir, f), 'utf8')]));

  it('refuses a text/plain POST from a foreign Origin (CreateRole, CreateFunction, Invoke) with 403 before parsing it', async () => {
    const before = stateFiles();
    const evil = { origin: 'http://evil.example', 'content-type': 'text/plain;charset=UTF-8' };
    const role = await raw(cloud, { method: 'POST', path: `/?X-Amz-Credential=${scope('iam')}`, headers: evil, body: createRoleForm });
    expect(role.status).toBe(403);
    expect(role.text).toMatch(/<ErrorResponse>.*<Code>AccessDenied<\/Code><Message>The local cloud refuses requests from web pages: Origin http:\/\/evil.example is not allowed\./);
    expect(role.headers['access-control-allow-origin']).toBeUndefined();

    const fn = await raw(cloud, { method: 'POST', path: `/2015-03-31/functions?X-Amz-Credential=${scope('lambda')}`, headers: evil, body: createFunctionJson });
    expect(fn.status).toBe(403);
    expect(fn.headers['x-amzn-errortype']).toBe('AccessDeniedException');

    const invoke = await raw(cloud, { method: 'POST', path: `/2015-03-31/functions/victim/invocations?X-Amz-Credential=${scope('lambda')}`, headers: evil, body: '{}' });
    expect(invoke.status).toBe(403);
    expect(invoke.headers['x-amzn-errortype']).toBe('AccessDeniedException');

    // The same from an HTML form (no X-Amz-Credential at all).
    const form = await raw(cloud, { method: 'POST', path: '/', headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: createRoleForm });
    expect(form.status).toBe(403);
    expect(form.text).toContain('<Code>AccessDenied</Code>');

    expect(stateFiles()).toEqual(before);
    expect(existsSync(marker)).toBe(false);
    await expectNothingCreated();
  });

  it('refuses the same unsigned requests without an Origin (X-Amz-Credential in the query names a service, signs nothing)', async () => {
    const before = stateFiles();
    const plain = { 'content-type': 'text/plain' };
    const role = await raw(cloud, { method: 'POST', path: `/?X-Amz-Credential=${scope('iam')}`, headers: plain, body: createRoleForm });
    expect(role.status).toBe(403);
    expect(role.text).toMatch(/<Code>IncompleteSignature<\/Code><Message>AWS query-string parameters must include &apos;X-Amz-Algorithm&apos;\./);

    const fn = await raw(cloud, { method: 'POST', path: `/2015-03-31/functions?X-Amz-Credential=${scope('lambda')}`, headers: plain, body: createFunctionJson });
    expect(fn.status).toBe(403);
    expect(fn.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');

    const invoke = await raw(cloud, { method: 'POST', path: '/2015-03-31/functions/victim/invocations', headers: plain, body: '{}' });
    expect(invoke.status).toBe(403);
    expect(invoke.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(invoke.text)).toMatchObject({ message: 'Missing Authentication Token' });

    const query = await raw(cloud, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: createRoleForm });
    expect(query.status).toBe(403);
    expect(query.text).toMatch(/<Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message>/);

    // A made-up presigned query: every parameter there, the signature wrong.
    const forged = await raw(cloud, {
      method: 'POST',
      path: `/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${scope('iam')}&X-Amz-Date=${amzNow()}&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`,
      headers: plain,
      body: createRoleForm,
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('<Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.');

    expect(stateFiles()).toEqual(before);
    expect(existsSync(marker)).toBe(false);
    await expectNothingCreated();
  });

  async function expectNothingCreated() {
    expect(await failure(new IAMClient(cloud.clientConfig).send(new GetRoleCommand({ RoleName: 'pwned' })))).toMatchObject({ name: 'NoSuchEntityException' });
    const functions = await new LambdaClient(cloud.clientConfig).send(new ListFunctionsCommand({}));
    expect(functions.Functions?.map((f) => f.FunctionName)).toEqual(['victim']);
    await stillServes(cloud);
  }

  it('answers no CORS preflight on the control plane', async () => {
    const preflight = await raw(cloud, { method: 'OPTIONS', path: '/2015-03-31/functions', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    await stillServes(cloud);
  });

  it('refuses a foreign Host (DNS rebinding) on every plane, even a signed request', async () => {
    const health = await raw(cloud, { path: '/_local/health', headers: { host: `evil.example:${cloud.port}` } });
    expect(health.status).toBe(403);
    expect(health.text).not.toContain('stateDir');
    const signedHeaders = await signedHeadersFor('sts', 'Action=GetCallerIdentity&Version=2011-06-15', `evil.example:${cloud.port}`);
    const sts = await raw(cloud, { method: 'POST', path: '/', headers: signedHeaders, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(sts.status).toBe(403);
    expect(sts.text).toContain('<Code>AccessDenied</Code><Message>The local cloud answers only requests addressed to this machine');
    const api = await raw(cloud, { path: `/restapis/${apiId}/dev/_user_request_/hello`, headers: { host: 'evil.example' } });
    expect(api.status).toBe(403);
    await stillServes(cloud);
  });

  it('accepts localhost, 127.0.0.1, [::1] and {api}.execute-api.localhost as Host', async () => {
    for (const host of [`localhost:${cloud.port}`, `127.0.0.1:${cloud.port}`, `127.8.9.10:${cloud.port}`, `[::1]:${cloud.port}`, 'LOCALHOST']) {
      expect((await raw(cloud, { path: '/_local/health', headers: { host } })).status, host).toBe(200);
    }
    const byHost = await raw(cloud, { path: '/dev/hello', headers: { host: `${apiId}.execute-api.localhost:${cloud.port}` } });
    expect(byHost.status).toBe(200);
    expect(JSON.parse(byHost.text)).toEqual({ hello: 'web' });
  });

  it('keeps the execute-api data plane callable from a web page, with the CORS its API defines', async () => {
    const res = await raw(cloud, { path: `/restapis/${apiId}/dev/_user_request_/hello`, headers: { origin: 'http://my-app.example' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(res.text)).toEqual({ hello: 'web' });
  });

  it('judges the resource policy on the path the router matched: //admin/secret is denied like /admin/secret', async () => {
    const denied = `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${TEST_REGION}:${cloud.ctx.accountId}:${apiId}/dev/GET/admin/secret with an explicit deny`;
    for (const path of ['/admin/secret', '//admin/secret', '//admin//secret']) {
      const res = await raw(cloud, { path: `/restapis/${apiId}/dev/_user_request_${path}` });
      expect(res.status, path).toBe(403);
      expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
      expect(JSON.parse(res.text)).toEqual({ Message: denied });
    }
    expect((await raw(cloud, { path: `/restapis/${apiId}/dev/_user_request_/public/page` })).status).toBe(200);
  });

  it('answers a path starting with // and a %00 in an execute-api path as AWS would (4xx, never 500)', async () => {
    // Once read as host "2015-03-31" by new URL(); now an ordinary path for Lambda's router.
    const lambda = await signedFetch(cloud.url, { service: 'lambda', method: 'GET', path: '//2015-03-31/functions' });
    expect(lambda.status).toBeLessThan(500);
    expect(lambda.headers.get('x-amzn-requestid')).toBeTruthy();
    const unknown = await signedFetch(cloud.url, { service: 'apigateway', method: 'GET', path: '//x/y' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const iam = await signedFetch(cloud.url, { service: 'iam', path: '//x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=Nope&Version=2010-05-08' });
    expect(iam.status).toBe(400);
    expect(iam.text).toContain('<Code>InvalidAction</Code>');
    const health = await raw(cloud, { path: '//_local/health' });
    expect(health.status).toBe(403);

    // A NUL in the path once reached a diagnostic header and broke the answer (500).
    for (const path of ['/a%00b', '/%00', '/admin/%00']) {
      const res = await raw(cloud, { path: `/restapis/${apiId}/dev/_user_request_${path}` });
      expect(res.status, path).toBeLessThan(500);
    }
    for (const stage of ['d%00ev', '%00']) {
      const res = await raw(cloud, { path: `/restapis/${apiId}/${stage}/_user_request_/hello` });
      expect(res.status, stage).toBe(403);
      expect(JSON.parse(res.text)).toEqual({ message: 'Missing Authentication Token' });
    }
    const badStage = await raw(cloud, { path: `/restapis/${apiId}/%E0%A4%A/_user_request_/hello` });
    expect(badStage.status).toBe(403);
    expect(JSON.parse(badStage.text)).toEqual({ message: 'Missing Authentication Token' });
    await stillServes(cloud);
  });

  it('accepts a presigned query whose signature verifies (SDK signer and botocore), refuses a tampered one', async () => {
    const signer = new SignatureV4({ service: 'iam', region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256 });
    const presigned = await signer.presign(new HttpRequest({
      method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: cloud.port, path: '/',
      query: { Action: 'ListRoles', Version: '2010-05-08' }, headers: { host: `127.0.0.1:${cloud.port}` },
    }), { expiresIn: 300 });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const ok = await raw(cloud, { path: `/?${query}` });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text).toContain('<ListRolesResponse');
    expect(ok.text).toContain('<RoleName>gate-victim-role</RoleName>');

    const tampered = await raw(cloud, { path: `/?${query.replace('ListRoles', 'ListUsers')}` });
    expect(tampered.status).toBe(403);
    expect(tampered.text).toContain('<Code>SignatureDoesNotMatch</Code>');

    const script = [
      'import sys',
      'from botocore.auth import SigV4QueryAuth',
      'from botocore.awsrequest import AWSRequest',
      'from botocore.credentials import Credentials',
      'req = AWSRequest(method="GET", url=sys.argv[1] + "/?Action=GetCallerIdentity&Version=2011-06-15")',
      'SigV4QueryAuth(Credentials("test", "test"), "sts", "us-east-1", expires=300).add_auth(req)',
      'print(req.url)',
    ].join('\n');
    const url = new URL((await run('python3', ['-c', script, cloud.url])).stdout.trim());
    const boto = await raw(cloud, { path: `${url.pathname}${url.search}` });
    expect(boto.status, boto.text).toBe(200);
    expect(boto.text).toContain(`<Account>${cloud.ctx.accountId}</Account>`);
    const wrongSecret = url.search.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'a'.repeat(64)}`);
    expect((await raw(cloud, { path: `/${wrongSecret}` })).status).toBe(403);
    await stillServes(cloud);
  });
});

describe('the gate: what the user allows', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ allowHosts: ['dev.example'], allowOrigins: ['http://localhost:3000'] });
  });
  afterAll(() => cloud?.dispose());

  it('accepts a Host given with allowHosts (--allow-host), still refuses others', async () => {
    expect((await raw(cloud, { path: '/_local/health', headers: { host: `dev.example:${cloud.port}` } })).status).toBe(200);
    expect((await raw(cloud, { path: '/_local/health', headers: { host: 'other.example' } })).status).toBe(403);
  });

  it('serves an allowed Origin, with CORS headers and a preflight answer', async () => {
    const origin = 'http://localhost:3000';
    const preflight = await raw(cloud, { method: 'OPTIONS', path: '/', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-amz-date,content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization,x-amz-date,content-type');

    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const headers = await signedHeadersFor('sts', body, `127.0.0.1:${cloud.port}`);
    const res = await raw(cloud, { method: 'POST', path: '/', headers: { ...headers, origin }, body });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    // Allowed is not unsigned: the page must still sign.
    const unsigned = await raw(cloud, { method: 'POST', path: '/', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).toContain('<Code>MissingAuthenticationToken</Code>');
    expect((await raw(cloud, { path: '/_local/health', headers: { origin: 'http://localhost:3001' } })).status).toBe(403);
    await stillServes(cloud);
  });
});

/** SigV4 headers (the SDK's signer) for a query-protocol POST, signed for the given Host. */
async function signedHeadersFor(service: string, body: string, host: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service, region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256 });
  const [hostname = '', port = '80'] = host.split(':');
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname, port: Number(port), path: '/',
    headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, body,
  }));
  return signed.headers;
}

const amzNow = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
