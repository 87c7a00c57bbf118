// Evaluates a REST API's resource policy (x-amazon-apigateway-policy) for execute-api:Invoke:
// explicit Deny wins, then Allow; conditions on aws:SourceIp and simple string keys.
import { isIP } from 'node:net';
import { GatewayError } from '../responses.js';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

interface ParsedPolicy {
  statements: Statement[];
}

export interface PolicyRequest {
  /** arn:aws:execute-api:REGION:ACCOUNT:APIID/STAGE/METHOD/PATH */
  arn: string;
  region: string;
  accountId: string;
  apiId: string;
  sourceIp: string;
  /** Set when an AWS_IAM method verified the caller. */
  callerArn?: string;
}

const parsedPolicies = new Map<string, ParsedPolicy | Error>();

function parsePolicy(text: string): ParsedPolicy | Error {
  let parsed = parsedPolicies.get(text);
  if (!parsed) {
    try {
      const doc = JSON.parse(text) as { Statement?: Statement | Statement[] };
      const statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
      parsed = { statements };
    } catch (err) {
      parsed = new Error(`The API's resource policy is not valid JSON: ${(err as Error).message}`);
    }
    parsedPolicies.set(text, parsed);
  }
  return parsed;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const globCache = new Map<string, RegExp>();
function glob(pattern: string, caseInsensitive = false): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = globCache.get(key);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
    globCache.set(key, re);
  }
  return re;
}

/** "execute-api:/dev/GET/x" is shorthand for this API's ARN prefix. */
function expandResource(pattern: string, req: PolicyRequest): string {
  if (pattern.startsWith('execute-api:/')) return `arn:aws:execute-api:${req.region}:${req.accountId}:${req.apiId}/${pattern.slice('execute-api:/'.length)}`;
  return pattern;
}

function actionMatches(statement: Statement): boolean {
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((a) => glob(a, true).test('execute-api:Invoke'));
  return list(statement.Action).some((a) => glob(a, true).test('execute-api:Invoke'));
}

function resourceMatches(statement: Statement, req: PolicyRequest): boolean {
  if (statement.NotResource !== undefined) return !list(statement.NotResource).some((r) => glob(expandResource(r, req)).test(req.arn));
  return list(statement.Resource).some((r) => glob(expandResource(r, req)).test(req.arn));
}

function principalMatches(principal: unknown, req: PolicyRequest): boolean {
  if (principal === '*' || principal === undefined) return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = list((principal as { AWS?: string | string[] }).AWS);
  if (aws.includes('*')) return true;
  // Named principals only ever match a caller authenticated by SigV4 (same local account).
  if (!req.callerArn) return false;
  return aws.some((p) => p === req.accountId || p === `arn:aws:iam::${req.accountId}:root` || glob(p).test(req.callerArn!));
}

function ipInCidr(ip: string, cidr: string): boolean {
  const [range = '', bitsText] = cidr.split('/');
  const normalize = (addr: string) => addr.replace(/^::ffff:/i, '');
  const a = normalize(ip);
  const b = normalize(range);
  if (isIP(a) !== 4 || isIP(b) !== 4) return a === b;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const toInt = (addr: string) => addr.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(a) & mask) === (toInt(b) & mask);
}

function conditionValue(key: string, req: PolicyRequest): string | undefined {
  switch (key.toLowerCase()) {
    case 'aws:sourceip': return req.sourceIp;
    case 'aws:principalaccount': return req.callerArn ? req.accountId : undefined;
    case 'aws:principalarn': return req.callerArn;
    default: return undefined; // aws:SourceVpc and the like: never present on loopback requests.
  }
}

function conditionsHold(conditions: Statement['Condition'], req: PolicyRequest): boolean {
  if (!conditions) return true;
  for (const [operator, entries] of Object.entries(conditions)) {
    for (const [key, expected] of Object.entries(entries)) {
      const values = list(expected);
      const actual = conditionValue(key, req);
      const op = operator.replace(/IfExists$/, '');
      if (actual === undefined) {
        // IAM: a missing key satisfies negated operators and ...IfExists, fails the rest.
        if (operator.endsWith('IfExists') || /^(StringNot|NotIp|ArnNot)/.test(op)) continue;
        return false;
      }
      let hold: boolean;
      switch (op) {
        case 'IpAddress': hold = values.some((c) => ipInCidr(actual, c)); break;
        case 'NotIpAddress': hold = !values.some((c) => ipInCidr(actual, c)); break;
        case 'StringEquals': hold = values.includes(actual); break;
        case 'StringNotEquals': hold = !values.includes(actual); break;
        case 'StringEqualsIgnoreCase': hold = values.some((v) => v.toLowerCase() === actual.toLowerCase()); break;
        case 'StringLike': case 'ArnLike': hold = values.some((v) => glob(v).test(actual)); break;
        case 'StringNotLike': case 'ArnNotLike': hold = !values.some((v) => glob(v).test(actual)); break;
        default: return false;
      }
      if (!hold) return false;
    }
  }
  return true;
}

/**
 * Throws ACCESS_DENIED as API Gateway words it; returns when the policy lets the request in: true
 * when a statement allowed it, false when it is left to the caller's IAM identity (or no policy).
 */
export function enforceResourcePolicy(policyText: string | undefined, req: PolicyRequest): boolean {
  if (!policyText) return false;
  const policy = parsePolicy(policyText);
  const who = req.callerArn ?? 'anonymous';
  if (policy instanceof Error) throw new GatewayError('ACCESS_DENIED', `User: ${who} is not authorized to perform: execute-api:Invoke on resource: ${req.arn}`, policy.message);
  let allowed = false;
  for (const statement of policy.statements) {
    if (!actionMatches(statement) || !resourceMatches(statement, req) || !principalMatches(statement.Principal, req)) continue;
    if (!conditionsHold(statement.Condition, req)) continue;
    if (statement.Effect === 'Deny') {
      throw new GatewayError('ACCESS_DENIED', `User: ${who} is not authorized to perform: execute-api:Invoke on resource: ${req.arn} with an explicit deny`);
    }
    if (statement.Effect === 'Allow') allowed = true;
  }
  // A caller authenticated by SigV4 in the API's own account is allowed by its IAM identity.
  if (!allowed && !req.callerArn) {
    throw new GatewayError('ACCESS_DENIED', `User: ${who} is not authorized to perform: execute-api:Invoke on resource: ${req.arn}`);
  }
  return allowed;
}
