// IAM state and its rules: roles with their inline and attached policies and tags. Wire
// formats live in responses.ts; this file knows nothing of XML.
import { randomBytes } from 'node:crypto';
import type { CloudContext } from '../context.js';
import { PersistentState } from '../persist.js';
import { AwsServiceError, conflict, notFound } from '../protocol/errors.js';
import { AWS_MANAGED_PREFIX, findManagedPolicy } from './managed-policies.js';
import { validatePolicyDocument } from './policy-document.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface RoleRecord {
  name: string;
  path: string;
  id: string;
  arn: string;
  /** ISO 8601, as IAM returns it. */
  createDate: string;
  createdAtMs: number;
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  tags: Tag[];
  /** Inline policies by name (raw JSON text). */
  inlinePolicies: Record<string, string>;
  /** Attached managed policy ARNs, in attach order. */
  attachedPolicies: string[];
}

interface IamData {
  roles: Record<string, RoleRecord>;
}

export interface CreateRoleInput {
  name: string;
  path?: string;
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration?: number;
  tags: Tag[];
}

const NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^\/([\x21-\x7e]{0,510}\/)?$/;
const MAX_TAGS = 50;

const validation = (message: string) => new AwsServiceError('ValidationError', message, 400);
const noSuchRole = (name: string) => notFound('NoSuchEntity', `The role with name ${name} cannot be found.`);

export class IamModel {
  private readonly state: PersistentState<IamData>;

  constructor(
    private readonly ctx: CloudContext,
    /** Customer managed policies (CreatePolicy) may be attached too when they exist. */
    private readonly customerPolicyExists: (policyArn: string) => boolean = () => false,
  ) {
    this.state = new PersistentState<IamData>(ctx.stateDir, 'iam', () => ({ roles: {} }));
  }

  private get roles() {
    return this.state.data.roles;
  }

  createRole(input: CreateRoleInput): RoleRecord {
    checkName(input.name, 'roleName', NAME, 64);
    const path = input.path ?? '/';
    if (!PATH.test(path)) throw validation(`1 validation error detected: Value '${path}' at 'path' failed to satisfy constraint: a path begins and ends with '/'.`);
    if (this.roles[input.name]) throw conflict('EntityAlreadyExists', `Role with name ${input.name} already exists.`);
    validatePolicyDocument(input.assumeRolePolicyDocument, false);
    const maxSessionDuration = input.maxSessionDuration ?? 3600;
    if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
      throw validation(`1 validation error detected: Value '${maxSessionDuration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200.`);
    }
    checkTags(input.tags);
    const now = this.ctx.clock.now();
    const role: RoleRecord = {
      name: input.name,
      path,
      id: `AROA${randomId(17)}`,
      arn: `arn:aws:iam::${this.ctx.accountId}:role${path}${input.name}`,
      createDate: isoSeconds(now),
      createdAtMs: now,
      assumeRolePolicyDocument: input.assumeRolePolicyDocument,
      ...(input.description !== undefined ? { description: input.description } : {}),
      maxSessionDuration,
      tags: mergeTags([], input.tags),
      inlinePolicies: {},
      attachedPolicies: [],
    };
    this.roles[role.name] = role;
    this.state.save();
    return role;
  }

  getRole(name: string): RoleRecord {
    const role = this.roles[name];
    if (!role) throw noSuchRole(name);
    return role;
  }

  /** Roles whose path starts with pathPrefix, ordered by name as IAM lists them. */
  listRoles(pathPrefix = '/'): RoleRecord[] {
    return Object.values(this.roles)
      .filter((r) => r.path.startsWith(pathPrefix))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  deleteRole(name: string): void {
    const role = this.getRole(name);
    if (role.attachedPolicies.length) throw conflict('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    if (Object.keys(role.inlinePolicies).length) throw conflict('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    delete this.roles[name];
    this.state.save();
  }

  updateAssumeRolePolicy(name: string, document: string): void {
    const role = this.getRole(name);
    validatePolicyDocument(document, false);
    role.assumeRolePolicyDocument = document;
    this.state.save();
  }

  putRolePolicy(roleName: string, policyName: string, document: string): void {
    const role = this.getRole(roleName);
    checkName(policyName, 'policyName', POLICY_NAME, 128);
    validatePolicyDocument(document, true);
    role.inlinePolicies[policyName] = document;
    this.state.save();
  }

  getRolePolicy(roleName: string, policyName: string): string {
    const document = this.getRole(roleName).inlinePolicies[policyName];
    if (document === undefined) throw notFound('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    return document;
  }

  deleteRolePolicy(roleName: string, policyName: string): void {
    const role = this.getRole(roleName);
    if (role.inlinePolicies[policyName] === undefined) throw notFound('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    delete role.inlinePolicies[policyName];
    this.state.save();
  }

  listRolePolicies(roleName: string): string[] {
    return Object.keys(this.getRole(roleName).inlinePolicies).sort();
  }

  /** Any aws-managed ARN is accepted; a customer managed policy must exist. */
  attachRolePolicy(roleName: string, policyArn: string): void {
    const role = this.getRole(roleName);
    if (!policyArn.startsWith(`${AWS_MANAGED_PREFIX}/`) && !this.customerPolicyExists(policyArn)) {
      throw notFound('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`);
    }
    if (!role.attachedPolicies.includes(policyArn)) role.attachedPolicies.push(policyArn);
    this.state.save();
  }

  detachRolePolicy(roleName: string, policyArn: string): void {
    const role = this.getRole(roleName);
    if (!role.attachedPolicies.includes(policyArn)) throw notFound('NoSuchEntity', `Policy ${policyArn} was not found.`);
    role.attachedPolicies = role.attachedPolicies.filter((arn) => arn !== policyArn);
    this.state.save();
  }

  listAttachedRolePolicies(roleName: string, pathPrefix = '/'): string[] {
    return this.getRole(roleName).attachedPolicies.filter((arn) => policyPathOf(arn).startsWith(pathPrefix));
  }

  /** How many roles have this managed policy attached (GetPolicy's AttachmentCount). */
  attachmentCount(policyArn: string): number {
    return Object.values(this.roles).filter((r) => r.attachedPolicies.includes(policyArn)).length;
  }

  tagRole(roleName: string, tags: Tag[]): void {
    const role = this.getRole(roleName);
    checkTags(tags);
    const merged = mergeTags(role.tags, tags);
    if (merged.length > MAX_TAGS) throw new AwsServiceError('LimitExceeded', `A role can have at most ${MAX_TAGS} tags.`, 409);
    role.tags = merged;
    this.state.save();
  }

  untagRole(roleName: string, keys: string[]): void {
    const role = this.getRole(roleName);
    role.tags = role.tags.filter((t) => !keys.includes(t.Key));
    this.state.save();
  }

  /** For the IAM port: roles are looked up by ARN, as Lambda's Role parameter gives them. */
  findByName(name: string): RoleRecord | undefined {
    return Object.hasOwn(this.roles, name) ? this.roles[name] : undefined;
  }

  findByArn(arn: string): RoleRecord | undefined {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const role = this.roles[name];
    return role && role.arn === arn ? role : undefined;
  }
}

/** The path of a managed policy ARN (arn:aws:iam::ACCOUNT:policy/PATH/NAME). */
export function policyPathOf(arn: string): string {
  const managed = findManagedPolicy(arn);
  if (managed) return managed.path;
  const start = arn.indexOf(':policy/') + ':policy'.length;
  return arn.slice(start, arn.lastIndexOf('/') + 1);
}

function checkName(value: string, member: string, pattern: RegExp, max: number) {
  if (!pattern.test(value)) {
    throw validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max} and match the pattern [\\w+=,.@-]+.`);
  }
}

function checkTags(tags: Tag[]) {
  if (tags.length > MAX_TAGS) throw validation(`1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}.`);
  for (const tag of tags) {
    if (!tag.Key || tag.Key.length > 128) throw validation(`1 validation error detected: Value '${tag.Key}' at 'tags.key' failed to satisfy constraint: Member must have length between 1 and 128.`);
    if (tag.Value.length > 256) throw validation(`1 validation error detected: Value at 'tags.value' failed to satisfy constraint: Member must have length less than or equal to 256.`);
  }
}

/** Later tags replace earlier ones with the same key; the order of first appearance is kept. */
function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of added) byKey.set(tag.Key, tag.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function randomId(length: number): string {
  return [...randomBytes(length)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

/** IAM dates carry seconds precision: 2026-01-01T00:00:00Z. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
