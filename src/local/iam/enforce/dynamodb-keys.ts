// The DynamoDB condition keys of fine-grained access: `dynamodb:LeadingKeys`, the partition-key
// values an item operation (GetItem, PutItem, UpdateItem, DeleteItem) or a Query touches ("only
// items whose key is my user id"), and `dynamodb:Attributes`, the attribute names a request writes
// or asks for ("only these columns"). The partition key's name comes from the table's
// key schema, read in process and kept a few seconds (forgotten at once when a table is created or
// deleted through a checked call; the root's calls are not checked, hence the lifetime).
import type { DynamoDbPort } from '../../ports.js';

type Body = Record<string, unknown>;
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

const ITEM_FIELD: Record<string, 'Key' | 'Item'> = { GetItem: 'Key', DeleteItem: 'Key', UpdateItem: 'Key', PutItem: 'Item' };

/** A DynamoDB attribute value's scalar as text ({"S": "a"} -> "a", {"N": "1"} -> "1"). */
function scalar(value: unknown): string | undefined {
  const typed = record(value);
  for (const type of ['S', 'N', 'B']) if (typeof typed[type] === 'string') return typed[type] as string;
  return undefined;
}

/** `pk = :v` or `#pk = :v` (either order) in a KeyConditionExpression. */
function queriedValue(body: Body, hashKey: string): string | undefined {
  const names = record(body.ExpressionAttributeNames);
  const values = record(body.ExpressionAttributeValues);
  const expression = typeof body.KeyConditionExpression === 'string' ? body.KeyConditionExpression : '';
  for (const [, left, right] of expression.matchAll(/([#:]?[\w.]+)\s*=\s*([#:]?[\w.]+)/g)) {
    const name = (token: string) => (token.startsWith('#') ? names[token] : token);
    if (name(left!) === hashKey && right!.startsWith(':')) return scalar(values[right!]);
    if (name(right!) === hashKey && left!.startsWith(':')) return scalar(values[left!]);
  }
  const legacy = record(record(body.KeyConditions)[hashKey]);
  return Array.isArray(legacy.AttributeValueList) ? scalar(legacy.AttributeValueList[0]) : undefined;
}

const KEEP_MS = 10_000;

/** Attribute names an expression names: `#n` resolved through ExpressionAttributeNames, `:v` skipped. */
function expressionNames(expression: unknown, names: Record<string, unknown>): string[] {
  if (typeof expression !== 'string') return [];
  const out: string[] = [];
  const keywords = /^(SET|REMOVE|ADD|DELETE|AND|OR|NOT|BETWEEN|IN|if_not_exists|list_append|attribute_exists|attribute_not_exists|attribute_type|begins_with|contains|size)$/i;
  for (const [token] of expression.matchAll(/[#:]?[A-Za-z_][\w]*/g)) {
    if (token.startsWith(':') || keywords.test(token)) continue;
    const name = token.startsWith('#') ? names[token] : token;
    if (typeof name === 'string') out.push(name);
  }
  return out;
}

/** `dynamodb:Attributes`: what PutItem writes, UpdateItem updates, and a read projects. */
function attributesOf(operation: string, body: Body): string[] | undefined {
  const names = record(body.ExpressionAttributeNames);
  if (operation === 'PutItem') return Object.keys(record(body.Item));
  if (operation === 'UpdateItem') {
    return [...Object.keys(record(body.Key)), ...Object.keys(record(body.AttributeUpdates)), ...expressionNames(body.UpdateExpression, names)];
  }
  if (['GetItem', 'Query', 'Scan', 'BatchGetItem'].includes(operation)) {
    const asked = [...(Array.isArray(body.AttributesToGet) ? body.AttributesToGet.map(String) : []), ...expressionNames(body.ProjectionExpression, names)];
    return asked.length > 0 ? asked : undefined;
  }
  return undefined;
}

export class DynamoDbConditionKeys {
  private readonly hashKeys = new Map<string, { hashKey: string | undefined; at: number }>();

  constructor(private readonly port: () => DynamoDbPort | undefined, private readonly now: () => number) {}

  /** Forget what a CreateTable or DeleteTable may change. */
  observe(operation: string, body: Body): void {
    if ((operation === 'CreateTable' || operation === 'DeleteTable') && typeof body.TableName === 'string') this.hashKeys.delete(body.TableName);
  }

  /** The condition context for the request: `dynamodb:LeadingKeys` when the operation has one. */
  async contextOf(operation: string, body: Body): Promise<Record<string, string[]>> {
    const attributes = attributesOf(operation, body);
    const context: Record<string, string[]> = attributes ? { 'dynamodb:Attributes': [...new Set(attributes)] } : {};
    const table = typeof body.TableName === 'string' ? body.TableName : undefined;
    if (!table || (!ITEM_FIELD[operation] && operation !== 'Query')) return context;
    const hashKey = await this.hashKeyOf(table);
    if (!hashKey) return context;
    const value = operation === 'Query' ? queriedValue(body, hashKey) : scalar(record(body[ITEM_FIELD[operation]!])[hashKey]);
    return value === undefined ? context : { ...context, 'dynamodb:LeadingKeys': [value] };
  }

  private async hashKeyOf(table: string): Promise<string | undefined> {
    const known = this.hashKeys.get(table);
    if (known && this.now() - known.at < KEEP_MS) return known.hashKey;
    const port = this.port();
    if (!port) return undefined;
    try {
      const described = await port.call<{ Table?: { KeySchema?: { AttributeName?: string; KeyType?: string }[] } }>('DescribeTable', { TableName: table });
      const hashKey = described.Table?.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
      this.hashKeys.set(table, { hashKey, at: this.now() });
      return hashKey;
    } catch {
      return undefined; // no such table: DynamoDB answers that itself
    }
  }
}
