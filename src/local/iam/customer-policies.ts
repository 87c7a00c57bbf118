// Customer managed policies (CreatePolicy): versioned documents under arn:aws:iam::ACCOUNT:policy/PATH/NAME.
// Only the default version v1 exists locally (no CreatePolicyVersion yet).
import type { CloudContext } from '../context.js';
import { PersistentState } from '../persist.js';
import { AwsServiceError, conflict, notFound } from '../protocol/errors.js';
import { randomId } from './ids.js';
import { isoSeconds } from './model.js';
import { validatePolicyDocument } from './policy-document.js';

export interface CustomerPolicy {
  name: string;
  path: string;
  id: string;
  arn: string;
  description?: string;
  document: string;
  createDate: string;
}

interface PolicyData {
  policies: Record<string, CustomerPolicy>;
}

const NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^\/([\x21-\x7e]{0,510}\/)?$/;

export const policyNotFound = (arn: string) => notFound('NoSuchEntity', `Policy ${arn} was not found.`);

export class CustomerPolicies {
  private readonly state: PersistentState<PolicyData>;

  constructor(private readonly ctx: CloudContext) {
    this.state = new PersistentState<PolicyData>(ctx.stateDir, 'iam-policies', () => ({ policies: {} }));
  }

  create(input: { name: string; path?: string; document: string; description?: string }): CustomerPolicy {
    if (!NAME.test(input.name)) throw new AwsServiceError('ValidationError', `1 validation error detected: Value '${input.name}' at 'policyName' failed to satisfy constraint: Member must have length less than or equal to 128 and match the pattern [\\w+=,.@-]+.`, 400);
    const path = input.path ?? '/';
    if (!PATH.test(path)) throw new AwsServiceError('ValidationError', `1 validation error detected: Value '${path}' at 'path' failed to satisfy constraint: a path begins and ends with '/'.`, 400);
    if (Object.values(this.state.data.policies).some((p) => p.name === input.name)) {
      throw conflict('EntityAlreadyExists', `A policy called ${input.name} already exists. Duplicate names are not allowed.`);
    }
    validatePolicyDocument(input.document, true);
    const policy: CustomerPolicy = {
      name: input.name,
      path,
      id: `ANPA${randomId(17)}`,
      arn: `arn:aws:iam::${this.ctx.accountId}:policy${path}${input.name}`,
      ...(input.description !== undefined ? { description: input.description } : {}),
      document: input.document,
      createDate: isoSeconds(this.ctx.clock.now()),
    };
    this.state.data.policies[policy.arn] = policy;
    this.state.save();
    return policy;
  }

  find(arn: string): CustomerPolicy | undefined {
    return Object.hasOwn(this.state.data.policies, arn) ? this.state.data.policies[arn] : undefined;
  }

  get(arn: string): CustomerPolicy {
    const policy = this.find(arn);
    if (!policy) throw policyNotFound(arn);
    return policy;
  }

  delete(arn: string, attachments: number): void {
    this.get(arn);
    if (attachments > 0) throw conflict('DeleteConflict', 'Cannot delete a policy attached to entities.');
    delete this.state.data.policies[arn];
    this.state.save();
  }

  list(pathPrefix = '/'): CustomerPolicy[] {
    return Object.values(this.state.data.policies).filter((p) => p.path.startsWith(pathPrefix)).sort((a, b) => a.name.localeCompare(b.name));
  }
}
