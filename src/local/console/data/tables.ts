// DynamoDB tables through the in-process port: list and describe, scan a page, query by key, put
// and delete an item. Items travel in DynamoDB JSON, so what the page writes is exactly what it read.
import type { CloudContext } from '../../context.js';
import type { DynamoDbPort } from '../../ports.js';
import type { Item } from './attribute-value.js';
import type { ItemsPage, TableView } from '../views.js';
import { ConsoleRequestError } from '../http.js';

interface Described {
  Table: {
    TableName: string;
    TableStatus: string;
    ItemCount?: number;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  };
}

const PAGE_LIMIT = 100;

function port(ctx: CloudContext): DynamoDbPort {
  const dynamodb = ctx.ports.dynamodb;
  if (!dynamodb) throw new ConsoleRequestError(503, 'ServiceUnavailable', 'DynamoDB is not running in this local cloud.');
  return dynamodb;
}

export async function listTables(ctx: CloudContext): Promise<TableView[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await port(ctx).call<{ TableNames: string[]; LastEvaluatedTableName?: string }>('ListTables', start ? { ExclusiveStartTableName: start } : {});
    names.push(...page.TableNames);
    start = page.LastEvaluatedTableName;
  } while (start);
  return Promise.all(names.map((name) => describeTable(ctx, name)));
}

export async function describeTable(ctx: CloudContext, name: string): Promise<TableView> {
  const { Table: table } = await port(ctx).call<Described>('DescribeTable', { TableName: name });
  const typeOf = (attribute: string) => table.AttributeDefinitions.find((d) => d.AttributeName === attribute)?.AttributeType ?? 'S';
  const keySchema = table.KeySchema.map((k) => ({ name: k.AttributeName, type: typeOf(k.AttributeName), role: k.KeyType }));
  return {
    name: table.TableName,
    status: table.TableStatus,
    itemCount: table.ItemCount ?? 0,
    keySchema,
    catalog: isCatalogSchema(keySchema),
  };
}

/** The discovery catalog's key schema: partition key `name`, sort key `version`, both strings. */
export function isCatalogSchema(keySchema: TableView['keySchema']): boolean {
  const hash = keySchema.find((k) => k.role === 'HASH');
  const range = keySchema.find((k) => k.role === 'RANGE');
  return hash?.name === 'name' && hash.type === 'S' && range?.name === 'version' && range.type === 'S';
}

export async function scanItems(ctx: CloudContext, table: string, start: string | undefined): Promise<ItemsPage> {
  const page = await port(ctx).call<{ Items: Item[]; LastEvaluatedKey?: Item }>('Scan', {
    TableName: table,
    Limit: PAGE_LIMIT,
    ...(start ? { ExclusiveStartKey: decodeStart(start) } : {}),
  });
  return { items: page.Items, next: page.LastEvaluatedKey ? encodeStart(page.LastEvaluatedKey) : undefined };
}

export interface ItemQuery {
  /** The partition key's value, as text (a number's digits for an N key). */
  partition: string;
  /** Optional condition on the sort key. */
  sort?: { op: '=' | '<' | '<=' | '>' | '>=' | 'begins_with'; value: string };
  start?: string;
}

export async function queryItems(ctx: CloudContext, table: string, query: ItemQuery): Promise<ItemsPage> {
  if (typeof query.partition !== 'string' || query.partition === '') throw new ConsoleRequestError(400, 'ValidationException', 'Give the partition key value to query.');
  const described = await describeTable(ctx, table);
  const hash = described.keySchema.find((k) => k.role === 'HASH')!;
  const range = described.keySchema.find((k) => k.role === 'RANGE');
  const names: Record<string, string> = { '#pk': hash.name };
  const values: Item = { ':pk': { [hash.type]: query.partition } };
  let condition = '#pk = :pk';
  if (query.sort && query.sort.value !== '') {
    if (!range) throw new ConsoleRequestError(400, 'ValidationException', `Table ${table} has no sort key.`);
    const ops = ['=', '<', '<=', '>', '>=', 'begins_with'];
    if (!ops.includes(query.sort.op)) throw new ConsoleRequestError(400, 'ValidationException', `The sort key condition must be one of ${ops.join(', ')}.`);
    names['#sk'] = range.name;
    values[':sk'] = { [range.type]: query.sort.value };
    condition += query.sort.op === 'begins_with' ? ' AND begins_with(#sk, :sk)' : ` AND #sk ${query.sort.op} :sk`;
  }
  const page = await port(ctx).call<{ Items: Item[]; LastEvaluatedKey?: Item }>('Query', {
    TableName: table,
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    Limit: PAGE_LIMIT,
    ...(query.start ? { ExclusiveStartKey: decodeStart(query.start) } : {}),
  });
  return { items: page.Items, next: page.LastEvaluatedKey ? encodeStart(page.LastEvaluatedKey) : undefined };
}

export async function putItem(ctx: CloudContext, table: string, item: unknown): Promise<void> {
  if (!isItem(item)) throw new ConsoleRequestError(400, 'ValidationException', 'The item must be an object of DynamoDB JSON attribute values, e.g. {"name": {"S": "x"}}.');
  await port(ctx).call('PutItem', { TableName: table, Item: item });
}

export async function deleteItem(ctx: CloudContext, table: string, key: unknown): Promise<void> {
  if (!isItem(key)) throw new ConsoleRequestError(400, 'ValidationException', 'The key must be an object of DynamoDB JSON attribute values.');
  await port(ctx).call('DeleteItem', { TableName: table, Key: key });
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.values(value).every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
}

const encodeStart = (key: Item) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeStart(start: string): Item {
  try {
    const key: unknown = JSON.parse(Buffer.from(start, 'base64url').toString('utf8'));
    if (isItem(key)) return key;
  } catch {
    // falls through to the error
  }
  throw new ConsoleRequestError(400, 'ValidationException', 'The start token is not one this console gave.');
}
