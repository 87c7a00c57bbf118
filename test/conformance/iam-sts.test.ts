import { expect, it } from 'vitest';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
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
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { failure, LAMBDA_TRUST_POLICY as TRUST } from '../helpers/aws-fixtures.js';
import { describeConformance } from './harness/targets.js';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
});
const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

describeConformance('IAM', (_name, target) => {
  const iam = () => new IAMClient(target().clientConfig);

  it('role lifecycle: create, get, list, delete, then NoSuchEntity', async () => {
    const { Role } = await iam().send(new CreateRoleCommand({ RoleName: 'lifecycle', Path: '/app/', AssumeRolePolicyDocument: TRUST, Description: 'demo' }));
    expect(Role?.Arn).toBe(`arn:aws:iam::${target().accountId}:role/app/lifecycle`);
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]+$/);
    expect(Role?.Path).toBe('/app/');
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(TRUST));
    const got = await iam().send(new GetRoleCommand({ RoleName: 'lifecycle' }));
    expect(got.Role).toMatchObject({ RoleName: 'lifecycle', RoleId: Role?.RoleId, Arn: Role?.Arn, Description: 'demo', MaxSessionDuration: 3600 });
    const listed = await iam().send(new ListRolesCommand({ PathPrefix: '/app/' }));
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual(['lifecycle']);
    await iam().send(new DeleteRoleCommand({ RoleName: 'lifecycle' }));
    expect(await failure(iam().send(new GetRoleCommand({ RoleName: 'lifecycle' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('EntityAlreadyExists (409) for a duplicate role name', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: TRUST }));
    expect(await failure(iam().send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: TRUST })))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
  });

  it('inline policies: put, get, list, delete', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: TRUST }));
    await iam().send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read', PolicyDocument: POLICY }));
    const got = await iam().send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }));
    expect(got.RoleName).toBe('inline');
    expect(got.PolicyName).toBe('read');
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(JSON.parse(POLICY));
    expect((await iam().send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames).toEqual(['read']);
    await iam().send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }));
    expect((await iam().send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames).toEqual([]);
  });

  it('MalformedPolicyDocument (400) for a policy that is not JSON', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'malformed', AssumeRolePolicyDocument: TRUST }));
    expect(await failure(iam().send(new PutRolePolicyCommand({ RoleName: 'malformed', PolicyName: 'p', PolicyDocument: '{not json' })))).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
  });

  it('DeleteConflict (409) while managed or inline policies remain', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'conflict', AssumeRolePolicyDocument: TRUST }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: 'conflict', PolicyArn: BASIC_EXECUTION }));
    const attached = await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'conflict' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION }]);
    expect(await failure(iam().send(new DeleteRoleCommand({ RoleName: 'conflict' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    await iam().send(new DetachRolePolicyCommand({ RoleName: 'conflict', PolicyArn: BASIC_EXECUTION }));
    await iam().send(new PutRolePolicyCommand({ RoleName: 'conflict', PolicyName: 'p', PolicyDocument: POLICY }));
    expect(await failure(iam().send(new DeleteRoleCommand({ RoleName: 'conflict' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    await iam().send(new DeleteRolePolicyCommand({ RoleName: 'conflict', PolicyName: 'p' }));
    await iam().send(new DeleteRoleCommand({ RoleName: 'conflict' }));
  });

  it('NoSuchEntity (404) for a missing role, inline policy, and delete of a missing role', async () => {
    expect(await failure(iam().send(new GetRoleCommand({ RoleName: 'absent' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await failure(iam().send(new DeleteRoleCommand({ RoleName: 'absent' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    await iam().send(new CreateRoleCommand({ RoleName: 'no-policy', AssumeRolePolicyDocument: TRUST }));
    expect(await failure(iam().send(new GetRolePolicyCommand({ RoleName: 'no-policy', PolicyName: 'absent' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('role tags: tag, untag, list', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'tags', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'a', Value: '1' }] }));
    await iam().send(new TagRoleCommand({ RoleName: 'tags', Tags: [{ Key: 'b', Value: '2' }] }));
    await iam().send(new UntagRoleCommand({ RoleName: 'tags', TagKeys: ['a'] }));
    expect((await iam().send(new ListRoleTagsCommand({ RoleName: 'tags' }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });
});

describeConformance('STS', (_name, target) => {
  it('GetCallerIdentity answers the account ARNs are built from', async () => {
    const identity = await new STSClient(target().clientConfig).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(target().accountId);
    expect(identity.Arn).toMatch(new RegExp(`^arn:aws:(iam|sts)::${target().accountId}:`));
    expect(identity.UserId).toBeTruthy();
  });
});
