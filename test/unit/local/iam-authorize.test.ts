// ctx.ports.iam.authorize: the principal behind an access key (root, IAM user, assumed role), its
// policies gathered (inline, customer and AWS managed), the decision and AWS's sentence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CloudContext } from '../../../src/local/context.js';
import { createIamService } from '../../../src/local/iam/index.js';
import type { LocalService } from '../../../src/local/service.js';
import { createStsService } from '../../../src/local/sts/index.js';

const ACCOUNT = '000000000000';
const stateDir = mkdtempSync(join(tmpdir(), 'iam-authorize-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

let now = Date.UTC(2026, 11, 1, 12, 0, 0);
const ctx: CloudContext = {
  accountId: ACCOUNT,
  defaultRegion: 'us-east-1',
  stateDir,
  clock: { now: () => now, sleep: async (ms) => { now += ms; } },
  faults: {},
  credentials: [{ accessKeyId: 'test', secretAccessKey: 'test' }],
  url: 'http://127.0.0.1:0',
  port: 0,
  ports: {},
};
const iam = createIamService(ctx);
const sts = createStsService(ctx);

/** One query-protocol call, as the dispatcher hands it over. */
async function call(service: LocalService, params: Record<string, string>, accessKeyId = 'test'): Promise<string> {
  const response = await service.handle({ method: 'POST', path: '/', rawPath: '/', query: new URLSearchParams(), headers: {}, body: Buffer.from(new URLSearchParams(params).toString()), service: service.name, region: 'us-east-1', accessKeyId });
  return String(response.body);
}
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Music`;
const OTHER = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Other`;
const authorize = (...args: Parameters<NonNullable<typeof ctx.ports.iam>['authorize']>) => ctx.ports.iam!.authorize(...args);

describe('authorize()', () => {
  it('lets the root identity (test/test, no key, or a key the cloud does not know) do anything, unevaluated', () => {
    for (const key of ['test', undefined, 'AKIAUNKNOWNKEY000000']) {
      expect(authorize(key, 'dynamodb:DeleteTable', [TABLE])).toMatchObject({ allowed: true, root: true, principalArn: `arn:aws:iam::${ACCOUNT}:root` });
    }
  });

  let userKey = '';
  it('denies an IAM user without policies in AWS words', async () => {
    await call(iam, { Action: 'CreateUser', UserName: 'carol' });
    userKey = tag(await call(iam, { Action: 'CreateAccessKey', UserName: 'carol' }), 'AccessKeyId');
    expect(ctx.ports.iam!.resolvePrincipal(userKey)).toMatchObject({ kind: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/carol` });
    const result = authorize(userKey, 'lambda:ListFunctions', ['*']);
    expect(result).toMatchObject({ allowed: false, decision: 'ImplicitDeny', root: false });
    expect(result.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/carol is not authorized to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the lambda:ListFunctions action`);
  });

  it('allows through an inline policy and names it; an explicit Deny in a customer policy wins', async () => {
    await call(iam, { Action: 'PutUserPolicy', UserName: 'carol', PolicyName: 'tables', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:*:*:table/*` }) });
    expect(authorize(userKey, 'dynamodb:PutItem', [TABLE])).toMatchObject({ allowed: true, statement: { policyName: 'tables', index: 0 } });
    const created = await call(iam, { Action: 'CreatePolicy', PolicyName: 'NoOther', PolicyDocument: doc({ Sid: 'NoOther', Effect: 'Deny', Action: 'dynamodb:*', Resource: OTHER }) });
    await call(iam, { Action: 'AttachUserPolicy', UserName: 'carol', PolicyArn: tag(created, 'Arn') });
    const denied = authorize(userKey, 'dynamodb:PutItem', [OTHER]);
    expect(denied).toMatchObject({ allowed: false, decision: 'ExplicitDeny', statement: { policyName: `arn:aws:iam::${ACCOUNT}:policy/NoOther`, sid: 'NoOther' } });
    expect(denied.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/carol is not authorized to perform: dynamodb:PutItem on resource: ${OTHER} with an explicit deny in an identity-based policy`);
  });

  it('reports the first refused resource of several (BatchWriteItem across tables)', () => {
    expect(authorize(userKey, 'dynamodb:BatchWriteItem', [TABLE, OTHER])).toMatchObject({ allowed: false, resource: OTHER });
  });

  it('sets aws:username and the other global keys, so ${aws:username} and conditions work', async () => {
    await call(iam, { Action: 'PutUserPolicy', UserName: 'carol', PolicyName: 'own', PolicyDocument: doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:*:*:function:\${aws:username}-*`, Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } }) });
    expect(authorize(userKey, 'lambda:InvokeFunction', [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:carol-tools`]).allowed).toBe(true);
    expect(authorize(userKey, 'lambda:InvokeFunction', [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:dave-tools`]).allowed).toBe(false);
  });

  it('honours a caller-supplied condition key (aws:SourceArn)', async () => {
    await call(iam, { Action: 'PutUserPolicy', UserName: 'carol', PolicyName: 'events', PolicyDocument: doc({ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:*:function:carol-*' } } }) });
    expect(authorize(userKey, 'events:PutEvents', ['*'], { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:carol-a` }).allowed).toBe(true);
    expect(authorize(userKey, 'events:PutEvents', ['*'], { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:x` }).allowed).toBe(false);
  });

  it('resolves an assumed-role session to its role and evaluates the role policies (AWS managed included)', async () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await call(iam, { Action: 'CreateRole', RoleName: 'music-role', Path: '/app/', AssumeRolePolicyDocument: trust });
    await call(iam, { Action: 'PutRolePolicy', RoleName: 'music-role', PolicyName: 'music', PolicyDocument: doc({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE }) });
    await call(iam, { Action: 'AttachRolePolicy', RoleName: 'music-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' });
    const assumed = await call(sts, { Action: 'AssumeRole', RoleArn: `arn:aws:iam::${ACCOUNT}:role/app/music-role`, RoleSessionName: 'music-fn' });
    const key = tag(assumed, 'AccessKeyId');
    expect(key).toMatch(/^ASIA/);
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/music-role/music-fn`;
    expect(ctx.ports.iam!.resolvePrincipal(key)).toMatchObject({ kind: 'assumed-role', arn: session });
    expect(authorize(key, 'dynamodb:PutItem', [TABLE]).allowed).toBe(true);
    expect(authorize(key, 'logs:PutLogEvents', [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/music-fn:log-stream:x`]).allowed).toBe(true);
    const denied = authorize(key, 'dynamodb:CreateTable', [OTHER]);
    expect(denied.message).toBe(`User: ${session} is not authorized to perform: dynamodb:CreateTable on resource: ${OTHER} because no identity-based policy allows the dynamodb:CreateTable action`);
  });

  it('evaluates a resource policy given by the caller (a Lambda function policy naming the role)', async () => {
    const key = tag(await call(sts, { Action: 'AssumeRole', RoleArn: `arn:aws:iam::${ACCOUNT}:role/app/music-role`, RoleSessionName: 'other' }), 'AccessKeyId');
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:songs`;
    const resourcePolicy = { name: 'songs-policy', document: { Version: '2012-10-17', Statement: [{ Sid: 'role', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app/music-role` }, Action: 'lambda:InvokeFunction', Resource: fn }] } };
    expect(authorize(key, 'lambda:InvokeFunction', [fn], {}, { resourcePolicy })).toMatchObject({ allowed: true, policyType: 'resource', statement: { policyName: 'songs-policy', sid: 'role' } });
    expect(authorize(key, 'lambda:InvokeFunction', [fn]).allowed).toBe(false);
  });

  it('an IAM user key is a credential the signature checks can verify; a deleted key is not', async () => {
    const secret = tag(await call(iam, { Action: 'CreateAccessKey', UserName: 'carol' }), 'SecretAccessKey');
    const keys = [...(await call(iam, { Action: 'ListAccessKeys', UserName: 'carol' })).matchAll(/<AccessKeyId>([^<]+)</g)].map((m) => m[1]!);
    const second = keys.find((k) => k !== userKey)!;
    expect(ctx.ports.iam!.findAccessKey(second)).toMatchObject({ secretAccessKey: secret, arn: `arn:aws:iam::${ACCOUNT}:user/carol` });
    await call(iam, { Action: 'DeleteAccessKey', UserName: 'carol', AccessKeyId: second });
    expect(ctx.ports.iam!.findAccessKey(second)).toBeUndefined();
    // A key the cloud no longer knows is the account owner again (see the issue).
    expect(authorize(second, 'dynamodb:DeleteTable', [OTHER]).root).toBe(true);
  });
});
