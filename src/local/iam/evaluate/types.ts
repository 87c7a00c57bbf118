// The shapes the evaluator reads: parsed policy documents and one request's context.

export type OneOrMany<T> = T | T[];

export type PrincipalElement = '*' | { AWS?: OneOrMany<string>; Service?: OneOrMany<string>; Federated?: OneOrMany<string>; CanonicalUser?: OneOrMany<string> };

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  /** Operator -> condition key -> value(s). */
  Condition?: Record<string, Record<string, OneOrMany<string | number | boolean>>>;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: OneOrMany<Statement>;
}

/** A policy as it applies to a request: its name (for audit) and its parsed document. */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** Who is asking: enough to match Principal elements of resource policies. */
export interface RequestPrincipal {
  /** arn:aws:iam::A:root, arn:aws:iam::A:user/N, arn:aws:sts::A:assumed-role/R/S; absent for a service. */
  arn?: string;
  accountId?: string;
  /** For an assumed role: the role's ARN, which a Principal may name instead of the session. */
  roleArn?: string;
  /** For a service principal, e.g. apigateway.amazonaws.com. */
  service?: string;
  /** True for the account's root user (an account Principal then grants on its own). */
  isRoot?: boolean;
}

export type ContextValue = string | number | boolean | Array<string | number | boolean>;

export interface RequestContext {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** Condition keys (case-insensitive names), e.g. aws:SourceArn, aws:username. */
  context?: Record<string, ContextValue | undefined>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export type PolicyType = 'identity' | 'resource';

/** The statement that decided, for audit: policy name, statement index (0-based) and Sid. */
export interface DecidingStatement {
  policyName: string;
  policyType: PolicyType;
  index: number;
  sid?: string;
}

export interface EvaluationResult {
  decision: Decision;
  /** Absent for an implicit deny: no statement decided it. */
  statement?: DecidingStatement;
  /** For ImplicitDeny: whether a resource policy was part of the request (picks AWS's wording). */
  policyType?: PolicyType;
}
