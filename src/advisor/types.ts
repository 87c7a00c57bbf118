// The policy advisor's inputs and answers: the IAM decisions the local cloud recorded for one
// function's role session, the role's grants, and what they say about each other.

/** One recorded decision, as /_local/calls lists it (the fields the advisor reads). */
export interface RecordedDecision {
  principalArn: string;
  action: string;
  resource: string;
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  mode?: string;
  message?: string;
  statement?: { policyName: string; index: number; sid?: string };
}

/** One Action x Resource pair an Allow statement of the role grants. */
export interface Grant {
  action: string;
  resource: string;
  /** The role policy (inline name or managed ARN) and the statement's index in it. */
  policy: string;
  statementIndex: number;
}

export interface UsedPermission {
  action: string;
  resource: string;
  calls: number;
}

export interface UnusedGrant extends Grant {
  /** Where the grant comes from in the config, and what to do about it, when the advisor knows. */
  note?: string;
}

export interface DeniedPermission {
  action: string;
  resource: string;
  calls: number;
  decision: string;
  message?: string;
}

/** The config's own `permissions` statement form. */
export interface PermissionStatement {
  actions: string[];
  resources: string[];
}

export interface FunctionAdvice {
  /** The function's key in discovery.config.json and its deployed name. */
  key: string;
  functionName: string;
  role: string;
  used: UsedPermission[];
  neverUsed: UnusedGrant[];
  denied: DeniedPermission[];
  /** Statements that cover exactly what was used (allowed or denied), ready for `permissions`. */
  minimalPermissions: PermissionStatement[];
  /** Grants the advisor could not judge (NotAction/NotResource statements, unreadable policies). */
  unjudged: string[];
}
