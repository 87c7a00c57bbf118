// IAM enforcement (startLocalCloud({ iam: 'enforce' })) with the AWS CLI as the client: an IAM
// user's calls to Lambda and DynamoDB are evaluated against its policies; root keeps full access.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const exec = promisify(execFile);
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('IAM enforcement in the local cloud (AWS CLI)', () => {
  let cloud: TestCloud;
  let userEnv: NodeJS.ProcessEnv;
  let user = '';
  useTestCloud({ iam: 'enforce' }, async (started) => {
    cloud = started;
    user = `arn:aws:iam::${cloud.ctx.accountId}:user/dev`;
    await exec('aws', ['iam', 'create-user', '--user-name', 'dev'], { env: cloud.env });
    const key = JSON.parse((await exec('aws', ['iam', 'create-access-key', '--user-name', 'dev'], { env: cloud.env })).stdout).AccessKey;
    userEnv = { ...cloud.env, AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
  });
  const root = (...args: string[]) => exec('aws', args, { env: cloud.env });
  const asUser = (...args: string[]) => exec('aws', args, { env: userEnv });
  const userFailure = (...args: string[]) => asUser(...args).then(() => { throw new Error(`aws ${args.join(' ')} succeeded`); }, (err: { stderr: string }) => err.stderr.trim());
  const putPolicy = (name: string, document: string) => root('iam', 'put-user-policy', '--user-name', 'dev', '--policy-name', name, '--policy-document', document);

  it('refuses lambda list-functions to a user without a policy, in AWS words', async () => {
    expect(await userFailure('lambda', 'list-functions')).toBe(`An error occurred (AccessDeniedException) when calling the ListFunctions operation: User: ${user} is not authorized to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the lambda:ListFunctions action`);
    // The account's own keys (test/test) are the root identity: never refused.
    expect(JSON.parse((await root('lambda', 'list-functions')).stdout)).toEqual({ Functions: [] });
  });

  it('serves it once a policy allows it', async () => {
    await putPolicy('list', doc({ Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' }));
    expect(JSON.parse((await asUser('lambda', 'list-functions')).stdout)).toEqual({ Functions: [] });
  });

  it('lets an explicit Deny win over the Allow', async () => {
    await putPolicy('deny', doc({ Effect: 'Deny', Action: 'lambda:List*', Resource: '*' }));
    expect(await userFailure('lambda', 'list-functions')).toContain(`User: ${user} is not authorized to perform: lambda:ListFunctions on resource: * with an explicit deny in an identity-based policy`);
    await root('iam', 'delete-user-policy', '--user-name', 'dev', '--policy-name', 'deny');
  });

  it('authorizes Invoke on the function ARN, and a condition on aws:SourceArn is honoured (a direct call carries none)', async () => {
    const fn = (name: string) => `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:${name}`;
    expect(await userFailure('lambda', 'invoke', '--function-name', 'songs', '/dev/null')).toContain(`User: ${user} is not authorized to perform: lambda:InvokeFunction on resource: ${fn('songs')} because no identity-based policy allows the lambda:InvokeFunction action`);
    await putPolicy('invoke-from-rule', doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn('*'), Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:*:${cloud.ctx.accountId}:rule/*` } } }));
    expect(await userFailure('lambda', 'invoke', '--function-name', 'songs', '/dev/null')).toContain('because no identity-based policy allows the lambda:InvokeFunction action');
    await putPolicy('invoke', doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn('songs*') }));
    // Authorized: Lambda itself now answers (the function does not exist).
    expect(await userFailure('lambda', 'invoke', '--function-name', 'songs', '/dev/null')).toContain('(ResourceNotFoundException)');
    // A qualified invocation is authorized on the qualified ARN.
    expect(await userFailure('lambda', 'invoke', '--function-name', 'other', '--qualifier', 'live', '/dev/null')).toContain(`on resource: ${fn('other:live')}`);
  });

  it('honours NotResource on DynamoDB: every table but Secret', async () => {
    for (const table of ['Music', 'Secret']) {
      await root('dynamodb', 'create-table', '--table-name', table, '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH', '--billing-mode', 'PAY_PER_REQUEST');
    }
    await putPolicy('tables', doc({ Effect: 'Allow', Action: 'dynamodb:*', NotResource: `arn:aws:dynamodb:*:*:table/Secret` }));
    await asUser('dynamodb', 'put-item', '--table-name', 'Music', '--item', '{"id":{"S":"1"}}');
    expect(JSON.parse((await asUser('dynamodb', 'scan', '--table-name', 'Music')).stdout).Count).toBe(1);
    const secret = `arn:aws:dynamodb:us-east-1:${cloud.ctx.accountId}:table/Secret`;
    expect(await userFailure('dynamodb', 'scan', '--table-name', 'Secret')).toBe(`An error occurred (AccessDeniedException) when calling the Scan operation: User: ${user} is not authorized to perform: dynamodb:Scan on resource: ${secret} because no identity-based policy allows the dynamodb:Scan action`);
    const batch = JSON.stringify({ Music: [{ PutRequest: { Item: { id: { S: '2' } } } }], Secret: [{ PutRequest: { Item: { id: { S: '2' } } } }] });
    expect(await userFailure('dynamodb', 'batch-write-item', '--request-items', batch)).toContain(`dynamodb:BatchWriteItem on resource: ${secret}`);
    // Nothing of the refused batch was written.
    expect(JSON.parse((await root('dynamodb', 'scan', '--table-name', 'Music')).stdout).Count).toBe(1);
  });

  it('records each decision with the principal, action, resource and the deciding statement', () => {
    const decisions = cloud.ctx.ports.iamEnforcement!.decisions();
    expect(decisions.find((d) => d.action === 'dynamodb:PutItem')).toMatchObject({ allowed: true, principalArn: user, statement: { policyName: 'tables', index: 0 }, service: 'dynamodb', mode: 'enforce' });
    expect(decisions.some((d) => d.action === 'lambda:ListFunctions' && d.decision === 'ExplicitDeny')).toBe(true);
  });

  it('honours dynamodb:LeadingKeys: a user may touch only the items keyed by its own name', async () => {
    await root('iam', 'delete-user-policy', '--user-name', 'dev', '--policy-name', 'tables');
    await putPolicy('own-items', doc({
      Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:*:*:table/Music`,
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } },
    }));
    await asUser('dynamodb', 'put-item', '--table-name', 'Music', '--item', '{"id":{"S":"dev"}}');
    expect(await userFailure('dynamodb', 'put-item', '--table-name', 'Music', '--item', '{"id":{"S":"other"}}')).toContain('is not authorized to perform: dynamodb:PutItem');
    expect(JSON.parse((await asUser('dynamodb', 'get-item', '--table-name', 'Music', '--key', '{"id":{"S":"dev"}}')).stdout).Item).toEqual({ id: { S: 'dev' } });
    const query = (value: string) => ['dynamodb', 'query', '--table-name', 'Music', '--key-condition-expression', '#k = :v', '--expression-attribute-names', '{"#k":"id"}', '--expression-attribute-values', JSON.stringify({ ':v': { S: value } })];
    expect(JSON.parse((await asUser(...query('dev'))).stdout).Count).toBe(1);
    expect(await userFailure(...query('other'))).toContain('is not authorized to perform: dynamodb:Query');
  });

  it('honours dynamodb:Attributes: a user may write and read only the attributes a policy names', async () => {
    await root('iam', 'delete-user-policy', '--user-name', 'dev', '--policy-name', 'own-items');
    await putPolicy('columns', doc({
      Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: `arn:aws:dynamodb:*:*:table/Music`,
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['id', 'title'] } },
    }));
    await asUser('dynamodb', 'put-item', '--table-name', 'Music', '--item', '{"id":{"S":"a"},"title":{"S":"t"}}');
    expect(await userFailure('dynamodb', 'put-item', '--table-name', 'Music', '--item', '{"id":{"S":"b"},"price":{"N":"1"}}')).toContain('is not authorized to perform: dynamodb:PutItem');
    const get = (projection: string) => ['dynamodb', 'get-item', '--table-name', 'Music', '--key', '{"id":{"S":"a"}}', '--projection-expression', projection];
    expect(JSON.parse((await asUser(...get('title'))).stdout).Item).toEqual({ title: { S: 't' } });
    expect(await userFailure(...get('price'))).toContain('is not authorized to perform: dynamodb:GetItem');
  });
});

describe("IAM in 'audit' mode", () => {
  let cloud: TestCloud;
  useTestCloud({ iam: 'audit' }, (started) => {
    cloud = started;
  });

  it('serves what enforcement would refuse, and records the would-be denial', async () => {
    await exec('aws', ['iam', 'create-user', '--user-name', 'auditor'], { env: cloud.env });
    const key = JSON.parse((await exec('aws', ['iam', 'create-access-key', '--user-name', 'auditor'], { env: cloud.env })).stdout).AccessKey;
    const env = { ...cloud.env, AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
    expect(JSON.parse((await exec('aws', ['lambda', 'list-functions'], { env })).stdout)).toEqual({ Functions: [] });
    expect(cloud.ctx.ports.iamEnforcement!.decisions()).toMatchObject([{ allowed: false, decision: 'ImplicitDeny', action: 'lambda:ListFunctions', mode: 'audit' }]);
  });
});
