import { expect, it } from 'vitest';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { failure } from '../helpers/aws-fixtures.js';
import { describeConformance } from './harness/targets.js';

describeConformance('DynamoDB', (_name, target) => {
  const ddb = () => new DynamoDBClient(target().clientConfig);

  it('create, describe, put, get, delete item, delete table, then ResourceNotFound', async () => {
    const created = await ddb().send(new CreateTableCommand({
      TableName: 'catalog',
      AttributeDefinitions: [{ AttributeName: 'service', AttributeType: 'S' }, { AttributeName: 'version', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'service', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    expect(created.TableDescription?.TableArn).toBe(`arn:aws:dynamodb:${target().region}:${target().accountId}:table/catalog`);
    await waitUntilTableExists({ client: ddb(), maxWaitTime: 30, minDelay: 1 }, { TableName: 'catalog' });
    const described = await ddb().send(new DescribeTableCommand({ TableName: 'catalog' }));
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    expect(described.Table?.KeySchema).toEqual([{ AttributeName: 'service', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }]);
    await ddb().send(new PutItemCommand({ TableName: 'catalog', Item: { service: { S: 'hello' }, version: { S: '1.0' }, endpoint_url: { S: 'notarealurl' } } }));
    const got = await ddb().send(new GetItemCommand({ TableName: 'catalog', Key: { service: { S: 'hello' }, version: { S: '1.0' } } }));
    expect(got.Item?.endpoint_url?.S).toBe('notarealurl');
    await ddb().send(new DeleteItemCommand({ TableName: 'catalog', Key: { service: { S: 'hello' }, version: { S: '1.0' } } }));
    expect((await ddb().send(new GetItemCommand({ TableName: 'catalog', Key: { service: { S: 'hello' }, version: { S: '1.0' } } }))).Item).toBeUndefined();
    await ddb().send(new DeleteTableCommand({ TableName: 'catalog' }));
    // DeleteTable is asynchronous on AWS; a describe soon after may still see DELETING.
    const after = await ddb().send(new DescribeTableCommand({ TableName: 'catalog' })).then((d) => d.Table?.TableStatus, (err: Error) => err.name);
    expect(['ResourceNotFoundException', 'DELETING']).toContain(after);
  });

  it('ResourceInUseException for a table that exists, ResourceNotFound for one that does not', async () => {
    const table = {
      TableName: 'twice',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
      BillingMode: 'PAY_PER_REQUEST' as const,
    };
    await ddb().send(new CreateTableCommand(table));
    expect(await failure(ddb().send(new CreateTableCommand(table)))).toMatchObject({ name: 'ResourceInUseException', status: 400 });
    expect(await failure(ddb().send(new DescribeTableCommand({ TableName: 'absent' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(await failure(ddb().send(new GetItemCommand({ TableName: 'absent', Key: { id: { S: 'x' } } })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
