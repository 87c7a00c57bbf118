// AWS_IAM methods, request validation and resource policies of an imported API, over HTTP,
// signed by the SDK's signer and independently by botocore.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { APIGatewayClient, CreateDeploymentCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const run = promisify(execFile);

const definition = {
  swagger: '2.0',
  info: { title: 'registry', version: '1.0.0' },
  securityDefinitions: { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } },
  'x-amazon-apigateway-request-validators': { body: { validateRequestBody: true, validateRequestParameters: true } },
  'x-amazon-apigateway-policy': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/internal' },
    ],
  },
  definitions: {
    Registration: {
      type: 'object',
      properties: { service_name: { type: 'string' }, endpoint_url: { type: 'string' } },
      required: ['service_name', 'endpoint_url'],
    },
  },
  paths: {
    '/catalog/register': {
      post: {
        security: [{ sigv4: [] }],
        consumes: ['application/json'],
        'x-amazon-apigateway-request-validator': 'body',
        parameters: [{ in: 'body', name: 'Registration', required: true, schema: { $ref: '#/definitions/Registration' } }],
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"registered_by": "$context.identity.caller"}' } } },
        },
      },
    },
    '/internal': {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
      },
    },
  },
};

describe('AWS_IAM, validators and resource policy over HTTP', () => {
  let cloud: TestCloud;
  let apiId = '';
  let path = '';
  const body = JSON.stringify({ service_name: 'hello_world', endpoint_url: 'http://x' });

  beforeAll(async () => {
    cloud = await startTestCloud();
    const apigw = new APIGatewayClient(cloud.clientConfig);
    apiId = (await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(definition)) }))).id!;
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    path = `/restapis/${apiId}/dev/_user_request_/catalog/register`;
  });
  afterAll(() => cloud?.dispose());

  async function signedFetch(secret: string, payload: string) {
    const signer = new SignatureV4({ credentials: { accessKeyId: 'test', secretAccessKey: secret }, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: cloud.port, path,
      headers: { host: `127.0.0.1:${cloud.port}`, 'content-type': 'application/json' }, body: payload,
    }));
    const { host: _host, ...headers } = signed.headers;
    return fetch(`${cloud.url}${path}`, { method: 'POST', headers, body: payload });
  }

  it('refuses an unsigned request with Missing Authentication Token', async () => {
    const res = await fetch(`${cloud.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('accepts a request signed by the SDK signer with the local credentials', async () => {
    const res = await signedFetch('test', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ registered_by: 'test' });
  });

  it('refuses a wrong secret with the signature-mismatch message', async () => {
    const res = await signedFetch('wrong', body);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/^The request signature we calculated does not match/);
  });

  it('accepts a request signed and sent by botocore (boto3\'s signer, urllib as the client)', async () => {
    const script = [
      'import json, sys, urllib.request',
      'from botocore.auth import SigV4Auth',
      'from botocore.awsrequest import AWSRequest',
      'from botocore.credentials import Credentials',
      'url, body = sys.argv[1], sys.argv[2].encode()',
      'req = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": "application/json"})',
      'SigV4Auth(Credentials("test", "test"), "execute-api", "us-east-1").add_auth(req)',
      'r = urllib.request.Request(url, data=body, headers=dict(req.headers.items()), method="POST")',
      'print(urllib.request.urlopen(r).read().decode())',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, `${cloud.url}${path}`, body], { env: cloud.env });
    expect(JSON.parse(stdout)).toEqual({ registered_by: 'test' });
  });

  it('rejects a body that does not match the model with 400', async () => {
    const res = await signedFetch('test', JSON.stringify({ service_name: 'x' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Invalid request body' });
  });

  it('denies by the resource policy with an explicit deny', async () => {
    const res = await fetch(`${cloud.url}/restapis/${apiId}/dev/_user_request_/internal`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { Message: string }).Message).toBe(
      `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:${apiId}/dev/GET/internal with an explicit deny`,
    );
  });
});
