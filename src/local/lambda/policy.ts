// Resource-based policies of functions: statements rendered as AWS renders AddPermission, and
// the check a caller (API Gateway, EventBridge) must pass before it may invoke.
import type { PolicyStatement } from './model.js';

export interface PermissionInput {
  StatementId: string;
  Action: string;
  Principal: string;
  SourceArn?: string;
  SourceAccount?: string;
  PrincipalOrgID?: string;
  EventSourceToken?: string;
  FunctionUrlAuthType?: string;
}

export function renderStatement(input: PermissionInput, resource: string): PolicyStatement {
  const statement: PolicyStatement = {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: renderPrincipal(input.Principal),
    Action: input.Action,
    Resource: resource,
  };
  const condition: Record<string, Record<string, string>> = {};
  if (input.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': input.SourceAccount };
  if (input.FunctionUrlAuthType) condition.StringEquals = { ...condition.StringEquals, 'lambda:FunctionUrlAuthType': input.FunctionUrlAuthType };
  if (input.PrincipalOrgID) condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': input.PrincipalOrgID };
  if (input.EventSourceToken) condition.StringEquals = { ...condition.StringEquals, 'lambda:EventSourceToken': input.EventSourceToken };
  if (input.SourceArn) condition.ArnLike = { 'AWS:SourceArn': input.SourceArn };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return statement;
}

function renderPrincipal(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

/** IAM-style wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

/** Whether one of the statements lets `principal`, calling from `sourceArn`, invoke the function. */
export function allowsInvoke(statements: PolicyStatement[], principal: string, sourceArn: string): boolean {
  const allowed = (s: PolicyStatement) =>
    s.Effect === 'Allow' && actionMatches(s.Action) && principalMatches(s.Principal, principal) && conditionsHold(s.Condition, sourceArn);
  const denied = (s: PolicyStatement) =>
    s.Effect === 'Deny' && actionMatches(s.Action) && principalMatches(s.Principal, principal) && conditionsHold(s.Condition, sourceArn);
  return statements.some(allowed) && !statements.some(denied);
}

function actionMatches(action: string): boolean {
  return wildcardMatch(action.toLowerCase(), 'lambda:invokefunction');
}

function principalMatches(statementPrincipal: PolicyStatement['Principal'], principal: string): boolean {
  if (statementPrincipal === '*') return true;
  if (typeof statementPrincipal === 'string') return statementPrincipal === principal;
  return Object.values(statementPrincipal).some((value) => value === '*' || value === principal);
}

/** Every condition must hold; keys the caller cannot vouch for (org id, tokens) fail closed. */
function conditionsHold(condition: PolicyStatement['Condition'], sourceArn: string): boolean {
  if (!condition) return true;
  const sourceAccount = sourceArn.split(':')[4] ?? '';
  for (const [operator, entries] of Object.entries(condition)) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = key.toLowerCase() === 'aws:sourcearn' ? sourceArn : key.toLowerCase() === 'aws:sourceaccount' ? sourceAccount : undefined;
      if (actual === undefined || !operatorHolds(operator, expected, actual)) return false;
    }
  }
  return true;
}

function operatorHolds(operator: string, expected: string, actual: string): boolean {
  switch (operator) {
    case 'ArnLike':
    case 'StringLike':
      return wildcardMatch(expected, actual);
    case 'ArnEquals':
    case 'StringEquals':
      return expected === actual;
    case 'StringEqualsIgnoreCase':
      return expected.toLowerCase() === actual.toLowerCase();
    default:
      return false;
  }
}
