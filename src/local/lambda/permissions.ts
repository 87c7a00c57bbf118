// AddPermission, RemovePermission, GetPolicy: one resource policy per qualifier (the unqualified
// function, $LATEST, each version, each alias), as AWS keeps them.
import { badRequest, conflict, notFound } from '../protocol/errors.js';
import type { LambdaCore } from './core.js';
import type { FunctionRecord } from './model.js';
import { allowsInvoke, policyDocument, renderStatement, type PermissionInput } from './policy.js';

export function addPermission(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined, input: Partial<PermissionInput> & { RevisionId?: string }): Record<string, unknown> {
  const { policyKey } = core.resolve(fn, qualifier);
  for (const field of ['StatementId', 'Action', 'Principal'] as const) {
    if (typeof input[field] !== 'string' || !input[field]) {
      throw badRequest('ValidationException', `1 validation error detected: Value null at '${field[0]!.toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  if (!/^([a-zA-Z0-9-_.]+)$/.test(input.StatementId!)) {
    throw badRequest('ValidationException', `1 validation error detected: Value '${input.StatementId}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)`);
  }
  const policy = fn.policies[policyKey] ?? { revisionId: core.newRevision(), statements: [] };
  core.assertRevision(input.RevisionId, policy.revisionId);
  if (policy.statements.some((s) => s.Sid === input.StatementId)) {
    throw conflict('ResourceConflictException', 'The statement id (sid) provided already exists. Please choose a new statement id, or remove the existing statement.');
  }
  const statement = renderStatement(input as PermissionInput, core.arn(fn, policyKey || undefined));
  policy.statements.push(statement);
  policy.revisionId = core.newRevision();
  fn.policies[policyKey] = policy;
  core.store.save();
  return { Statement: JSON.stringify(statement) };
}

export function removePermission(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined, statementId: string, revisionId?: string | null): void {
  const { policyKey } = core.resolve(fn, qualifier);
  const policy = fn.policies[policyKey];
  const index = policy?.statements.findIndex((s) => s.Sid === statementId) ?? -1;
  if (!policy || index < 0) throw notFound('ResourceNotFoundException', `Statement ${statementId} is not found in resource policy.`);
  core.assertRevision(revisionId ?? undefined, policy.revisionId);
  policy.statements.splice(index, 1);
  policy.revisionId = core.newRevision();
  if (policy.statements.length === 0) delete fn.policies[policyKey];
  core.store.save();
}

export function getPolicy(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined): Record<string, unknown> {
  const { policyKey } = core.resolve(fn, qualifier);
  const policy = fn.policies[policyKey];
  if (!policy || policy.statements.length === 0) throw notFound('ResourceNotFoundException', 'The resource you requested does not exist.');
  return { Policy: policyDocument(policy.statements), RevisionId: policy.revisionId };
}

/** The invoke check for callers such as API Gateway: only the policy of the qualifier used counts. */
export function invokeAllowed(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined, principal: string, sourceArn: string): boolean {
  const { policyKey } = core.resolve(fn, qualifier);
  return allowsInvoke(fn.policies[policyKey]?.statements ?? [], principal, sourceArn);
}
