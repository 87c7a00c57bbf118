// DynamoDB, as the engine uses it. A table is made or deleted when it is ACTIVE or gone, not
// while CREATING/DELETING, so a deploy right after a teardown can make it again.
import {
  CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, GetItemCommand, ListTablesCommand,
  ListTagsOfResourceCommand, PutItemCommand, UpdateItemCommand, UpdateTimeToLiveCommand,
  paginateListTables, waitUntilTableExists, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { service } from './service.js';

export const dynamodb = service({
  client: (aws) => aws.dynamodb,
  operations: {
    CreateTable: CreateTableCommand, DeleteTable: DeleteTableCommand, DescribeTable: DescribeTableCommand,
    DescribeTimeToLive: DescribeTimeToLiveCommand, ListTables: ListTablesCommand, ListTagsOfResource: ListTagsOfResourceCommand,
    UpdateTimeToLive: UpdateTimeToLiveCommand,
    // The stage lock's items (deploy/lock): conditional writes are what makes it a lock.
    PutItem: PutItemCommand, GetItem: GetItemCommand, UpdateItem: UpdateItemCommand, DeleteItem: DeleteItemCommand,
  },
  paginators: { ListTables: paginateListTables },
  after: {
    async CreateTable(aws, input, out) {
      if (out.TableDescription?.TableStatus === 'ACTIVE' || !input.TableName) return;
      await aws.call('dynamodb:DescribeTable', `${input.TableName} (waiting until it exists)`, () => waitUntilTableExists({ client: aws.dynamodb, ...aws.waiter }, { TableName: input.TableName }));
    },
    async DeleteTable(aws, input) {
      if (!input.TableName) return;
      await aws.call('dynamodb:DescribeTable', `${input.TableName} (waiting until it is deleted)`, () => waitUntilTableNotExists({ client: aws.dynamodb, ...aws.waiter }, { TableName: input.TableName }));
    },
  },
});
