// What a Lambda authorizer must answer ({principalId, policyDocument, context?, usageIdentifierKey?})
// and how its policy judges the method ARN. Anything malformed is API Gateway's 500
// AuthorizerConfigurationException, as AWS answers it.
import { evaluate, type PolicyDocument, type Statement } from '../../iam/evaluate/index.js';
import { GatewayError } from '../responses.js';

export interface AuthorizerResult {
  principalId: string;
  policy: PolicyDocument;
  /** Context values, stringified as API Gateway passes them on. */
  context: Record<string, string>;
  usageIdentifierKey?: string;
}

const misconfigured = (why: string) => new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', undefined, `The authorizer's answer is not valid: ${why}.`);

export function parseAuthorizerResult(payload: string): AuthorizerResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw misconfigured('it is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw misconfigured('it is not a JSON object');
  const answer = parsed as Record<string, unknown>;
  if (answer.principalId === undefined || answer.principalId === null || typeof answer.principalId === 'object') throw misconfigured('principalId is missing');
  const document = typeof answer.policyDocument === 'string' ? safeParse(answer.policyDocument) : answer.policyDocument;
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw misconfigured('policyDocument is missing or not an object');
  const raw = (document as Record<string, unknown>).Statement;
  const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const normalised: Statement[] = statements.map((s, i) => {
    if (!s || typeof s !== 'object') throw misconfigured(`policyDocument.Statement[${i}] is not an object`);
    const statement = s as Record<string, unknown>;
    const effect = String(statement.Effect ?? '').toLowerCase();
    if (effect !== 'allow' && effect !== 'deny') throw misconfigured(`policyDocument.Statement[${i}].Effect must be Allow or Deny`);
    return { ...(statement as unknown as Statement), Effect: effect === 'allow' ? 'Allow' : 'Deny' };
  });
  const context: Record<string, string> = {};
  if (answer.context !== undefined && answer.context !== null) {
    if (typeof answer.context !== 'object' || Array.isArray(answer.context)) throw misconfigured('context is not an object');
    for (const [key, value] of Object.entries(answer.context)) {
      // Only string, number and boolean values are allowed: no objects or arrays.
      if (value !== null && typeof value === 'object') throw misconfigured(`context.${key} is an object or array; only strings, numbers and booleans are allowed`);
      context[key] = String(value);
    }
  }
  return {
    principalId: String(answer.principalId),
    policy: { ...(document as PolicyDocument), Statement: normalised },
    context,
    usageIdentifierKey: typeof answer.usageIdentifierKey === 'string' ? answer.usageIdentifierKey : undefined,
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Allow, or the 403 API Gateway gives: explicit deny, or no statement allowing this method ARN. */
export function enforceAuthorizerPolicy(result: AuthorizerResult, methodArn: string): void {
  const outcome = evaluate(
    { principal: {}, action: 'execute-api:Invoke', resource: methodArn },
    { identity: [{ name: 'authorizer', document: result.policy }] },
  );
  if (outcome.decision === 'Allow') return;
  if (outcome.decision === 'ExplicitDeny') {
    throw new GatewayError('ACCESS_DENIED', 'User is not authorized to access this resource with an explicit deny', `The authorizer's policy denies ${methodArn}.`);
  }
  throw new GatewayError('ACCESS_DENIED', 'User is not authorized to access this resource', `The authorizer's policy allows nothing that matches ${methodArn}.`);
}
