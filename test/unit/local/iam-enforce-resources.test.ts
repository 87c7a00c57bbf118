// The action and resource ARNs each enforced operation is authorized against, as AWS does.
import { describe, expect, it } from 'vitest';
import { dynamodbPermissions } from '../../../src/local/iam/enforce/dynamodb.js';
import { lambdaPermission } from '../../../src/local/iam/enforce/lambda.js';

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

describe('Lambda permissions', () => {
  const fn = `arn:aws:lambda:eu-west-1:${A}:function:songs`;
  it.each([
    { method: 'GET', path: '/2015-03-31/functions/', query: '', expected: { action: 'lambda:ListFunctions', resources: ['*'] } },
    { method: 'POST', path: '/2015-03-31/functions/songs/invocations', query: '', expected: { action: 'lambda:InvokeFunction', resources: [fn] } },
    { method: 'POST', path: `/2015-03-31/functions/${fn}/invocations`, query: 'Qualifier=live', expected: { action: 'lambda:InvokeFunction', resources: [`${fn}:live`] } },
    { method: 'POST', path: '/2015-03-31/functions/songs:3/invocations', query: '', expected: { action: 'lambda:InvokeFunction', resources: [`${fn}:3`] } },
    { method: 'GET', path: '/2015-03-31/functions/songs', query: '', expected: undefined },
  ])('$method $path $query', ({ method, path, query, expected }) => {
    expect(lambdaPermission(method, path, new URLSearchParams(query), 'eu-west-1', A)).toEqual(expected);
  });
});
