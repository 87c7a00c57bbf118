// IAM, as the engine uses it.
import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand, PutRolePolicyCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand,
  paginateListAttachedRolePolicies, paginateListRolePolicies, paginateListRoles,
} from '@aws-sdk/client-iam';
import { service } from './service.js';

export const iam = service({
  client: (aws) => aws.iam,
  operations: {
    AttachRolePolicy: AttachRolePolicyCommand, CreateRole: CreateRoleCommand, DeleteRole: DeleteRoleCommand, DeleteRolePolicy: DeleteRolePolicyCommand,
    DetachRolePolicy: DetachRolePolicyCommand, GetRole: GetRoleCommand, GetRolePolicy: GetRolePolicyCommand,
    ListAttachedRolePolicies: ListAttachedRolePoliciesCommand, ListRolePolicies: ListRolePoliciesCommand, ListRoles: ListRolesCommand,
    PutRolePolicy: PutRolePolicyCommand, TagRole: TagRoleCommand, UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommand,
  },
  paginators: { ListRoles: paginateListRoles, ListRolePolicies: paginateListRolePolicies, ListAttachedRolePolicies: paginateListAttachedRolePolicies },
});
