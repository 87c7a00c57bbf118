// The policy evaluator against the evaluation examples of AWS's IAM documentation (policy
// evaluation logic, Condition operators, NotAction, NotResource, multivalued context keys).
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateAll, type NamedPolicy, type PolicyDocument, type RequestContext, type RequestPrincipal, type Statement } from '../../../src/local/iam/evaluate/index.js';

const ACCOUNT = '111122223333';
const USER: RequestPrincipal = { arn: `arn:aws:iam::${ACCOUNT}:user/David`, accountId: ACCOUNT };
const SESSION: RequestPrincipal = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/fn`, accountId: ACCOUNT, roleArn: `arn:aws:iam::${ACCOUNT}:role/service/app-role` };
const ROOT: RequestPrincipal = { arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, isRoot: true };
const OTHER_ACCOUNT: RequestPrincipal = { arn: 'arn:aws:iam::444455556666:user/Eve', accountId: '444455556666' };

const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const policy = (name: string, ...statements: Statement[]): NamedPolicy => ({ name, document: doc(...statements) });
const request = (action: string, resource: string, context: RequestContext['context'] = {}, principal = USER): RequestContext => ({ principal, action, resource, context });

interface Case {
  name: string;
  statements: Statement[];
  request: RequestContext;
  expected: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  index?: number;
}

// Evaluation logic: an Allow of Get*/List* and a Deny of *Report in one policy.
const getListDenyReports: Statement[] = [
  { Sid: 'AllowGetList', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
  { Sid: 'DenyReports', Effect: 'Deny', Action: 'iam:*Report', Resource: '*' },
];
const payroll: Statement[] = [
  { Effect: 'Allow', Action: 's3:*', Resource: '*' },
  { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] },
];
const allButIam: Statement[] = [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }];
const homeFolder: Statement[] = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*' }];
const tagKeysDeny: Statement[] = [
  { Effect: 'Allow', Action: 'iam:Tag*', Resource: '*' },
  { Effect: 'Deny', Action: 'iam:TagUser', Resource: '*', Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['key1*'] }, Null: { 'aws:TagKeys': 'false' } } },
];
const tagKeysAnyDeny: Statement[] = [
  { Effect: 'Allow', Action: 'iam:Tag*', Resource: '*' },
  { Effect: 'Deny', Action: 'iam:TagUser', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['webserver'] } } },
];
const allowIf = (Condition: Statement['Condition']): Statement[] => [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*', Condition }];
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Music`;

const cases: Case[] = [
  { name: 'Get*/List*: iam:GetUser is allowed', statements: getListDenyReports, request: request('iam:GetUser', '*'), expected: 'Allow', index: 0 },
  { name: 'Get*/List*: actions are case-insensitive (IAM:listusers)', statements: getListDenyReports, request: request('IAM:listusers', '*'), expected: 'Allow' },
  { name: 'Get*/List*: iam:GetCredentialReport is denied explicitly (Deny wins over Allow)', statements: getListDenyReports, request: request('iam:GetCredentialReport', '*'), expected: 'ExplicitDeny', index: 1 },
  { name: 'Get*/List*: iam:CreatePolicy is implicitly denied', statements: getListDenyReports, request: request('iam:CreatePolicy', '*'), expected: 'ImplicitDeny' },
  { name: 'no policy at all: implicit deny', statements: [], request: request('s3:ListBucket', 'arn:aws:s3:::b'), expected: 'ImplicitDeny' },
  { name: 'NotAction iam:*: a DynamoDB action is allowed', statements: allButIam, request: request('dynamodb:PutItem', TABLE), expected: 'Allow' },
  { name: 'NotAction iam:*: an IAM action is implicitly denied', statements: allButIam, request: request('iam:CreateUser', '*'), expected: 'ImplicitDeny' },
  { name: 'NotResource: the payroll object stays reachable', statements: payroll, request: request('s3:GetObject', 'arn:aws:s3:::HRBucket/Payroll/2024.csv'), expected: 'Allow' },
  { name: 'NotResource: any other object is denied explicitly', statements: payroll, request: request('s3:GetObject', 'arn:aws:s3:::HRBucket/Other/x'), expected: 'ExplicitDeny', index: 1 },
  { name: 'resources are case-sensitive', statements: payroll, request: request('s3:GetObject', 'arn:aws:s3:::hrbucket/Payroll/x'), expected: 'ExplicitDeny' },
  { name: '${aws:username}: the user\'s own home folder', statements: homeFolder, request: request('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home/David/notes.txt', { 'aws:username': 'David' }), expected: 'Allow' },
  { name: '${aws:username}: another user\'s folder', statements: homeFolder, request: request('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home/Bob/notes.txt', { 'aws:username': 'David' }), expected: 'ImplicitDeny' },
  { name: '${aws:username} with no such key (a role session): no match', statements: homeFolder, request: request('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home//x'), expected: 'ImplicitDeny' },
  { name: 'a default value stands in for a missing variable', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*" }], request: request('s3:GetObject', 'arn:aws:s3:::b/shared/x'), expected: 'Allow' },
  { name: '${*} is a literal star, not a wildcard', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${*}' }], request: request('s3:GetObject', 'arn:aws:s3:::b/anything'), expected: 'ImplicitDeny' },
  { name: '? matches exactly one character', statements: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/Music?` }], request: request('dynamodb:GetItem', `${TABLE}2`), expected: 'Allow' },
  { name: 'table/Music does not cover its indexes', statements: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: TABLE }], request: request('dynamodb:Query', `${TABLE}/index/byArtist`), expected: 'ImplicitDeny' },
  // ForAllValues / ForAnyValue (multivalued context key examples).
  { name: 'ForAllValues:StringLike: every tag key matches key1* → deny', statements: tagKeysDeny, request: request('iam:TagUser', '*', { 'aws:TagKeys': ['key1a', 'key1b'] }), expected: 'ExplicitDeny' },
  { name: 'ForAllValues:StringLike: one tag key outside key1* → not denied', statements: tagKeysDeny, request: request('iam:TagUser', '*', { 'aws:TagKeys': ['key1a', 'team'] }), expected: 'Allow' },
  { name: 'ForAllValues with no key in the request is true, the Null check stops the deny', statements: tagKeysDeny, request: request('iam:TagUser', '*'), expected: 'Allow' },
  { name: 'ForAnyValue:StringEquals: one tag key is webserver → deny', statements: tagKeysAnyDeny, request: request('iam:TagUser', '*', { 'aws:TagKeys': ['team', 'webserver'] }), expected: 'ExplicitDeny' },
  { name: 'ForAnyValue with no key in the request is false', statements: tagKeysAnyDeny, request: request('iam:TagUser', '*'), expected: 'Allow' },
  { name: 'ForAllValues:StringEquals covers a request subset of the policy values', statements: allowIf({ 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['ID', 'Title'] } }), request: request('dynamodb:GetItem', TABLE, { 'dynamodb:Attributes': ['ID'] }), expected: 'Allow' },
  { name: 'ForAllValues:StringEquals refuses an attribute outside the policy values', statements: allowIf({ 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['ID', 'Title'] } }), request: request('dynamodb:GetItem', TABLE, { 'dynamodb:Attributes': ['ID', 'Secret'] }), expected: 'ImplicitDeny' },
  { name: 'dynamodb:LeadingKeys with ${aws:userid}', statements: allowIf({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } }), request: request('dynamodb:GetItem', TABLE, { 'dynamodb:LeadingKeys': ['AIDAU'], 'aws:userid': 'AIDAU' }), expected: 'Allow' },
  // Condition operators.
  { name: 'StringEquals matches exactly (case-sensitive)', statements: allowIf({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:principaltag/team': 'blue' }), expected: 'ImplicitDeny' },
  { name: 'condition key names are case-insensitive', statements: allowIf({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }), request: request('dynamodb:GetItem', TABLE, { 'AWS:PRINCIPALTAG/team': 'Blue' }), expected: 'Allow' },
  { name: 'StringEqualsIgnoreCase ignores case', statements: allowIf({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Blue' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:PrincipalTag/team': 'BLUE' }), expected: 'Allow' },
  { name: 'several values of one key are OR-ed', statements: allowIf({ StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }), request: request('dynamodb:GetItem', TABLE, { 'aws:RequestedRegion': 'us-east-1' }), expected: 'Allow' },
  { name: 'several keys are AND-ed (one fails)', statements: allowIf({ StringEquals: { 'aws:PrincipalTag/team': 'Blue', 'aws:PrincipalTag/role': 'dev' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:PrincipalTag/team': 'Blue', 'aws:PrincipalTag/role': 'ops' }), expected: 'ImplicitDeny' },
  { name: 'several operators are AND-ed (all hold)', statements: allowIf({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' }, Bool: { 'aws:SecureTransport': 'true' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:PrincipalTag/team': 'Blue', 'aws:SecureTransport': true }), expected: 'Allow' },
  { name: 'StringNotEquals: a missing key makes the condition true', statements: allowIf({ StringNotEquals: { 'aws:PrincipalTag/team': 'Red' } }), request: request('dynamodb:GetItem', TABLE), expected: 'Allow' },
  { name: 'StringNotEquals: a matching value makes it false', statements: allowIf({ StringNotEquals: { 'aws:PrincipalTag/team': ['Red', 'Green'] } }), request: request('dynamodb:GetItem', TABLE, { 'aws:PrincipalTag/team': 'Green' }), expected: 'ImplicitDeny' },
  { name: 'StringEquals: a missing key makes the condition false', statements: allowIf({ StringEquals: { 'aws:PrincipalTag/team': 'Red' } }), request: request('dynamodb:GetItem', TABLE), expected: 'ImplicitDeny' },
  { name: 'StringLike with * and ?', statements: allowIf({ StringLike: { 's3:prefix': ['home/?avid/*'] } }), request: request('dynamodb:GetItem', TABLE, { 's3:prefix': 'home/David/docs' }), expected: 'Allow' },
  { name: 'StringNotLike refuses a matching value', statements: allowIf({ StringNotLike: { 's3:prefix': 'home/*' } }), request: request('dynamodb:GetItem', TABLE, { 's3:prefix': 'home/x' }), expected: 'ImplicitDeny' },
  { name: 'StringLikeIfExists: a missing key is true', statements: allowIf({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*'] } }), request: request('dynamodb:GetItem', TABLE), expected: 'Allow' },
  { name: 'StringLikeIfExists: a present key must match', statements: allowIf({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*'] } }), request: request('dynamodb:GetItem', TABLE, { 'ec2:InstanceType': 'm5.large' }), expected: 'ImplicitDeny' },
  { name: 'NumericLessThanEquals s3:max-keys 10 (10 passes)', statements: allowIf({ NumericLessThanEquals: { 's3:max-keys': '10' } }), request: request('dynamodb:GetItem', TABLE, { 's3:max-keys': 10 }), expected: 'Allow' },
  { name: 'NumericLessThanEquals s3:max-keys 10 (11 fails)', statements: allowIf({ NumericLessThanEquals: { 's3:max-keys': '10' } }), request: request('dynamodb:GetItem', TABLE, { 's3:max-keys': '11' }), expected: 'ImplicitDeny' },
  { name: 'NumericEquals on a non-number is false', statements: allowIf({ NumericEquals: { 's3:max-keys': '10' } }), request: request('dynamodb:GetItem', TABLE, { 's3:max-keys': 'ten' }), expected: 'ImplicitDeny' },
  { name: 'NumericNotEquals', statements: allowIf({ NumericNotEquals: { 's3:max-keys': '10' } }), request: request('dynamodb:GetItem', TABLE, { 's3:max-keys': '11' }), expected: 'Allow' },
  { name: 'DateGreaterThan aws:CurrentTime (after)', statements: allowIf({ DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:CurrentTime': '2026-12-01T11:00:00Z' }), expected: 'Allow' },
  { name: 'DateLessThan aws:CurrentTime (after the window)', statements: allowIf({ DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:CurrentTime': '2026-12-01T11:00:00Z' }), expected: 'ImplicitDeny' },
  { name: 'DateGreaterThan with epoch seconds', statements: allowIf({ DateGreaterThan: { 'aws:EpochTime': '1585699200' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:EpochTime': '1796122800' }), expected: 'Allow' },
  { name: 'Bool aws:SecureTransport false denies plain HTTP', statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], request: request('dynamodb:GetItem', TABLE, { 'aws:SecureTransport': false }), expected: 'ExplicitDeny', index: 1 },
  { name: 'BinaryEquals compares base64 values', statements: allowIf({ BinaryEquals: { 'key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }), request: request('dynamodb:GetItem', TABLE, { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }), expected: 'Allow' },
  { name: 'IpAddress 203.0.113.0/24 (inside)', statements: allowIf({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:SourceIp': '203.0.113.77' }), expected: 'Allow' },
  { name: 'IpAddress 203.0.113.0/24 (outside)', statements: allowIf({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:SourceIp': '198.51.100.1' }), expected: 'ImplicitDeny' },
  { name: 'IpAddress with an IPv6 range', statements: allowIf({ IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:SourceIp': '2001:db8:1234:5678::1' }), expected: 'Allow' },
  { name: 'NotIpAddress denies outside the range', statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } }], request: request('dynamodb:GetItem', TABLE, { 'aws:SourceIp': '127.0.0.1' }), expected: 'ExplicitDeny' },
  { name: 'ArnLike aws:SourceArn with a wildcard', statements: allowIf({ ArnLike: { 'aws:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:api1/*` } }), request: request('dynamodb:GetItem', TABLE, { 'aws:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:api1/prod/GET/songs` }), expected: 'Allow' },
  { name: 'ArnEquals aws:SourceArn (another queue)', statements: allowIf({ ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:topic-a` } }), request: request('dynamodb:GetItem', TABLE, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:topic-b` }), expected: 'ImplicitDeny' },
  { name: 'ArnNotEquals with a missing key is true', statements: allowIf({ ArnNotEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:topic-a` } }), request: request('dynamodb:GetItem', TABLE), expected: 'Allow' },
  { name: 'ArnNotLike refuses a matching ARN', statements: allowIf({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:topic-*' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:topic-a` }), expected: 'ImplicitDeny' },
  { name: 'Null true: the key must be absent', statements: allowIf({ Null: { 'aws:TokenIssueTime': 'true' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }), expected: 'ImplicitDeny' },
  { name: 'Null false: the key must be present', statements: allowIf({ Null: { 'aws:TokenIssueTime': 'false' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }), expected: 'Allow' },
  { name: 'an unknown operator never matches', statements: allowIf({ StringSortOf: { 'aws:username': 'David' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:username': 'David' }), expected: 'ImplicitDeny' },
  { name: 'String condition values take policy variables', statements: allowIf({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }), request: request('dynamodb:GetItem', TABLE, { 'aws:PrincipalTag/owner': 'David', 'aws:username': 'David' }), expected: 'Allow' },
];

describe('IAM policy evaluation (identity policies)', () => {
  it.each(cases)('$name', ({ statements, request: req, expected, index }) => {
    const result = evaluate(req, { identity: statements.length ? [policy('p', ...statements)] : [] });
    expect(result.decision).toBe(expected);
    if (index !== undefined) expect(result.statement).toMatchObject({ policyName: 'p', policyType: 'identity', index });
    if (expected === 'ImplicitDeny') expect(result.statement).toBeUndefined();
  });

  it('names the deciding statement by policy, index and Sid; a Deny in any policy wins', () => {
    const allow = policy('AllowAll', { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' });
    const deny = policy('NoDelete', { Sid: 'Keep', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }, { Sid: 'NoDeleteTable', Effect: 'Deny', Action: 'dynamodb:DeleteTable', Resource: TABLE });
    expect(evaluate(request('dynamodb:GetItem', TABLE), { identity: [allow, deny] })).toEqual({ decision: 'Allow', statement: { policyName: 'AllowAll', policyType: 'identity', index: 0, sid: 'All' }, policyType: 'identity' });
    expect(evaluate(request('dynamodb:DeleteTable', TABLE), { identity: [allow, deny] })).toEqual({ decision: 'ExplicitDeny', statement: { policyName: 'NoDelete', policyType: 'identity', index: 1, sid: 'NoDeleteTable' }, policyType: 'identity' });
  });

  it('with several resources, each must be allowed and the first refused one is reported', () => {
    const p = policy('Music', { Effect: 'Allow', Action: 'dynamodb:BatchWriteItem', Resource: TABLE });
    const other = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Other`;
    expect(evaluateAll({ principal: USER, action: 'dynamodb:BatchWriteItem' }, [TABLE], { identity: [p] }).decision).toBe('Allow');
    expect(evaluateAll({ principal: USER, action: 'dynamodb:BatchWriteItem' }, [TABLE, other], { identity: [p] })).toMatchObject({ decision: 'ImplicitDeny', resource: other });
  });
});

describe('IAM policy evaluation (resource policies)', () => {
  const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:songs`;
  const resourcePolicy = (principal: Statement['Principal'], effect: 'Allow' | 'Deny' = 'Allow', extra: Partial<Statement> = {}) => policy('function-policy', { Sid: 's', Effect: effect, Principal: principal, Action: 'lambda:InvokeFunction', Resource: FUNCTION, ...extra });
  const invoke = (principal: RequestPrincipal, context: RequestContext['context'] = {}) => request('lambda:InvokeFunction', FUNCTION, context, principal);

  it.each([
    { name: 'a user named by ARN is allowed without an identity policy', p: { AWS: USER.arn! }, who: USER, expected: 'Allow' },
    { name: 'a role ARN covers the sessions of that role (path included)', p: { AWS: SESSION.roleArn! }, who: SESSION, expected: 'Allow' },
    { name: 'the session ARN itself', p: { AWS: SESSION.arn! }, who: SESSION, expected: 'Allow' },
    { name: '"*" is anyone', p: '*' as const, who: OTHER_ACCOUNT, expected: 'Allow' },
    { name: '{"AWS": "*"} is anyone', p: { AWS: '*' }, who: OTHER_ACCOUNT, expected: 'Allow' },
    { name: 'another user is not covered', p: { AWS: `arn:aws:iam::${ACCOUNT}:user/Bob` }, who: USER, expected: 'ImplicitDeny' },
    { name: 'the account root grants the root user', p: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, who: ROOT, expected: 'Allow' },
    { name: 'an account principal alone does not grant an IAM user (identity policy needed)', p: { AWS: ACCOUNT }, who: USER, expected: 'ImplicitDeny' },
    { name: 'an account principal does not cover another account', p: { AWS: ACCOUNT }, who: OTHER_ACCOUNT, expected: 'ImplicitDeny' },
    { name: 'a Service principal', p: { Service: 'apigateway.amazonaws.com' }, who: { service: 'apigateway.amazonaws.com' }, expected: 'Allow' },
    { name: 'another service is not covered', p: { Service: 'events.amazonaws.com' }, who: { service: 'apigateway.amazonaws.com' }, expected: 'ImplicitDeny' },
  ])('$name', ({ p, who, expected }) => {
    expect(evaluate(invoke(who), { identity: [], resource: resourcePolicy(p) }).decision).toBe(expected);
  });

  it('an identity Allow and an account principal in the resource policy together allow', () => {
    const identity = policy('invoke', { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FUNCTION });
    expect(evaluate(invoke(USER), { identity: [identity], resource: resourcePolicy({ AWS: ACCOUNT }) }).decision).toBe('Allow');
  });

  it('a Deny for the whole account in the resource policy beats the identity Allow', () => {
    const identity = policy('invoke', { Effect: 'Allow', Action: 'lambda:*', Resource: '*' });
    const result = evaluate(invoke(USER), { identity: [identity], resource: resourcePolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, 'Deny') });
    expect(result).toMatchObject({ decision: 'ExplicitDeny', policyType: 'resource', statement: { policyName: 'function-policy', sid: 's' } });
  });

  describe('a role trust policy (resourceRequired): it must trust the caller, even in the same account', () => {
    const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
    const assume = () => request('sts:AssumeRole', ROLE, {}, USER);
    const trust = (principal: Statement['Principal']) => policy('trust-policy', { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
    const mayAssume = policy('assume', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });

    it('an identity Allow alone is not enough when the trust policy trusts only Lambda', () => {
      expect(evaluate(assume(), { identity: [mayAssume], resource: trust({ Service: 'lambda.amazonaws.com' }), resourceRequired: true }).decision).toBe('ImplicitDeny');
      // Without the trust rule, the same account's identity Allow would do (as for a function policy).
      expect(evaluate(assume(), { identity: [mayAssume], resource: trust({ Service: 'lambda.amazonaws.com' }) }).decision).toBe('Allow');
    });

    it('trusting the user by ARN allows without an identity policy', () => {
      expect(evaluate(assume(), { identity: [], resource: trust({ AWS: USER.arn! }), resourceRequired: true }).decision).toBe('Allow');
    });

    it('trusting the account needs the identity Allow too', () => {
      expect(evaluate(assume(), { identity: [], resource: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), resourceRequired: true }).decision).toBe('ImplicitDeny');
      expect(evaluate(assume(), { identity: [mayAssume], resource: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), resourceRequired: true }).decision).toBe('Allow');
    });
  });

  it('NotPrincipal with Deny denies everyone but the named principal', () => {
    const only = resourcePolicy(undefined, 'Deny', { NotPrincipal: { AWS: USER.arn! } });
    const allowAll = policy('all', { Effect: 'Allow', Action: '*', Resource: '*' });
    expect(evaluate(invoke(USER), { identity: [allowAll], resource: only }).decision).toBe('Allow');
    expect(evaluate(invoke(SESSION), { identity: [allowAll], resource: only }).decision).toBe('ExplicitDeny');
  });

  it('aws:SourceArn conditions a service principal', () => {
    const p = resourcePolicy({ Service: 'apigateway.amazonaws.com' }, 'Allow', { Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/songs` } } });
    const gateway = { service: 'apigateway.amazonaws.com' };
    expect(evaluate(invoke(gateway, { 'aws:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/songs` }), { identity: [], resource: p }).decision).toBe('Allow');
    expect(evaluate(invoke(gateway, { 'aws:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:other/prod/GET/songs` }), { identity: [], resource: p }).decision).toBe('ImplicitDeny');
  });
});
