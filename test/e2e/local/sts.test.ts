import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { signedFetch } from '../../helpers/signed-fetch.js';

const run = promisify(execFile);

describe('STS in the local cloud', () => {
  let cloud: TestCloud;
  useTestCloud({ accountId: '123456789012' }, (started) => {
    cloud = started;
  });

  it('answers GetCallerIdentity with the local account (SDK v3)', async () => {
    const identity = await new STSClient(cloud.clientConfig).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('123456789012');
    expect(identity.Arn).toBe('arn:aws:iam::123456789012:user/local');
    expect(identity.UserId).toMatch(/^AIDA/);
  });

  it('answers the AWS CLI and boto3 the same', async () => {
    const cli = JSON.parse((await run('aws', ['sts', 'get-caller-identity'], { env: cloud.env })).stdout) as { Account: string };
    expect(cli.Account).toBe('123456789012');
    const boto = await run('python3', ['-c', "import boto3; print(boto3.client('sts').get_caller_identity()['Account'])"], { env: cloud.env });
    expect(boto.stdout.trim()).toBe('123456789012');
  });

  it('answers an unknown STS action with InvalidAction', async () => {
    const err = await signedFetch(cloud.url, {
      service: 'sts',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRoleWithSAML&Version=2011-06-15',
    });
    expect(err.status).toBe(400);
    expect(err.text).toContain('<Code>InvalidAction</Code>');
  });
});
