// IAM's query protocol: Action=... form in, XML out. One function per operation.
import { AwsServiceError } from '../protocol/errors.js';
import { formList, members, xmlResult } from '../protocol/render.js';
import type { AwsResponse } from '../protocol/request.js';
import { policyNameFromArn } from './managed-policies.js';
import type { IamModel, RoleRecord, Tag } from './model.js';

type Params = Map<string, string>;
type Operation = (model: IamModel, params: Params) => AwsResponse;

export const operations: Record<string, Operation> = {
  CreateRole(model, p) {
    const role = model.createRole({
      name: required(p, 'RoleName'),
      path: p.get('Path'),
      assumeRolePolicyDocument: required(p, 'AssumeRolePolicyDocument'),
      description: p.get('Description'),
      maxSessionDuration: p.has('MaxSessionDuration') ? Number(p.get('MaxSessionDuration')) : undefined,
      tags: tagsOf(p),
    });
    return xmlResult('iam', 'CreateRole', { Role: roleXml(role, true) });
  },
  GetRole(model, p) {
    return xmlResult('iam', 'GetRole', { Role: roleXml(model.getRole(required(p, 'RoleName')), true) });
  },
  ListRoles(model, p) {
    const page = paginate(model.listRoles(p.get('PathPrefix') ?? '/'), p);
    return xmlResult('iam', 'ListRoles', { Roles: members(page.items.map((r) => roleXml(r, false))), ...page.marker });
  },
  DeleteRole(model, p) {
    model.deleteRole(required(p, 'RoleName'));
    return xmlResult('iam', 'DeleteRole', undefined);
  },
  UpdateAssumeRolePolicy(model, p) {
    model.updateAssumeRolePolicy(required(p, 'RoleName'), required(p, 'PolicyDocument'));
    return xmlResult('iam', 'UpdateAssumeRolePolicy', undefined);
  },
  PutRolePolicy(model, p) {
    model.putRolePolicy(required(p, 'RoleName'), required(p, 'PolicyName'), required(p, 'PolicyDocument'));
    return xmlResult('iam', 'PutRolePolicy', undefined);
  },
  GetRolePolicy(model, p) {
    const roleName = required(p, 'RoleName');
    const policyName = required(p, 'PolicyName');
    const document = model.getRolePolicy(roleName, policyName);
    return xmlResult('iam', 'GetRolePolicy', { RoleName: roleName, PolicyName: policyName, PolicyDocument: urlEncode(document) });
  },
  DeleteRolePolicy(model, p) {
    model.deleteRolePolicy(required(p, 'RoleName'), required(p, 'PolicyName'));
    return xmlResult('iam', 'DeleteRolePolicy', undefined);
  },
  ListRolePolicies(model, p) {
    const page = paginate(model.listRolePolicies(required(p, 'RoleName')), p);
    return xmlResult('iam', 'ListRolePolicies', { PolicyNames: members(page.items), ...page.marker });
  },
  AttachRolePolicy(model, p) {
    model.attachRolePolicy(required(p, 'RoleName'), required(p, 'PolicyArn'));
    return xmlResult('iam', 'AttachRolePolicy', undefined);
  },
  DetachRolePolicy(model, p) {
    model.detachRolePolicy(required(p, 'RoleName'), required(p, 'PolicyArn'));
    return xmlResult('iam', 'DetachRolePolicy', undefined);
  },
  ListAttachedRolePolicies(model, p) {
    const page = paginate(model.listAttachedRolePolicies(required(p, 'RoleName'), p.get('PathPrefix') ?? '/'), p);
    const attached = page.items.map((arn) => ({ PolicyName: policyNameFromArn(arn), PolicyArn: arn }));
    return xmlResult('iam', 'ListAttachedRolePolicies', { AttachedPolicies: members(attached), ...page.marker });
  },
  TagRole(model, p) {
    model.tagRole(required(p, 'RoleName'), tagsOf(p));
    return xmlResult('iam', 'TagRole', undefined);
  },
  UntagRole(model, p) {
    const keys = formList(p, 'TagKeys').map((entry) => entry[''] ?? '');
    model.untagRole(required(p, 'RoleName'), keys);
    return xmlResult('iam', 'UntagRole', undefined);
  },
  ListRoleTags(model, p) {
    const page = paginate(model.getRole(required(p, 'RoleName')).tags, p);
    return xmlResult('iam', 'ListRoleTags', { Tags: members(page.items), ...page.marker });
  },
};

function roleXml(role: RoleRecord, detailed: boolean) {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    // IAM returns policy documents URL-encoded; SDKs hand them over as is.
    AssumeRolePolicyDocument: urlEncode(role.assumeRolePolicyDocument),
    ...(role.description !== undefined ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...(detailed && role.tags.length ? { Tags: members(role.tags) } : {}),
    ...(detailed ? { RoleLastUsed: {} } : {}),
  };
}

/** RFC 3986 encoding, as IAM's documents come (encodeURIComponent leaves !'()* alone). */
export const urlEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function required(p: Params, name: string): string {
  const value = p.get(name);
  if (value === undefined || value === '') {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw new AwsServiceError('ValidationError', `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`, 400);
  }
  return value;
}

export function tagsOf(p: Params): Tag[] {
  return formList(p, 'Tags').map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/** Marker/MaxItems pagination: the marker is the index of the next item. */
export function paginate<T>(all: T[], p: Params): { items: T[]; marker: { IsTruncated: boolean; Marker?: string } } {
  const start = p.has('Marker') ? Number(Buffer.from(p.get('Marker')!, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsServiceError('ValidationError', 'Invalid Marker: pass the Marker of the previous response unchanged.', 400);
  const max = p.has('MaxItems') ? Math.max(1, Math.min(1000, Number(p.get('MaxItems')))) : 100;
  const items = all.slice(start, start + max);
  const next = start + items.length;
  return next < all.length
    ? { items, marker: { IsTruncated: true, Marker: Buffer.from(String(next)).toString('base64') } }
    : { items, marker: { IsTruncated: false } };
}
