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
  it('takes credentials from an env passed by the caller, since the SDK reads only process.env', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };
    expect(resolveTarget({ region: 'eu-west-1', env }).credentials).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(resolveTarget({ region: 'eu-west-1', env: {} }).credentials).toBeUndefined();
    expect(resolveTarget({ region: 'eu-west-1', env, credentials: { accessKeyId: 'flag', secretAccessKey: 'x' } }).credentials?.accessKeyId).toBe('flag');
    // An explicit --profile wins over keys in the environment.
    expect(resolveTarget({ region: 'eu-west-1', env, profile: 'ci' }).credentials).toBeUndefined();
  });
  it('takes the region from the flag, then the config, then the environment', () => {
    expect(resolveTarget({ region: 'eu-west-1', configRegion: 'us-west-2', env: { AWS_REGION: 'ap-south-1' } }).region).toBe('eu-west-1');
    expect(resolveTarget({ configRegion: 'us-west-2', env: { AWS_REGION: 'ap-south-1' } }).region).toBe('us-west-2');
    expect(resolveTarget({ env: { AWS_REGION: 'ap-south-1' } }).region).toBe('ap-south-1');
    expect(() => resolveTarget({ env: { AWS_CONFIG_FILE: '/nonexistent' } })).toThrow(/--region/);
  });
  it("falls back to the profile's region in the shared config file", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aws-config-')), 'config');
    writeFileSync(file, '[default]\nregion = us-west-2\n\n[profile work] # CI\noutput = json\nregion=eu-central-1\n');
    expect(resolveTarget({ env: { AWS_CONFIG_FILE: file } }).region).toBe('us-west-2');
    expect(resolveTarget({ profile: 'work', env: { AWS_CONFIG_FILE: file } }).region).toBe('eu-central-1');
    expect(resolveTarget({ env: { AWS_CONFIG_FILE: file, AWS_PROFILE: 'work' } }).region).toBe('eu-central-1');
  });
  it('uses the partition DNS suffix in AWS URLs and the local form on the local cloud', () => {
    expect(partitionOf('cn-north-1')).toEqual({ name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' });
    expect(stageUrl(resolveTarget({ region: 'cn-north-1', env: {} }), 'abc', 'prod')).toBe('https://abc.execute-api.cn-north-1.amazonaws.com.cn/prod');
    expect(stageUrl(resolveTarget({ region: 'us-gov-west-1', env: {} }), 'abc', 'dev')).toBe('https://abc.execute-api.us-gov-west-1.amazonaws.com/dev');
    const local = resolveTarget({ endpointUrl: 'http://127.0.0.1:4577', env: {} });
    expect(local.kind).toBe('local');
    expect(stageUrl(local, 'abc', 'dev')).toBe('http://127.0.0.1:4577/restapis/abc/dev/_user_request_');
  });
});
