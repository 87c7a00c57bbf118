import { describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { signedFetch } from '../../helpers/signed-fetch.js';

describe('local cloud server', () => {
  let cloud: TestCloud;
  useTestCloud({}, (started) => {
    cloud = started;
  });

  it('answers health with the services it serves', async () => {
    const res = await fetch(`${cloud.url}/_local/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: string[] };
    expect(body.services).toEqual(expect.arrayContaining(['iam', 'lambda', 'apigateway', 'dynamodb', 'execute-api']));
  });

  it('serves DynamoDB through dynalite and records the calls', async () => {
    const ddb = new DynamoDBClient(cloud.clientConfig);
    await ddb.send(new CreateTableCommand({
      TableName: 'table1',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    // As on AWS, a new table is CREATING until it is not: wait as a client must.
    await waitUntilTableExists({ client: ddb, maxWaitTime: 10, minDelay: 1 }, { TableName: 'table1' });
    await ddb.send(new PutItemCommand({ TableName: 'table1', Item: { id: { S: 'a' }, v: { N: '1' } } }));
    const got = await ddb.send(new GetItemCommand({ TableName: 'table1', Key: { id: { S: 'a' } } }));
    expect(got.Item?.v?.N).toBe('1');
    const calls = (await (await fetch(`${cloud.url}/_local/calls`)).json()) as { calls: { service: string; operation: string; status: number }[] };
    const operations = calls.calls.filter((c) => c.service === 'dynamodb').map((c) => c.operation);
    // The waiter polls DescribeTable once or more, depending on when the table turned ACTIVE.
    expect(operations.filter((op) => op !== 'DescribeTable')).toEqual(['CreateTable', 'PutItem', 'GetItem']);
    expect(operations[1]).toBe('DescribeTable');
  });

  it('answers an unknown service with a clear error and keeps serving', async () => {
    const res = await signedFetch(cloud.url, { service: 's3', path: '/' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownServiceException');
    expect((await fetch(`${cloud.url}/_local/health`)).status).toBe(200);
  });
});
