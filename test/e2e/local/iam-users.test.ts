// IAM users, access keys, user policies and customer managed policies, driven by the AWS CLI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const exec = promisify(execFile);
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' }] });
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

describe('IAM users through the AWS CLI', () => {
  let cloud: TestCloud;
  useTestCloud({}, (started) => {
    cloud = started;
  });
  const aws = async (...args: string[]) => JSON.parse((await exec('aws', ['--output', 'json', ...args], { env: cloud.env })).stdout || '{}');
  /** The CLI's failure: exit status 254/255 and "An error occurred (Code) ...: message" on stderr. */
  const awsError = (...args: string[]) => exec('aws', args, { env: cloud.env }).then(() => { throw new Error(`aws ${args.join(' ')} succeeded`); }, (err: { stderr: string }) => err.stderr.trim());

  it('creates, gets and lists a user with an AIDA id and its ARN', async () => {
    const { User } = await aws('iam', 'create-user', '--user-name', 'alice', '--path', '/team/', '--tags', 'Key=team,Value=blue');
    expect(User).toMatchObject({ UserName: 'alice', Path: '/team/', Arn: `arn:aws:iam::${cloud.ctx.accountId}:user/team/alice`, Tags: [{ Key: 'team', Value: 'blue' }] });
    expect(User.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect((await aws('iam', 'get-user', '--user-name', 'alice')).User.UserId).toBe(User.UserId);
    await aws('iam', 'create-user', '--user-name', 'bob');
    expect((await aws('iam', 'list-users')).Users.map((u: { UserName: string }) => u.UserName)).toEqual(['alice', 'bob']);
    expect((await aws('iam', 'list-users', '--path-prefix', '/team/')).Users).toHaveLength(1);
  });

  it('answers EntityAlreadyExists and NoSuchEntity as IAM words them', async () => {
    expect(await awsError('iam', 'create-user', '--user-name', 'alice')).toContain('An error occurred (EntityAlreadyExists) when calling the CreateUser operation: User with name alice already exists.');
    expect(await awsError('iam', 'get-user', '--user-name', 'nobody')).toContain('An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name nobody cannot be found.');
    expect(await awsError('iam', 'get-user-policy', '--user-name', 'alice', '--policy-name', 'none')).toContain('(NoSuchEntity) when calling the GetUserPolicy operation: The user policy with name none cannot be found.');
  });

  it('issues at most two AKIA access keys, lists them without secrets and deletes them', async () => {
    const { AccessKey } = await aws('iam', 'create-access-key', '--user-name', 'alice');
    expect(AccessKey).toMatchObject({ UserName: 'alice', Status: 'Active' });
    expect(AccessKey.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(AccessKey.SecretAccessKey).toHaveLength(40);
    await aws('iam', 'create-access-key', '--user-name', 'alice');
    expect(await awsError('iam', 'create-access-key', '--user-name', 'alice')).toContain('(LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2');
    const listed = (await aws('iam', 'list-access-keys', '--user-name', 'alice')).AccessKeyMetadata;
    expect(listed).toHaveLength(2);
    expect(listed[0]).not.toHaveProperty('SecretAccessKey');
    await aws('iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', AccessKey.AccessKeyId);
    expect(await awsError('iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', AccessKey.AccessKeyId)).toContain(`The Access Key with id ${AccessKey.AccessKeyId} cannot be found.`);
  });

  it('GetUser without a name and GetCallerIdentity answer the user whose key signed', async () => {
    // GetCallerIdentity needs no permission; GetUser needs iam:GetUser on the user itself, as on AWS.
    await aws('iam', 'put-user-policy', '--user-name', 'bob', '--policy-name', 'self', '--policy-document',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${cloud.ctx.accountId}:user/bob` }] }));
    const { AccessKey } = await aws('iam', 'create-access-key', '--user-name', 'bob');
    const env = { ...cloud.env, AWS_ACCESS_KEY_ID: AccessKey.AccessKeyId, AWS_SECRET_ACCESS_KEY: AccessKey.SecretAccessKey };
    const identity = JSON.parse((await exec('aws', ['sts', 'get-caller-identity'], { env })).stdout);
    expect(identity.Arn).toBe(`arn:aws:iam::${cloud.ctx.accountId}:user/bob`);
    const user = JSON.parse((await exec('aws', ['iam', 'get-user'], { env })).stdout);
    expect(user.User.UserName).toBe('bob');
  });

  it('puts, gets, lists and deletes inline user policies (documents URL-encoded as IAM sends them, decoded by the CLI)', async () => {
    await aws('iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'list', '--policy-document', POLICY);
    const got = await aws('iam', 'get-user-policy', '--user-name', 'alice', '--policy-name', 'list');
    expect(got).toMatchObject({ UserName: 'alice', PolicyName: 'list', PolicyDocument: JSON.parse(POLICY) });
    expect((await aws('iam', 'list-user-policies', '--user-name', 'alice')).PolicyNames).toEqual(['list']);
    expect(await awsError('iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'bad', '--policy-document', '{"Statement": []}')).toContain('MalformedPolicyDocument');
  });

  it('creates customer managed policies, attaches them to users, and refuses to delete attached ones', async () => {
    const { Policy } = await aws('iam', 'create-policy', '--policy-name', 'ListFns', '--policy-document', POLICY, '--description', 'list functions');
    expect(Policy).toMatchObject({ PolicyName: 'ListFns', Arn: `arn:aws:iam::${cloud.ctx.accountId}:policy/ListFns`, DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
    expect(Policy.PolicyId).toMatch(/^ANPA/);
    expect(await awsError('iam', 'create-policy', '--policy-name', 'ListFns', '--policy-document', POLICY)).toContain('(EntityAlreadyExists) when calling the CreatePolicy operation: A policy called ListFns already exists. Duplicate names are not allowed.');
    await aws('iam', 'attach-user-policy', '--user-name', 'alice', '--policy-arn', Policy.Arn);
    await aws('iam', 'attach-user-policy', '--user-name', 'alice', '--policy-arn', BASIC);
    expect((await aws('iam', 'list-attached-user-policies', '--user-name', 'alice')).AttachedPolicies).toEqual([{ PolicyName: 'ListFns', PolicyArn: Policy.Arn }, { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC }]);
    expect((await aws('iam', 'get-policy', '--policy-arn', Policy.Arn)).Policy.AttachmentCount).toBe(1);
    const version = await aws('iam', 'get-policy-version', '--policy-arn', Policy.Arn, '--version-id', 'v1');
    expect(version.PolicyVersion).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true, Document: JSON.parse(POLICY) });
    const basic = await aws('iam', 'get-policy-version', '--policy-arn', BASIC, '--version-id', 'v1');
    expect(basic.PolicyVersion.Document.Statement[0].Action).toContain('logs:PutLogEvents');
    expect((await aws('iam', 'list-policies', '--scope', 'Local')).Policies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(['ListFns']);
    expect(await awsError('iam', 'delete-policy', '--policy-arn', Policy.Arn)).toContain('(DeleteConflict) when calling the DeletePolicy operation: Cannot delete a policy attached to entities.');
    expect(await awsError('iam', 'attach-user-policy', '--user-name', 'alice', '--policy-arn', `arn:aws:iam::${cloud.ctx.accountId}:policy/Nope`)).toContain('(NoSuchEntity)');
  });

  it('refuses to delete a user that still has keys or policies, then deletes it once they are gone', async () => {
    expect(await awsError('iam', 'delete-user', '--user-name', 'alice')).toContain('(DeleteConflict) when calling the DeleteUser operation: Cannot delete entity, must delete access keys first.');
    for (const key of (await aws('iam', 'list-access-keys', '--user-name', 'alice')).AccessKeyMetadata) {
      await aws('iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKeyId);
    }
    expect(await awsError('iam', 'delete-user', '--user-name', 'alice')).toContain('must delete policies first.');
    await aws('iam', 'delete-user-policy', '--user-name', 'alice', '--policy-name', 'list');
    expect(await awsError('iam', 'delete-user', '--user-name', 'alice')).toContain('must detach all policies first.');
    for (const { PolicyArn } of (await aws('iam', 'list-attached-user-policies', '--user-name', 'alice')).AttachedPolicies) {
      await aws('iam', 'detach-user-policy', '--user-name', 'alice', '--policy-arn', PolicyArn);
    }
    await aws('iam', 'delete-user', '--user-name', 'alice');
    expect(await awsError('iam', 'get-user', '--user-name', 'alice')).toContain('NoSuchEntity');
    await aws('iam', 'delete-policy', '--policy-arn', `arn:aws:iam::${cloud.ctx.accountId}:policy/ListFns`);
  });

  it('keeps users and keys across a restart of the local cloud (persisted state)', async () => {
    const { startTestCloud } = await import('../../helpers/local-cloud.js');
    const again = await startTestCloud({ stateDir: cloud.stateDir });
    try {
      const env = { ...cloud.env, AWS_ENDPOINT_URL: again.url };
      const users = JSON.parse((await exec('aws', ['iam', 'list-users'], { env })).stdout).Users;
      expect(users.map((u: { UserName: string }) => u.UserName)).toEqual(['bob']);
      expect(JSON.parse((await exec('aws', ['iam', 'list-access-keys', '--user-name', 'bob'], { env })).stdout).AccessKeyMetadata).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });
});
