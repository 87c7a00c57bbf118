// authorize(): the one call other services make. Resolves the key's principal, gathers its
// policies, evaluates every resource and answers the decision with AWS's sentence when denied.
import { accessDeniedMessage } from './denial.js';
import { evaluateAll, type ContextValue, type DecidingStatement, type Decision, type NamedPolicy, type PolicyType } from './evaluate/index.js';
import { principalContext, requestPrincipal, type PrincipalResolver } from './principals.js';

export interface AuthorizeOptions {
  /** The resource's own policy (a Lambda function policy, an execute-api policy). */
  resourcePolicy?: NamedPolicy;
  /** The resource policy must allow the caller (a role's trust policy). */
  resourcePolicyRequired?: boolean;
}

export interface Authorization {
  allowed: boolean;
  decision: Decision;
  principalArn: string;
  /** True for the account's root identity, which is not evaluated (it owns everything). */
  root: boolean;
  action: string;
  /** The resource that decided (the first denied one, or the last allowed). */
  resource: string;
  statement?: DecidingStatement;
  policyType?: PolicyType;
  /** AWS's access-denied sentence; set when not allowed. */
  message?: string;
}

/**
 * A service principal (apigateway.amazonaws.com, events.amazonaws.com) calling on a resource: only
 * the resource's policy can allow it, with the call's condition keys (aws:SourceArn, aws:SourceAccount).
 */
export function authorizeService(service: string, action: string, resource: string, context: Record<string, ContextValue | undefined>, resourcePolicy: NamedPolicy | undefined): Authorization {
  const result = evaluateAll({ principal: { service }, action, context }, [resource], { identity: [], ...(resourcePolicy ? { resource: resourcePolicy } : {}) });
  const allowed = result.decision === 'Allow';
  return {
    allowed,
    decision: result.decision,
    principalArn: service,
    root: false,
    action,
    resource,
    ...(result.statement ? { statement: result.statement } : {}),
    policyType: 'resource',
    ...(allowed ? {} : { message: accessDeniedMessage(service, action, resource, { decision: result.decision, policyType: 'resource' }) }),
  };
}

export function createAuthorize(resolver: PrincipalResolver, now: () => number) {
  return function authorize(accessKeyId: string | undefined, action: string, resources: string[], context: Record<string, ContextValue | undefined> = {}, options: AuthorizeOptions = {}): Authorization {
    const principal = resolver.resolve(accessKeyId);
    const resourceList = resources.length ? resources : ['*'];
    if (principal.kind === 'root') {
      return { allowed: true, decision: 'Allow', principalArn: principal.arn, root: true, action, resource: resourceList[0]! };
    }
    const result = evaluateAll(
      { principal: requestPrincipal(principal), action, context: { ...principalContext(principal, now()), ...context } },
      resourceList,
      {
        identity: resolver.identityPolicies(principal),
        ...(options.resourcePolicy ? { resource: options.resourcePolicy } : {}),
        ...(options.resourcePolicyRequired ? { resourceRequired: true } : {}),
      },
    );
    const allowed = result.decision === 'Allow';
    return {
      allowed,
      decision: result.decision,
      principalArn: principal.arn,
      root: false,
      action,
      resource: result.resource,
      ...(result.statement ? { statement: result.statement } : {}),
      ...(result.policyType ? { policyType: result.policyType } : {}),
      ...(allowed ? {} : { message: accessDeniedMessage(principal.arn, action, result.resource, result) }),
    };
  };
}
