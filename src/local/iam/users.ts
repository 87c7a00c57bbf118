// IAM users, their access keys and their inline and attached policies. A user's access keys are
// long-term credentials the local cloud then accepts (see ../auth/sigv4/credentials.ts).
import type { CloudContext } from '../context.js';
import { PersistentState } from '../persist.js';
import { AwsServiceError, conflict, notFound } from '../protocol/errors.js';
import { randomId, randomSecret } from './ids.js';
import { isoSeconds, type Tag } from './model.js';
import { validatePolicyDocument } from './policy-document.js';

export interface AccessKeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  createDate: string;
}

export interface UserRecord {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: string;
  tags: Tag[];
  accessKeys: AccessKeyRecord[];
  inlinePolicies: Record<string, string>;
  attachedPolicies: string[];
}

interface UserData {
  users: Record<string, UserRecord>;
}

const NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^\/([\x21-\x7e]{0,510}\/)?$/;
/** IAM's quota: two access keys per user. */
const MAX_ACCESS_KEYS = 2;

const validation = (message: string) => new AwsServiceError('ValidationError', message, 400);
const noSuchUser = (name: string) => notFound('NoSuchEntity', `The user with name ${name} cannot be found.`);

function checkName(value: string, member: string, pattern: RegExp, max: number) {
  if (!pattern.test(value)) throw validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max} and match the pattern [\\w+=,.@-]+.`);
}

export class IamUsers {
  private readonly state: PersistentState<UserData>;

  constructor(
    private readonly ctx: CloudContext,
    /** Whether a managed policy ARN can be attached (AWS managed, or a customer policy that exists). */
    private readonly attachable: (policyArn: string) => boolean,
  ) {
    this.state = new PersistentState<UserData>(ctx.stateDir, 'iam-users', () => ({ users: {} }));
  }

  private get users() {
    return this.state.data.users;
  }

  create(name: string, path = '/', tags: Tag[] = []): UserRecord {
    checkName(name, 'userName', NAME, 64);
    if (!PATH.test(path)) throw validation(`1 validation error detected: Value '${path}' at 'path' failed to satisfy constraint: a path begins and ends with '/'.`);
    if (this.users[name]) throw conflict('EntityAlreadyExists', `User with name ${name} already exists.`);
    const user: UserRecord = {
      name,
      path,
      id: `AIDA${randomId(17)}`,
      arn: `arn:aws:iam::${this.ctx.accountId}:user${path}${name}`,
      createDate: isoSeconds(this.ctx.clock.now()),
      tags,
      accessKeys: [],
      inlinePolicies: {},
      attachedPolicies: [],
    };
    this.users[name] = user;
    this.state.save();
    return user;
  }

  get(name: string): UserRecord {
    const user = Object.hasOwn(this.users, name) ? this.users[name] : undefined;
    if (!user) throw noSuchUser(name);
    return user;
  }

  list(pathPrefix = '/'): UserRecord[] {
    return Object.values(this.users).filter((u) => u.path.startsWith(pathPrefix)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** IAM refuses to delete a user that still has keys or policies, in this order. */
  delete(name: string): void {
    const user = this.get(name);
    if (user.accessKeys.length) throw conflict('DeleteConflict', 'Cannot delete entity, must delete access keys first.');
    if (Object.keys(user.inlinePolicies).length) throw conflict('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    if (user.attachedPolicies.length) throw conflict('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    delete this.users[name];
    this.state.save();
  }

  createAccessKey(name: string): AccessKeyRecord {
    const user = this.get(name);
    if (user.accessKeys.length >= MAX_ACCESS_KEYS) throw new AwsServiceError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS}`, 409);
    const key: AccessKeyRecord = { accessKeyId: `AKIA${randomId(16)}`, secretAccessKey: randomSecret(), status: 'Active', createDate: isoSeconds(this.ctx.clock.now()) };
    user.accessKeys.push(key);
    this.state.save();
    return key;
  }

  deleteAccessKey(name: string, accessKeyId: string): void {
    const user = this.get(name);
    if (!user.accessKeys.some((k) => k.accessKeyId === accessKeyId)) throw notFound('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
    user.accessKeys = user.accessKeys.filter((k) => k.accessKeyId !== accessKeyId);
    this.state.save();
  }

  putPolicy(name: string, policyName: string, document: string): void {
    const user = this.get(name);
    checkName(policyName, 'policyName', POLICY_NAME, 128);
    validatePolicyDocument(document, true);
    user.inlinePolicies[policyName] = document;
    this.state.save();
  }

  getPolicy(name: string, policyName: string): string {
    const document = this.get(name).inlinePolicies[policyName];
    if (document === undefined) throw notFound('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`);
    return document;
  }

  deletePolicy(name: string, policyName: string): void {
    this.getPolicy(name, policyName);
    delete this.get(name).inlinePolicies[policyName];
    this.state.save();
  }

  attachPolicy(name: string, policyArn: string): void {
    const user = this.get(name);
    if (!this.attachable(policyArn)) throw notFound('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`);
    if (!user.attachedPolicies.includes(policyArn)) user.attachedPolicies.push(policyArn);
    this.state.save();
  }

  detachPolicy(name: string, policyArn: string): void {
    const user = this.get(name);
    if (!user.attachedPolicies.includes(policyArn)) throw notFound('NoSuchEntity', `Policy ${policyArn} was not found.`);
    user.attachedPolicies = user.attachedPolicies.filter((arn) => arn !== policyArn);
    this.state.save();
  }

  attachmentCount(policyArn: string): number {
    return Object.values(this.users).filter((u) => u.attachedPolicies.includes(policyArn)).length;
  }

  /** The user an access key belongs to, with the key (the principal resolver and the signature checks need both). */
  findByAccessKey(accessKeyId: string): { user: UserRecord; key: AccessKeyRecord } | undefined {
    for (const user of Object.values(this.users)) {
      const key = user.accessKeys.find((k) => k.accessKeyId === accessKeyId);
      if (key) return { user, key };
    }
    return undefined;
  }
}
