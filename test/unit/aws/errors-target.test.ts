// Actionable error messages, target resolution (region, partition, endpoint URLs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAwsError } from '../../../src/aws/errors.js';
import { partitionOf } from '../../../src/aws/partition.js';
import { resolveTarget, stageUrl } from '../../../src/aws/target.js';

const error = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('describeAwsError', () => {
  it('names the action and resource on AccessDenied', () => {
    const e = describeAwsError(error('AccessDeniedException', 'User is not authorized'), { operation: 'lambda:CreateFunction', resource: 'app-dev-fn' });
    expect(e.message).toMatch(/may not lambda:CreateFunction on app-dev-fn/);
    expect(e.message).toMatch(/Grant "lambda:CreateFunction"/);
  });
  it('explains missing credentials, expired tokens, retired runtimes and oversize zips', () => {
    expect(describeAwsError(error('CredentialsProviderError', 'Could not load credentials from any providers'), { operation: 'sts:GetCallerIdentity' }).message).toMatch(/--profile|--local/);
    expect(describeAwsError(error('ExpiredTokenException', 'The security token included in the request is expired'), { operation: 'iam:GetRole' }).message).toMatch(/expired.*Refresh/);
    expect(describeAwsError(error('InvalidParameterValueException', 'The runtime parameter of nodejs16.x is no longer supported'), { operation: 'lambda:CreateFunction', resource: 'f' }).message).toMatch(/nodejs22\.x/);
    expect(describeAwsError(error('RequestEntityTooLargeException', 'too big'), { operation: 'lambda:CreateFunction', resource: 'f' }).message).toMatch(/50 MB/);
  });
  it('points at the local cloud when its endpoint refuses connections', () => {
    const e = describeAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4577'), { code: 'ECONNREFUSED' }), { operation: 'iam:GetRole', endpointUrl: 'http://127.0.0.1:4577' });
    expect(e.message).toMatch(/local cloud running/);
  });
});

describe('targets', () => {
  const sharedConfig = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'aws-config-')), 'config');
    writeFileSync(file, text);
    return file;
  };
  const noFiles = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };

  it('takes credentials from an env passed by the caller, since the SDK reads only process.env', async () => {
    const env = { ...noFiles, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };
    expect((await resolveTarget({ region: 'eu-west-1', env })).credentials).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    expect((await resolveTarget({ region: 'eu-west-1', env: noFiles })).credentials).toBeUndefined();
    expect((await resolveTarget({ region: 'eu-west-1', env, credentials: { accessKeyId: 'flag', secretAccessKey: 'x' } })).credentials?.accessKeyId).toBe('flag');
    // An explicit --profile wins over keys in the environment; AWS_PROFILE does not (as with the AWS CLI).
    const withCi = { ...env, AWS_CONFIG_FILE: sharedConfig('[profile ci]\nregion = eu-west-1\n') };
    expect(await resolveTarget({ region: 'eu-west-1', env: withCi, profile: 'ci' })).toMatchObject({ profile: 'ci', credentials: undefined });
    expect(await resolveTarget({ region: 'eu-west-1', env: { ...withCi, AWS_PROFILE: 'ci' } })).toMatchObject({ profile: undefined, credentials: { accessKeyId: 'AKIDEXAMPLE' } });
  });
  it('takes the region from the flag, then the config, then the environment', async () => {
    expect((await resolveTarget({ region: 'eu-west-1', configRegion: 'us-west-2', env: { AWS_REGION: 'ap-south-1' } })).region).toBe('eu-west-1');
    expect((await resolveTarget({ configRegion: 'us-west-2', env: { AWS_REGION: 'ap-south-1' } })).region).toBe('us-west-2');
    expect((await resolveTarget({ env: { AWS_REGION: 'ap-south-1' } })).region).toBe('ap-south-1');
    await expect(resolveTarget({ env: noFiles })).rejects.toThrow(/--region/);
  });
  it("falls back to the profile's region in the shared config file", async () => {
    const file = sharedConfig('[default]\nregion = us-west-2\n\n[profile work] # CI\noutput = json\nregion=eu-central-1\n');
    expect((await resolveTarget({ env: { AWS_CONFIG_FILE: file } })).region).toBe('us-west-2');
    expect((await resolveTarget({ profile: 'work', env: { AWS_CONFIG_FILE: file } })).region).toBe('eu-central-1');
    expect((await resolveTarget({ env: { AWS_CONFIG_FILE: file, AWS_PROFILE: 'work' } })).region).toBe('eu-central-1');
  });
  it("--profile and AWS_PROFILE both take the profile's endpoint_url, and report the region it talks to", async () => {
    const file = sharedConfig('[profile lab]\nregion = eu-north-1\nendpoint_url = http://127.0.0.1:4999\n');
    for (const options of [{ profile: 'lab', env: { AWS_CONFIG_FILE: file } }, { env: { AWS_CONFIG_FILE: file, AWS_PROFILE: 'lab' } }]) {
      const target = await resolveTarget(options);
      expect(target).toMatchObject({ kind: 'local', region: 'eu-north-1', endpointUrl: 'http://127.0.0.1:4999', profile: 'lab' });
      expect(stageUrl(target, 'abc', 'dev')).toBe('http://127.0.0.1:4999/restapis/abc/dev/_user_request_');
    }
    // The flag and AWS_ENDPOINT_URL still win over the profile.
    expect((await resolveTarget({ profile: 'lab', endpointUrl: 'http://127.0.0.1:1', env: { AWS_CONFIG_FILE: file } })).endpointUrl).toBe('http://127.0.0.1:1');
    expect((await resolveTarget({ profile: 'lab', env: { AWS_CONFIG_FILE: file, AWS_ENDPOINT_URL: 'http://127.0.0.1:2' } })).endpointUrl).toBe('http://127.0.0.1:2');
  });
  it("a missing profile gets the AWS CLI's message, from the flag and from AWS_PROFILE alike", async () => {
    const file = sharedConfig('[profile lab]\nregion = eu-north-1\n');
    await expect(resolveTarget({ profile: 'nope', region: 'eu-west-1', env: { AWS_CONFIG_FILE: file } })).rejects.toThrow(/^The config profile \(nope\) could not be found/);
    await expect(resolveTarget({ region: 'eu-west-1', env: { AWS_CONFIG_FILE: file, AWS_PROFILE: 'nope' } })).rejects.toThrow(/^The config profile \(nope\) could not be found/);
  });
  it('timeouts default to the AWS CLI\'s 60 s and refuse nonsense', async () => {
    expect((await resolveTarget({ region: 'eu-west-1', env: noFiles })).timeouts).toEqual({ connectMs: 60_000, readMs: 60_000 });
    expect((await resolveTarget({ region: 'eu-west-1', env: noFiles, readTimeoutSeconds: 2.5 })).timeouts.readMs).toBe(2500);
    await expect(resolveTarget({ region: 'eu-west-1', env: noFiles, connectTimeoutSeconds: Number.NaN })).rejects.toThrow(/--connect-timeout takes a number of seconds/);
  });
  it('uses the partition DNS suffix in AWS URLs and the local form on the local cloud', async () => {
    expect(partitionOf('cn-north-1')).toEqual({ name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' });
    expect(stageUrl(await resolveTarget({ region: 'cn-north-1', env: noFiles }), 'abc', 'prod')).toBe('https://abc.execute-api.cn-north-1.amazonaws.com.cn/prod');
    expect(stageUrl(await resolveTarget({ region: 'us-gov-west-1', env: noFiles }), 'abc', 'dev')).toBe('https://abc.execute-api.us-gov-west-1.amazonaws.com/dev');
    const local = await resolveTarget({ endpointUrl: 'http://127.0.0.1:4577', env: noFiles });
    expect(local.kind).toBe('local');
    expect(stageUrl(local, 'abc', 'dev')).toBe('http://127.0.0.1:4577/restapis/abc/dev/_user_request_');
  });
});
