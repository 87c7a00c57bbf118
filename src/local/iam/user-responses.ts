// IAM's query protocol for users, access keys and customer managed policies.
import { AwsServiceError } from '../protocol/errors.js';
import { members, xmlResult } from '../protocol/render.js';
import type { AwsResponse } from '../protocol/request.js';
import { policyNotFound, type CustomerPolicies, type CustomerPolicy } from './customer-policies.js';
import { managedPolicyDocument } from './managed-documents.js';
import { findManagedPolicy, knownManagedPolicies, managedPolicyArn, policyNameFromArn } from './managed-policies.js';
import { isoSeconds, type IamModel } from './model.js';
import { paginate, required, tagsOf, urlEncode } from './responses.js';
import type { IamUsers, UserRecord } from './users.js';

type Params = Map<string, string>;

export interface IamStores {
  roles: IamModel;
  users: IamUsers;
  policies: CustomerPolicies;
}

/** The caller's access key, for GetUser without UserName. */
export type UserOperation = (iam: IamStores, params: Params, callerAccessKeyId: string | undefined) => AwsResponse;

const userXml = (user: UserRecord, detailed: boolean) => ({
  Path: user.path,
  UserName: user.name,
  UserId: user.id,
  Arn: user.arn,
  CreateDate: user.createDate,
  ...(detailed && user.tags.length ? { Tags: members(user.tags) } : {}),
});

/** AWS managed policies carry a fixed creation date; they are older than any local account. */
const AWS_MANAGED_CREATED = isoSeconds(Date.UTC(2015, 3, 9, 15, 3, 43));

function attachments(iam: IamStores, arn: string): number {
  return iam.roles.attachmentCount(arn) + iam.users.attachmentCount(arn);
}

function policyXml(iam: IamStores, policy: CustomerPolicy) {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: 'v1',
    AttachmentCount: attachments(iam, policy.arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(policy.description !== undefined ? { Description: policy.description } : {}),
    CreateDate: policy.createDate,
    UpdateDate: policy.createDate,
  };
}

function awsPolicyXml(iam: IamStores, arn: string) {
  const policy = findManagedPolicy(arn);
  if (!policy) return undefined;
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: managedPolicyArn(policy),
    Path: policy.path,
    DefaultVersionId: 'v1',
    AttachmentCount: attachments(iam, arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: AWS_MANAGED_CREATED,
    UpdateDate: AWS_MANAGED_CREATED,
  };
}

export const userOperations: Record<string, UserOperation> = {
  CreateUser(iam, p) {
    const user = iam.users.create(required(p, 'UserName'), p.get('Path') ?? '/', tagsOf(p));
    return xmlResult('iam', 'CreateUser', { User: userXml(user, true) });
  },
  GetUser(iam, p, caller) {
    const name = p.get('UserName');
    let user: UserRecord | undefined;
    if (name) user = iam.users.get(name);
    else {
      user = caller ? iam.users.findByAccessKey(caller)?.user : undefined;
      if (!user) throw new AwsServiceError('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
    }
    return xmlResult('iam', 'GetUser', { User: userXml(user, true) });
  },
  ListUsers(iam, p) {
    const page = paginate(iam.users.list(p.get('PathPrefix') ?? '/'), p);
    return xmlResult('iam', 'ListUsers', { Users: members(page.items.map((u) => userXml(u, false))), ...page.marker });
  },
  DeleteUser(iam, p) {
    iam.users.delete(required(p, 'UserName'));
    return xmlResult('iam', 'DeleteUser', undefined);
  },
  CreateAccessKey(iam, p) {
    const userName = required(p, 'UserName');
    const key = iam.users.createAccessKey(userName);
    return xmlResult('iam', 'CreateAccessKey', { AccessKey: { UserName: userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: key.createDate } });
  },
  DeleteAccessKey(iam, p) {
    iam.users.deleteAccessKey(required(p, 'UserName'), required(p, 'AccessKeyId'));
    return xmlResult('iam', 'DeleteAccessKey', undefined);
  },
  ListAccessKeys(iam, p) {
    const userName = required(p, 'UserName');
    const keys = iam.users.get(userName).accessKeys.map((k) => ({ UserName: userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate }));
    const page = paginate(keys, p);
    return xmlResult('iam', 'ListAccessKeys', { AccessKeyMetadata: members(page.items), ...page.marker });
  },
  PutUserPolicy(iam, p) {
    iam.users.putPolicy(required(p, 'UserName'), required(p, 'PolicyName'), required(p, 'PolicyDocument'));
    return xmlResult('iam', 'PutUserPolicy', undefined);
  },
  GetUserPolicy(iam, p) {
    const userName = required(p, 'UserName');
    const policyName = required(p, 'PolicyName');
    return xmlResult('iam', 'GetUserPolicy', { UserName: userName, PolicyName: policyName, PolicyDocument: urlEncode(iam.users.getPolicy(userName, policyName)) });
  },
  DeleteUserPolicy(iam, p) {
    iam.users.deletePolicy(required(p, 'UserName'), required(p, 'PolicyName'));
    return xmlResult('iam', 'DeleteUserPolicy', undefined);
  },
  ListUserPolicies(iam, p) {
    const page = paginate(Object.keys(iam.users.get(required(p, 'UserName')).inlinePolicies).sort(), p);
    return xmlResult('iam', 'ListUserPolicies', { PolicyNames: members(page.items), ...page.marker });
  },
  AttachUserPolicy(iam, p) {
    iam.users.attachPolicy(required(p, 'UserName'), required(p, 'PolicyArn'));
    return xmlResult('iam', 'AttachUserPolicy', undefined);
  },
  DetachUserPolicy(iam, p) {
    iam.users.detachPolicy(required(p, 'UserName'), required(p, 'PolicyArn'));
    return xmlResult('iam', 'DetachUserPolicy', undefined);
  },
  ListAttachedUserPolicies(iam, p) {
    const attached = iam.users.get(required(p, 'UserName')).attachedPolicies.map((arn) => ({ PolicyName: policyNameFromArn(arn), PolicyArn: arn }));
    const page = paginate(attached, p);
    return xmlResult('iam', 'ListAttachedUserPolicies', { AttachedPolicies: members(page.items), ...page.marker });
  },
  CreatePolicy(iam, p) {
    const policy = iam.policies.create({ name: required(p, 'PolicyName'), path: p.get('Path'), document: required(p, 'PolicyDocument'), description: p.get('Description') });
    return xmlResult('iam', 'CreatePolicy', { Policy: policyXml(iam, policy) });
  },
  GetPolicy(iam, p) {
    const arn = required(p, 'PolicyArn');
    const customer = iam.policies.find(arn);
    const policy = customer ? policyXml(iam, customer) : awsPolicyXml(iam, arn);
    if (!policy) throw policyNotFound(arn);
    return xmlResult('iam', 'GetPolicy', { Policy: policy });
  },
  GetPolicyVersion(iam, p) {
    const arn = required(p, 'PolicyArn');
    const versionId = required(p, 'VersionId');
    const customer = iam.policies.find(arn);
    const managed = findManagedPolicy(arn);
    const document = customer?.document ?? (managed && JSON.stringify(managedPolicyDocument(managed.name)));
    if (document === undefined) throw policyNotFound(arn);
    if (versionId !== 'v1') throw policyNotFound(`${arn} version ${versionId}`);
    return xmlResult('iam', 'GetPolicyVersion', { PolicyVersion: { Document: urlEncode(document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: customer?.createDate ?? AWS_MANAGED_CREATED } });
  },
  DeletePolicy(iam, p) {
    const arn = required(p, 'PolicyArn');
    iam.policies.delete(arn, attachments(iam, arn));
    return xmlResult('iam', 'DeletePolicy', undefined);
  },
  ListPolicies(iam, p) {
    const scope = p.get('Scope') ?? 'All';
    const onlyAttached = p.get('OnlyAttached') === 'true';
    const prefix = p.get('PathPrefix') ?? '/';
    const local = scope === 'AWS' ? [] : iam.policies.list(prefix).map((policy) => policyXml(iam, policy));
    const aws = scope === 'Local' ? [] : knownManagedPolicies().map((m) => awsPolicyXml(iam, managedPolicyArn(m))!).filter((x) => x.Path.startsWith(prefix));
    const all = [...aws, ...local].filter((x) => !onlyAttached || x.AttachmentCount > 0);
    const page = paginate(all, p);
    return xmlResult('iam', 'ListPolicies', { Policies: members(page.items), ...page.marker });
  },
};
