// DynamoDB tables (on-demand) and their TTL. Tables hold data: deleted only with --delete-data.
import { CreateTableCommand, DeleteTableCommand, UpdateTimeToLiveCommand, waitUntilTableExists, waitUntilTableNotExists, type TableDescription } from '@aws-sdk/client-dynamodb';
import { createOrAdopt, nothingToRemove, type KindHandler } from './context.js';

export const table: KindHandler<'table'> = {
  async apply(r, _step, { aws }) {
    const keys = [r.partitionKey, ...(r.sortKey ? [r.sortKey] : [])];
    const made = await createOrAdopt(
      () => aws.call('dynamodb:CreateTable', r.name, () => aws.dynamodb.send(new CreateTableCommand({
        TableName: r.name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
        Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
      }))),
      async () => ({ TableDescription: undefined as TableDescription | undefined }),
    );
    if (made.TableDescription?.TableStatus !== 'ACTIVE') {
      await aws.call('dynamodb:DescribeTable', `${r.name} (waiting until it exists)`, () => waitUntilTableExists({ client: aws.dynamodb, ...aws.waiter }, { TableName: r.name }));
    }
    return { arn: r.arn, name: r.name };
  },
  async remove(o, { aws }) {
    await aws.remove('dynamodb:DeleteTable', o.name, () => aws.dynamodb.send(new DeleteTableCommand({ TableName: o.name })));
    // A table stays DELETING for a while; a teardown is done when it is gone, so that a deploy
    // right after it can make the table again.
    await aws.call('dynamodb:DescribeTable', `${o.name} (waiting until it is deleted)`, () => waitUntilTableNotExists({ client: aws.dynamodb, ...aws.waiter }, { TableName: o.name }));
  },
};

export const tableTtl: KindHandler<'tableTtl'> = {
  async apply(r, _step, { aws }) {
    await aws.call('dynamodb:UpdateTimeToLive', r.tableName, () => aws.dynamodb.send(new UpdateTimeToLiveCommand({
      TableName: r.tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: r.attribute },
    })));
  },
  remove: nothingToRemove, // goes with its table
};
