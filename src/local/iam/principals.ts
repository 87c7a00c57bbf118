// Who a request's access key stands for, and the identity policies that apply to them:
// the account root for the local cloud's own keys (test/test) and any key it does not know (the
// account owner keeps full access), an IAM user for a key CreateAccessKey issued, an assumed role
// for ASIA keys the local STS issued by AssumeRole.
import type { CloudContext } from '../context.js';
import type { CustomerPolicies } from './customer-policies.js';
import type { NamedPolicy, PolicyDocument, RequestPrincipal } from './evaluate/index.js';
import { managedPolicyDocument } from './managed-documents.js';
import { findManagedPolicy } from './managed-policies.js';
import type { IamModel, RoleRecord } from './model.js';
import type { IamUsers, UserRecord } from './users.js';

export type Principal =
  | { kind: 'root'; arn: string; accountId: string; userId: string }
  | { kind: 'user'; arn: string; accountId: string; userId: string; user: UserRecord }
  | { kind: 'assumed-role'; arn: string; accountId: string; userId: string; roleArn: string; role?: RoleRecord; sessionName: string };

const ASSUMED_ROLE = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;

export class PrincipalResolver {
  constructor(
    private readonly ctx: CloudContext,
    private readonly stores: { roles: IamModel; users: IamUsers; policies: CustomerPolicies },
  ) {}

  root(): Principal {
    return { kind: 'root', arn: `arn:aws:iam::${this.ctx.accountId}:root`, accountId: this.ctx.accountId, userId: this.ctx.accountId };
  }

  resolve(accessKeyId: string | undefined): Principal {
    if (!accessKeyId || this.ctx.credentials.some((c) => c.accessKeyId === accessKeyId)) return this.root();
    const owned = this.stores.users.findByAccessKey(accessKeyId);
    if (owned) return { kind: 'user', arn: owned.user.arn, accountId: this.ctx.accountId, userId: owned.user.id, user: owned.user };
    const session = this.ctx.ports.sts?.findSession(accessKeyId);
    const assumed = session?.arn ? ASSUMED_ROLE.exec(session.arn) : null;
    if (session?.arn && assumed) {
      const role = this.stores.roles.findByName(assumed[2]!);
      const roleArn = role?.arn ?? `arn:aws:iam::${assumed[1]}:role/${assumed[2]}`;
      return { kind: 'assumed-role', arn: session.arn, accountId: assumed[1]!, userId: `${role?.id ?? 'AROA'}:${assumed[3]}`, roleArn, ...(role ? { role } : {}), sessionName: assumed[3]! };
    }
    // GetSessionToken credentials and unknown keys: the account owner (see the issue: root keeps full access).
    return this.root();
  }

  /** Inline policies by name, attached managed policies by ARN, in that order. */
  identityPolicies(principal: Principal): NamedPolicy[] {
    const holder = principal.kind === 'user' ? principal.user : principal.kind === 'assumed-role' ? principal.role : undefined;
    if (!holder) return [];
    const inline = Object.entries(holder.inlinePolicies).flatMap(([name, text]) => parsed(name, text));
    const attached = holder.attachedPolicies.flatMap((arn) => {
      const customer = this.stores.policies.find(arn);
      if (customer) return parsed(arn, customer.document);
      const managed = findManagedPolicy(arn);
      const document = managed && managedPolicyDocument(managed.name);
      return document ? [{ name: arn, document }] : [];
    });
    return [...inline, ...attached];
  }
}

/** Parsed documents by their text: every request evaluates them, and parsing dominated authorize(). */
const documents = new Map<string, PolicyDocument | null>();

function parsed(name: string, text: string): NamedPolicy[] {
  let document = documents.get(text);
  if (document === undefined) {
    try {
      document = JSON.parse(text) as PolicyDocument;
    } catch {
      document = null;
    }
    if (documents.size > 2000) documents.clear();
    documents.set(text, document);
  }
  return document ? [{ name, document }] : [];
}

/** The evaluator's view of the principal (for Principal elements of resource policies). */
export function requestPrincipal(principal: Principal): RequestPrincipal {
  return {
    arn: principal.arn,
    accountId: principal.accountId,
    ...(principal.kind === 'assumed-role' ? { roleArn: principal.roleArn } : {}),
    ...(principal.kind === 'root' ? { isRoot: true } : {}),
  };
}

/** The global condition keys AWS sets for every request from this principal. */
export function principalContext(principal: Principal, nowMs: number): Record<string, string> {
  return {
    'aws:PrincipalArn': principal.kind === 'assumed-role' ? principal.roleArn : principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': principal.kind === 'root' ? 'Account' : principal.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:userid': principal.userId,
    ...(principal.kind === 'user' ? { 'aws:username': principal.user.name } : {}),
    'aws:CurrentTime': new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(nowMs / 1000)),
    // The local cloud listens on plain HTTP.
    'aws:SecureTransport': 'false',
  };
}
