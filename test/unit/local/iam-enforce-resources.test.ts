// The action and resource ARNs each enforced operation is authorized against, as AWS does.
import { describe, expect, it } from 'vitest';
import { dynamodbPermissions } from '../../../src/local/iam/enforce/dynamodb.js';
import { apigatewayPermissions } from '../../../src/local/iam/enforce/apigateway.js';
import { eventsPermissions } from '../../../src/local/iam/enforce/events.js';
import { iamPermissions } from '../../../src/local/iam/enforce/iam.js';
import { lambdaPermissions } from '../../../src/local/iam/enforce/lambda.js';
import { logsPermissions } from '../../../src/local/iam/enforce/logs.js';
import type { OperationCall } from '../../../src/local/iam/enforce/permission.js';
import { stsPermissions } from '../../../src/local/iam/enforce/sts.js';

const A = '000000000000';
const table = (name: string) => `arn:aws:dynamodb:eu-west-1:${A}:table/${name}`;
const ddb = (operation: string, body: Record<string, unknown>) => dynamodbPermissions(operation, body, 'eu-west-1', A);

describe('DynamoDB permissions', () => {
  it.each([
    { op: 'PutItem', body: { TableName: 'Music' }, expected: [{ action: 'dynamodb:PutItem', resources: [table('Music')] }] },
    { op: 'Query', body: { TableName: 'Music', IndexName: 'byArtist' }, expected: [{ action: 'dynamodb:Query', resources: [`${table('Music')}/index/byArtist`] }] },
    { op: 'Scan', body: { TableName: 'Music' }, expected: [{ action: 'dynamodb:Scan', resources: [table('Music')] }] },
    { op: 'ListTables', body: {}, expected: [{ action: 'dynamodb:ListTables', resources: ['*'] }] },
    { op: 'BatchGetItem', body: { RequestItems: { Music: {}, Other: {} } }, expected: [{ action: 'dynamodb:BatchGetItem', resources: [table('Music'), table('Other')] }] },
    {
      op: 'TransactWriteItems',
      body: { TransactItems: [{ Put: { TableName: 'Music' } }, { Update: { TableName: 'Other' } }, { ConditionCheck: { TableName: 'Music' } }, { Put: { TableName: 'Other' } }] },
      expected: [
        { action: 'dynamodb:PutItem', resources: [table('Music'), table('Other')] },
        { action: 'dynamodb:UpdateItem', resources: [table('Other')] },
        { action: 'dynamodb:ConditionCheckItem', resources: [table('Music')] },
      ],
    },
    { op: 'TransactGetItems', body: { TransactItems: [{ Get: { TableName: 'Music' } }] }, expected: [{ action: 'dynamodb:GetItem', resources: [table('Music')] }] },
    { op: 'ExecuteStatement', body: { Statement: 'SELECT * FROM "Music" WHERE id = ?' }, expected: [{ action: 'dynamodb:PartiQLSelect', resources: [table('Music')] }] },
    { op: 'ExecuteStatement', body: { Statement: "INSERT INTO Music VALUE {'id': '1'}" }, expected: [{ action: 'dynamodb:PartiQLInsert', resources: [table('Music')] }] },
  ])('$op', ({ op, body, expected }) => {
    expect(ddb(op, body)).toEqual(expected);
  });
});

const call = (operation: string, input: Record<string, unknown>, extra: Partial<OperationCall> = {}): OperationCall => ({
  operation, input, region: 'eu-west-1', accountId: A, method: 'POST', path: '/', ...extra,
});

describe('Lambda permissions', () => {
  const fn = `arn:aws:lambda:eu-west-1:${A}:function:songs`;
  it.each([
    { op: 'ListFunctions', input: {}, expected: [{ action: 'lambda:ListFunctions', resources: ['*'] }] },
    { op: 'Invoke', input: { FunctionName: 'songs' }, expected: [{ action: 'lambda:InvokeFunction', resources: [fn] }] },
    { op: 'Invoke', input: { FunctionName: fn, Qualifier: 'live' }, expected: [{ action: 'lambda:InvokeFunction', resources: [`${fn}:live`] }] },
    { op: 'Invoke', input: { FunctionName: 'songs:3' }, expected: [{ action: 'lambda:InvokeFunction', resources: [`${fn}:3`] }] },
    { op: 'GetFunctionConfiguration', input: { FunctionName: `${A}:function:songs` }, expected: [{ action: 'lambda:GetFunctionConfiguration', resources: [fn] }] },
    // Alias operations are authorized on the function, not on the alias.
    { op: 'UpdateAlias', input: { FunctionName: 'songs', Name: 'live' }, expected: [{ action: 'lambda:UpdateAlias', resources: [fn] }] },
    { op: 'TagResource', input: { Resource: fn }, expected: [{ action: 'lambda:TagResource', resources: [fn] }] },
    {
      op: 'CreateFunction', input: { FunctionName: 'songs', Role: `arn:aws:iam::${A}:role/songs` },
      expected: [{ action: 'lambda:CreateFunction', resources: [fn] }, { action: 'iam:PassRole', resources: [`arn:aws:iam::${A}:role/songs`] }],
    },
  ])('$op $input', ({ op, input, expected }) => {
    expect(lambdaPermissions(call(op, input))).toEqual(expected);
  });
});

describe('API Gateway, Logs, EventBridge, IAM and STS permissions', () => {
  it('API Gateway: the HTTP verb on the resource path', () => {
    expect(apigatewayPermissions(call('GetRestApi', {}, { method: 'GET', path: '/restapis/abc' })))
      .toEqual([{ action: 'apigateway:GET', resources: ['arn:aws:apigateway:eu-west-1::/restapis/abc'] }]);
  });

  it.each([
    { op: 'CreateLogGroup', input: { logGroupName: '/aws/lambda/f' }, resource: `arn:aws:logs:eu-west-1:${A}:log-group:/aws/lambda/f:*` },
    { op: 'PutLogEvents', input: { logGroupName: 'g', logStreamName: 's' }, resource: `arn:aws:logs:eu-west-1:${A}:log-group:g:log-stream:s` },
    { op: 'FilterLogEvents', input: { logGroupIdentifier: `arn:aws:logs:eu-west-1:${A}:log-group:g` }, resource: `arn:aws:logs:eu-west-1:${A}:log-group:g:*` },
    { op: 'DescribeLogGroups', input: {}, resource: `arn:aws:logs:eu-west-1:${A}:log-group:*` },
  ])('Logs $op', ({ op, input, resource }) => {
    expect(logsPermissions(call(op, input))).toEqual([{ action: `logs:${op}`, resources: [resource] }]);
  });

  it.each([
    { op: 'PutRule', input: { Name: 'tick' }, resources: [`arn:aws:events:eu-west-1:${A}:rule/tick`] },
    { op: 'PutTargets', input: { Rule: 'tick', EventBusName: 'orders' }, resources: [`arn:aws:events:eu-west-1:${A}:rule/orders/tick`] },
    { op: 'PutEvents', input: { Entries: [{ Source: 'a' }, { EventBusName: 'orders' }] }, resources: [`arn:aws:events:eu-west-1:${A}:event-bus/default`, `arn:aws:events:eu-west-1:${A}:event-bus/orders`] },
    { op: 'ListRules', input: {}, resources: ['*'] },
  ])('EventBridge $op', ({ op, input, resources }) => {
    expect(eventsPermissions(call(op, input))).toEqual([{ action: `events:${op}`, resources }]);
  });

  it('IAM: the role or user ARN with its path, the caller\'s own user when UserName is left out', () => {
    const lookup = { arnOf: (kind: 'role' | 'user', name: string) => (kind === 'role' && name === 'app' ? `arn:aws:iam::${A}:role/service/app` : undefined) };
    expect(iamPermissions(call('PutRolePolicy', { RoleName: 'app' }), lookup)).toEqual([{ action: 'iam:PutRolePolicy', resources: [`arn:aws:iam::${A}:role/service/app`] }]);
    expect(iamPermissions(call('CreateAccessKey', {}, { callerUserName: 'bob' }), lookup)).toEqual([{ action: 'iam:CreateAccessKey', resources: [`arn:aws:iam::${A}:user/bob`] }]);
    expect(iamPermissions(call('ListRoles', {}), lookup)).toEqual([{ action: 'iam:ListRoles', resources: ['*'] }]);
  });

  it('STS: AssumeRole on the role; GetCallerIdentity needs no permission', () => {
    expect(stsPermissions(call('AssumeRole', { RoleArn: `arn:aws:iam::${A}:role/r` }))).toEqual([{ action: 'sts:AssumeRole', resources: [`arn:aws:iam::${A}:role/r`] }]);
    expect(stsPermissions(call('GetCallerIdentity', {}))).toEqual([]);
  });
});
