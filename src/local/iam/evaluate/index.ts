// A pure IAM policy evaluator for one request, following AWS's documented logic within one
// account: an explicit Deny in any applicable policy decides; otherwise an Allow in an identity
// policy or in the resource policy allows; otherwise the request is implicitly denied.
import { contextLookup, type ContextLookup } from './context.js';
import { conditionsMatch } from './conditions.js';
import { principalMatch } from './principal.js';
import type { DecidingStatement, EvaluationResult, NamedPolicy, PolicyType, RequestContext, Statement } from './types.js';
import { substitute } from './variables.js';
import { actionMatches, arnMatches } from './wildcard.js';

export type * from './types.js';

export interface ApplicablePolicies {
  /** Inline and attached managed policies of the principal (and its role for a session). */
  identity: NamedPolicy[];
  /** The resource's own policy (Lambda function policy, execute-api policy), when it has one. */
  resource?: NamedPolicy;
  /**
   * A role's trust policy: it must allow the caller itself, even in the role's own account (naming
   * the account then still needs an identity policy's Allow). Other resource policies need not.
   */
  resourceRequired?: boolean;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function actionApplies(statement: Statement, action: string): boolean {
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((p) => actionMatches(p, action));
  return list(statement.Action).some((p) => actionMatches(p, action));
}

function resourcePatternMatches(pattern: string, resource: string, lookup: ContextLookup): boolean {
  const substituted = substitute(pattern, lookup);
  return substituted !== undefined && arnMatches(substituted, resource);
}

function resourceApplies(statement: Statement, resource: string, lookup: ContextLookup): boolean {
  if (statement.NotResource !== undefined) return !list(statement.NotResource).some((p) => resourcePatternMatches(p, resource, lookup));
  // Resource policies may leave Resource out (it is then the resource the policy is attached to).
  if (statement.Resource === undefined) return true;
  return list(statement.Resource).some((p) => resourcePatternMatches(p, resource, lookup));
}

/** 'direct' for identity policies; for a resource policy, how its Principal covers the caller. */
function principalApplies(statement: Statement, type: PolicyType, request: RequestContext): 'direct' | 'account' | 'none' {
  if (type === 'identity') return 'direct';
  if (statement.NotPrincipal !== undefined) return principalMatch(statement.NotPrincipal, request.principal) === 'none' ? 'direct' : 'none';
  return principalMatch(statement.Principal, request.principal);
}

interface Match {
  statement: DecidingStatement;
  effect: 'Allow' | 'Deny';
  /** An Allow that names only the caller's account grants nothing alone: identity policies must allow. */
  grants: boolean;
}

function* matches(policy: NamedPolicy, type: PolicyType, request: RequestContext, lookup: ContextLookup): Generator<Match> {
  const statements = list(policy.document.Statement);
  for (const [index, statement] of statements.entries()) {
    const principal = principalApplies(statement, type, request);
    if (principal === 'none') continue;
    if (!actionApplies(statement, request.action)) continue;
    if (!resourceApplies(statement, request.resource, lookup)) continue;
    if (!conditionsMatch(statement.Condition, lookup)) continue;
    yield {
      statement: { policyName: policy.name, policyType: type, index, ...(statement.Sid !== undefined ? { sid: statement.Sid } : {}) },
      effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
      grants: principal === 'direct',
    };
  }
}

export function evaluate(request: RequestContext, policies: ApplicablePolicies): EvaluationResult {
  const lookup = contextLookup(request.context);
  const all: Array<[NamedPolicy, PolicyType]> = [
    ...policies.identity.map((p): [NamedPolicy, PolicyType] => [p, 'identity']),
    ...(policies.resource ? [[policies.resource, 'resource'] as [NamedPolicy, PolicyType]] : []),
  ];
  let allow: DecidingStatement | undefined;
  let resourceAllow: Match | undefined;
  let identityAllow: DecidingStatement | undefined;
  for (const [policy, type] of all) {
    for (const match of matches(policy, type, request, lookup)) {
      if (match.effect === 'Deny') return { decision: 'ExplicitDeny', statement: match.statement, policyType: type };
      if (match.grants) allow ??= match.statement;
      if (type === 'resource' && (!resourceAllow || match.grants)) resourceAllow = match;
      if (type === 'identity') identityAllow ??= match.statement;
    }
  }
  if (policies.resourceRequired) {
    if (resourceAllow?.grants) return { decision: 'Allow', statement: resourceAllow.statement, policyType: 'resource' };
    if (resourceAllow && identityAllow) return { decision: 'Allow', statement: identityAllow, policyType: 'identity' };
    return { decision: 'ImplicitDeny', policyType: 'resource' };
  }
  if (allow) return { decision: 'Allow', statement: allow, policyType: allow.policyType };
  return { decision: 'ImplicitDeny', policyType: policies.identity.length || !policies.resource ? 'identity' : 'resource' };
}

/** Several resources (BatchWriteItem's tables): every one must be allowed; the first refusal decides. */
export function evaluateAll(request: Omit<RequestContext, 'resource'>, resources: string[], policies: ApplicablePolicies): EvaluationResult & { resource: string } {
  let last: (EvaluationResult & { resource: string }) | undefined;
  for (const resource of resources) {
    last = { ...evaluate({ ...request, resource }, policies), resource };
    if (last.decision !== 'Allow') return last;
  }
  return last ?? { decision: 'ImplicitDeny', policyType: 'identity', resource: '*' };
}
