import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from '@aws-sdk/client-iam';
import { failure, LAMBDA_TRUST_POLICY as TRUST } from '../../helpers/aws-fixtures.js';
import { startTestCloud, useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const run = promisify(execFile);
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
});
const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

describe('IAM in the local cloud', () => {
  let cloud: TestCloud;
  let iam: IAMClient;
  useTestCloud({}, (started) => {
    cloud = started;
    iam = new IAMClient(cloud.clientConfig);
  });

  it('creates a role with an ARN, a RoleId and the trust policy URL-encoded, as IAM does', async () => {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'sdk-role', Path: '/service/', AssumeRolePolicyDocument: TRUST, Description: 'd', Tags: [{ Key: 'team', Value: 'x' }] }));
    expect(Role?.Arn).toBe(`arn:aws:iam::${cloud.ctx.accountId}:role/service/sdk-role`);
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    expect(Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(TRUST));
    const got = await iam.send(new GetRoleCommand({ RoleName: 'sdk-role' }));
    expect(got.Role?.RoleId).toBe(Role?.RoleId);
    expect(got.Role?.Description).toBe('d');
    expect(got.Role?.Tags).toEqual([{ Key: 'team', Value: 'x' }]);
    expect(got.Role?.MaxSessionDuration).toBe(3600);
  });

  it('answers EntityAlreadyExists (409) for a second role of the same name', async () => {
    const err = await failure(iam.send(new CreateRoleCommand({ RoleName: 'sdk-role', AssumeRolePolicyDocument: TRUST })));
    expect(err).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
    expect(err.message).toContain('sdk-role');
  });

  it('answers NoSuchEntity (404) for a missing role and a missing inline policy', async () => {
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'absent' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await failure(iam.send(new GetRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'absent' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'absent' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await failure(iam.send(new DetachRolePolicyCommand({ RoleName: 'sdk-role', PolicyArn: BASIC_EXECUTION })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('answers MalformedPolicyDocument (400) for invalid JSON, no Statement, or no Version', async () => {
    const bad = ['{not json', JSON.stringify({ Version: '2012-10-17' }), JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })];
    for (const document of bad) {
      const err = await failure(iam.send(new PutRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'p', PolicyDocument: document })));
      expect(err).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
    }
    const trust = await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: '{"Version":"2012-10-17"}' })));
    expect(trust).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
  });

  it('puts, gets, lists and deletes inline policies', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'table-read', PolicyDocument: POLICY }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'table-read' }));
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(JSON.parse(POLICY));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'sdk-role' }))).PolicyNames).toEqual(['table-read']);
  });

  it('attaches AWS managed policies and answers GetPolicy for them', async () => {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'sdk-role', PolicyArn: BASIC_EXECUTION }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'sdk-role' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION }]);
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: BASIC_EXECUTION }));
    expect(policy.Policy).toMatchObject({ PolicyName: 'AWSLambdaBasicExecutionRole', Path: '/service-role/', AttachmentCount: 1, IsAttachable: true });
    const customer = await failure(iam.send(new AttachRolePolicyCommand({ RoleName: 'sdk-role', PolicyArn: `arn:aws:iam::${cloud.ctx.accountId}:policy/nope` })));
    expect(customer).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('refuses to delete a role with policies (DeleteConflict 409), then deletes it once they are gone', async () => {
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'sdk-role' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'sdk-role', PolicyArn: BASIC_EXECUTION }));
    const inlineLeft = await failure(iam.send(new DeleteRoleCommand({ RoleName: 'sdk-role' })));
    expect(inlineLeft).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(inlineLeft.message).toContain('delete policies');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'table-read' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'sdk-role' }));
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'sdk-role' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('tags, untags and lists role tags', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'a', Value: '3' }] }));
    await iam.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['b'] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags).toEqual([{ Key: 'a', Value: '3' }]);
  });

  it('lists roles by path prefix and pages with Marker/MaxItems', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, Path: '/listing/', AssumeRolePolicyDocument: TRUST }));
    }
    const first = await iam.send(new ListRolesCommand({ PathPrefix: '/listing/', MaxItems: 2 }));
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(['list-a', 'list-b']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListRolesCommand({ PathPrefix: '/listing/', Marker: first.Marker }));
    expect(second.Roles?.map((r) => r.RoleName)).toEqual(['list-c']);
    expect(second.IsTruncated).toBe(false);
  });

  it('registers the IAM port Lambda uses to check roles', async () => {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'port-role', AssumeRolePolicyDocument: TRUST }));
    expect(cloud.ctx.ports.iam?.roleExists(Role!.Arn!)).toBe(true);
    expect(cloud.ctx.ports.iam?.roleExists(`arn:aws:iam::${cloud.ctx.accountId}:role/absent`)).toBe(false);
    // CreateDate has seconds precision; the port keeps milliseconds.
    const createdAt = cloud.ctx.ports.iam?.roleCreatedAt(Role!.Arn!) ?? 0;
    expect(createdAt - Role!.CreateDate!.getTime()).toBeGreaterThanOrEqual(0);
    expect(createdAt - Role!.CreateDate!.getTime()).toBeLessThan(1000);
  });

  it('works with the AWS CLI', async () => {
    const created = await run('aws', ['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', TRUST], { env: cloud.env });
    expect(JSON.parse(created.stdout).Role.Arn).toBe(`arn:aws:iam::${cloud.ctx.accountId}:role/cli-role`);
    await run('aws', ['iam', 'put-role-policy', '--role-name', 'cli-role', '--policy-name', 'p', '--policy-document', POLICY], { env: cloud.env });
    const policies = await run('aws', ['iam', 'list-role-policies', '--role-name', 'cli-role'], { env: cloud.env });
    expect(JSON.parse(policies.stdout).PolicyNames).toEqual(['p']);
    const conflict = await run('aws', ['iam', 'delete-role', '--role-name', 'cli-role'], { env: cloud.env }).catch((err: { stderr: string; code: number }) => err);
    expect((conflict as { stderr: string }).stderr).toContain('DeleteConflict');
  });

  it('works with boto3', async () => {
    const script = `
import boto3, json
iam = boto3.client('iam')
iam.create_role(RoleName='boto-role', AssumeRolePolicyDocument=${JSON.stringify(TRUST)})
iam.attach_role_policy(RoleName='boto-role', PolicyArn='${BASIC_EXECUTION}')
role = iam.get_role(RoleName='boto-role')['Role']
attached = iam.list_attached_role_policies(RoleName='boto-role')['AttachedPolicies']
try:
    iam.get_role(RoleName='missing')
    missing = None
except iam.exceptions.NoSuchEntityException as e:
    missing = e.response['Error']['Code']
print(json.dumps({'arn': role['Arn'], 'trust': role['AssumeRolePolicyDocument'], 'attached': attached, 'missing': missing}))
`;
    const { stdout } = await run('python3', ['-c', script], { env: cloud.env });
    const out = JSON.parse(stdout) as { arn: string; trust: unknown; attached: unknown[]; missing: string };
    expect(out.arn).toBe(`arn:aws:iam::${cloud.ctx.accountId}:role/boto-role`);
    // boto3 decodes the URL-encoded document into a dict, as it does against AWS.
    expect(out.trust).toEqual(JSON.parse(TRUST));
    expect(out.attached).toEqual([{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION }]);
    expect(out.missing).toBe('NoSuchEntity');
  });
});

describe('IAM persistence', () => {
  it('keeps roles and their policies across a restart with the same state folder', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'discovery-iam-persist-'));
    try {
      const first = await startTestCloud({ stateDir });
      const created = await new IAMClient(first.clientConfig).send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: TRUST }));
      await new IAMClient(first.clientConfig).send(new PutRolePolicyCommand({ RoleName: 'kept', PolicyName: 'p', PolicyDocument: POLICY }));
      await first.stop();

      const second = await startTestCloud({ stateDir });
      try {
        const iam = new IAMClient(second.clientConfig);
        const got = await iam.send(new GetRoleCommand({ RoleName: 'kept' }));
        expect(got.Role?.RoleId).toBe(created.Role?.RoleId);
        expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'kept' }))).PolicyNames).toEqual(['p']);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
