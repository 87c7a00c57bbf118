// Temporary credentials from the local STS (GetSessionToken, AssumeRole): accepted by AWS_IAM
// methods with their own session token until they expire (a ManualClock moves time), refused
// after, and kept across a restart. The SDK, boto3 and the AWS CLI read them back.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { APIGatewayClient, CreateDeploymentCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/local/clock.js';
import { createLambdaRole, failure } from '../../helpers/aws-fixtures.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const run = promisify(execFile);

const registry = {
  swagger: '2.0',
  info: { title: 'who', version: '1' },
  securityDefinitions: { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } },
  paths: {
    '/whoami': {
      post: {
        security: [{ sigv4: [] }],
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"key": "$context.identity.accessKey", "arn": "$context.identity.userArn"}' } } },
        },
      },
    },
  },
};

describe('STS temporary credentials', () => {
  const clock = new ManualClock();
  const stateDir = mkdtempSync(join(tmpdir(), 'discovery-sts-'));
  let cloud: TestCloud;
  let apiId = '';
  let roleArn = '';

  beforeAll(async () => {
    cloud = await startTestCloud({ clock, stateDir });
    roleArn = await createLambdaRole(cloud, 'session-role');
    // IAM is enforced: the role's sessions call the AWS_IAM route only with execute-api:Invoke.
    await new IAMClient(cloud.clientConfig).send(new PutRolePolicyCommand({
      RoleName: 'session-role', PolicyName: 'invoke',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] }),
    }));
    const apigw = new APIGatewayClient(cloud.clientConfig);
    apiId = (await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(registry)) }))).id!;
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
  });
  afterAll(async () => {
    await cloud?.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** POST /whoami signed at the cloud's clock time with these credentials. */
  async function whoami(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
    const path = `/restapis/${apiId}/dev/_user_request_/whoami`;
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: cloud.port, path,
      headers: { host: `127.0.0.1:${cloud.port}`, 'content-type': 'application/json' }, body: '{}',
    }), { signingDate: new Date(clock.now()) });
    const { host: _host, ...headers } = signed.headers;
    const res = await fetch(`${cloud.url}${path}`, { method: 'POST', headers, body: '{}' });
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: (await res.json()) as Record<string, string> };
  }

  const keys = (c: Credentials) => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

  it('GetSessionToken issues ASIA credentials accepted until they expire, then refused', async () => {
    const sts = new STSClient(cloud.clientConfig);
    const { Credentials: creds } = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    expect(creds?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(creds?.Expiration?.getTime()).toBe(clock.now() + 900_000);

    expect(await whoami(keys(creds!))).toMatchObject({ status: 200, body: { key: creds!.AccessKeyId } });
    const wrongToken = await whoami({ ...keys(creds!), sessionToken: `${creds!.SessionToken!}x` });
    expect(wrongToken).toMatchObject({ status: 403, errorType: 'UnrecognizedClientException', body: { message: 'The security token included in the request is invalid.' } });
    const noToken = await whoami({ accessKeyId: creds!.AccessKeyId!, secretAccessKey: creds!.SecretAccessKey! });
    expect(noToken.status).toBe(403);

    await clock.advance(899_000);
    expect((await whoami(keys(creds!))).status).toBe(200);
    await clock.advance(1_000);
    expect(await whoami(keys(creds!))).toMatchObject({ status: 403, errorType: 'ExpiredTokenException', body: { message: 'The security token included in the request is expired' } });
    // The long-term key still works.
    expect((await whoami({ accessKeyId: 'test', secretAccessKey: 'test' })).status).toBe(200);
  });

  it('checks DurationSeconds as AWS does', async () => {
    const sts = new STSClient(cloud.clientConfig);
    expect(await failure(sts.send(new GetSessionTokenCommand({ DurationSeconds: 60 })))).toMatchObject({
      name: 'ValidationError', status: 400, message: "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
    const { Credentials: longest } = await sts.send(new GetSessionTokenCommand({}));
    expect(longest?.Expiration?.getTime()).toBe(clock.now() + 43_200_000);
  });

  it('AssumeRole answers the assumed-role identity; an unknown role or too long a session is refused', async () => {
    const sts = new STSClient(cloud.clientConfig);
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ci-run' }));
    const arn = `arn:aws:sts::${cloud.ctx.accountId}:assumed-role/session-role/ci-run`;
    expect(assumed.AssumedRoleUser).toMatchObject({ Arn: arn, AssumedRoleId: expect.stringMatching(/^AROA\w+:ci-run$/) });
    expect(assumed.Credentials?.Expiration?.getTime()).toBe(clock.now() + 3_600_000);

    const asRole = new STSClient({ ...cloud.clientConfig, credentials: keys(assumed.Credentials!) });
    expect((await asRole.send(new GetCallerIdentityCommand({}))).Arn).toBe(arn);
    expect(await whoami(keys(assumed.Credentials!))).toMatchObject({ status: 200, body: { arn } });

    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${cloud.ctx.accountId}:role/nope`, RoleSessionName: 'x1' })))).toMatchObject({
      name: 'AccessDenied', status: 403, message: `User: arn:aws:iam::${cloud.ctx.accountId}:user/local is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${cloud.ctx.accountId}:role/nope`,
    });
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x1', DurationSeconds: 7200 })))).toMatchObject({
      name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('boto3 and the AWS CLI read the credentials back', async () => {
    const script = `import boto3; c = boto3.client('sts').assume_role(RoleArn='${roleArn}', RoleSessionName='boto')['Credentials']; print(c['AccessKeyId'], c['Expiration'].year)`;
    const boto = (await run('python3', ['-c', script], { env: cloud.env })).stdout.trim().split(' ');
    expect(boto[0]).toMatch(/^ASIA/);
    expect(boto[1]).toBe(String(new Date(clock.now()).getUTCFullYear()));
    const cli = JSON.parse((await run('aws', ['sts', 'get-session-token', '--duration-seconds', '1800'], { env: cloud.env })).stdout) as { Credentials: { AccessKeyId: string } };
    expect(cli.Credentials.AccessKeyId).toMatch(/^ASIA/);
  });

  it('keeps issued credentials across a restart (state folder)', async () => {
    const { Credentials: creds } = await new STSClient(cloud.clientConfig).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    await cloud.stop();
    cloud = await startTestCloud({ clock, stateDir });
    expect((await whoami(keys(creds!))).status).toBe(200);
  });
});
