// AddPermission, RemovePermission, GetPolicy: one resource policy per qualifier (the unqualified
// function, $LATEST, each version, each alias), as AWS keeps them.
import { badRequest, conflict, notFound } from '../protocol/errors.js';
import type { LambdaCore } from './core.js';
import { LATEST, type FunctionRecord } from './model.js';
import { allowsInvoke, policyDocument, renderStatement, type PermissionInput } from './policy.js';

/** A qualifier a policy names: as AWS, an alias-like one is "Cannot find alias", a version "Function not found". */
function policyKeyOf(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined): string {
  if (!qualifier) return '';
  if (Object.hasOwn(fn.versions, qualifier) || Object.hasOwn(fn.aliases, qualifier)) return qualifier;
  if (qualifier !== LATEST && ALIAS_NAME.test(qualifier)) throw notFound('ResourceNotFoundException', `Cannot find alias arn: ${core.arn(fn, qualifier)}`);
  if (qualifier === LATEST) return '';
  throw notFound('ResourceNotFoundException', `Function not found: ${core.arn(fn, qualifier)}`);
}

const ALIAS_NAME = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;

/** Principals AWS accepts: anyone, an account, an ARN, or an AWS service. */
function validPrincipal(principal: string): boolean {
  return principal === '*' || /^\d{12}$/.test(principal) || principal.startsWith('arn:') || /\.(amazonaws\.com(\.cn)?|amazon\.com)$/.test(principal);
}

export function addPermission(core: LambdaCore, functionName: string, region: string, qualifier: string | undefined, input: Partial<PermissionInput> & { RevisionId?: string }): Record<string, unknown> {
  for (const field of ['StatementId', 'Action', 'Principal'] as const) {
    if (typeof input[field] !== 'string' || !input[field]) {
      throw badRequest('ValidationException', `1 validation error detected: Value null at '${field[0]!.toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  if (!/^([a-zA-Z0-9-_]+)$/.test(input.StatementId!)) {
    throw badRequest('ValidationException', `1 validation error detected: Value '${input.StatementId}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)`);
  }
  if (qualifier === LATEST) throw badRequest('InvalidParameterValueException', 'We currently do not support adding policies for $LATEST.');
  const fn = core.requireFunction(functionName, region);
  const policyKey = policyKeyOf(core, fn, qualifier);
  if (!validPrincipal(input.Principal!)) throw badRequest('InvalidParameterValueException', 'The provided principal was invalid. Please check the principal and try again.');
  const policy = fn.policies[policyKey] ?? { revisionId: core.newRevision(), statements: [] };
  core.assertRevision(input.RevisionId, policy.revisionId);
  if (policy.statements.some((s) => s.Sid === input.StatementId)) {
    throw conflict('ResourceConflictException', `The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const statement = renderStatement(input as PermissionInput, core.arn(fn, policyKey || undefined));
  policy.statements.push(statement);
  policy.revisionId = core.newRevision();
  fn.policies[policyKey] = policy;
  core.store.save();
  return { Statement: JSON.stringify(statement) };
}

export function removePermission(core: LambdaCore, functionName: string, region: string, qualifier: string | undefined, statementId: string, revisionId?: string | null): void {
  const fn = core.store.find(functionName);
  if (!fn) throw notFound('ResourceNotFoundException', `No policy found for: ${core.arnOf(functionName, region, qualifier)}`);
  const policyKey = policyKeyOf(core, fn, qualifier);
  const policy = fn.policies[policyKey];
  if (!policy || policy.statements.length === 0) throw notFound('ResourceNotFoundException', 'No policy is associated with the given resource.');
  const index = policy.statements.findIndex((s) => s.Sid === statementId);
  if (index < 0) throw notFound('ResourceNotFoundException', `Statement ${statementId} is not found in resource policy.`);
  core.assertRevision(revisionId ?? undefined, policy.revisionId);
  policy.statements.splice(index, 1);
  policy.revisionId = core.newRevision();
  if (policy.statements.length === 0) delete fn.policies[policyKey];
  core.store.save();
}

export function getPolicy(core: LambdaCore, functionName: string, qualifier: string | undefined): Record<string, unknown> {
  const missing = () => notFound('ResourceNotFoundException', 'The resource you requested does not exist.');
  const fn = core.store.find(functionName);
  if (!fn) throw missing();
  const policyKey = qualifier && qualifier !== LATEST ? qualifier : '';
  const policy = fn.policies[policyKey];
  if (!policy || policy.statements.length === 0) throw missing();
  return { Policy: policyDocument(policy.statements), RevisionId: policy.revisionId };
}

/** The invoke check for callers such as API Gateway: only the policy of the qualifier used counts. */
export function invokeAllowed(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined, principal: string, sourceArn: string): boolean {
  const { policyKey } = core.resolve(fn, qualifier);
  return allowsInvoke(fn.policies[policyKey]?.statements ?? [], principal, sourceArn);
}
