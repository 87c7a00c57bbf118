// The catalog table behind an interface, so handlers are tested with a real table (dynalite) or any
// other store without touching their logic.
import type { CatalogItem } from './entry.js';

/** A partial write of one item: attributes to set, to remove, and numbers to add to. */
export interface ItemPatch {
  set?: Record<string, unknown>;
  remove?: string[];
  add?: Record<string, number>;
}

export interface PatchResult {
  /** False when `mustBeLive` was asked and the item is missing or a tombstone: nothing was written. */
  applied: boolean;
  /** The item before (ALL_OLD) or after (ALL_NEW) the write, as asked. */
  item?: CatalogItem;
}

/** Where the catalog's revision counter lives: a partition no service name can take (names are checked). */
export const REVISION_COUNTER_KEY = { name: '\u0000catalog', version: 'revision' };

export interface CatalogStore {
  /** `version` is the sort key: see versionKey in entry.ts. */
  get(name: string, version: string): Promise<CatalogItem | undefined>;
  /** Overwrites any entry of that name and version (re-registering replaces). */
  put(item: CatalogItem): Promise<void>;
  /** Writes only the given attributes (others, such as the HTTP check's, stay). */
  patch(name: string, version: string, patch: ItemPatch, options?: { returnValues?: 'ALL_OLD' | 'ALL_NEW'; mustBeLive?: boolean }): Promise<PatchResult>;
  /** The next catalog revision: an atomic counter, so revisions only grow. */
  nextRevision(): Promise<number>;
  /** The default and named instances of one service version. */
  instances(name: string, version: string): Promise<CatalogItem[]>;
  /** Deleting what is not there is not an error. */
  delete(name: string, version: string): Promise<void>;
  /** Every version of one service. */
  versions(name: string): Promise<CatalogItem[]>;
  /** Every entry in the table. */
  all(): Promise<CatalogItem[]>;
}

/** A DynamoDB-backed store; the SDK is loaded on first use so unit tests of pure logic stay light. */
export function dynamoCatalogStore(tableName: string, clientConfig: Record<string, unknown> = {}): CatalogStore {
  let docPromise: Promise<Doc> | undefined;
  const doc = () => (docPromise ??= loadDoc(clientConfig));

  return {
    async get(name, version) {
      const { client, lib } = await doc();
      const out = await client.send(new lib.GetCommand({ TableName: tableName, Key: { name, version }, ConsistentRead: true }));
      return out.Item as CatalogItem | undefined;
    },
    async put(item) {
      const { client, lib } = await doc();
      await client.send(new lib.PutCommand({ TableName: tableName, Item: item }));
    },
    async patch(name, version, patch, options = {}) {
      const { client, lib } = await doc();
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const alias = (attribute: string) => {
        const key = `#a${Object.keys(names).length}`;
        names[key] = attribute;
        return key;
      };
      const clauses: string[] = [];
      const sets = Object.entries(patch.set ?? {}).map(([attribute, value], i) => {
        values[`:s${i}`] = value;
        return `${alias(attribute)} = :s${i}`;
      });
      if (sets.length) clauses.push(`SET ${sets.join(', ')}`);
      const adds = Object.entries(patch.add ?? {}).map(([attribute, value], i) => {
        values[`:n${i}`] = value;
        return `${alias(attribute)} :n${i}`;
      });
      if (adds.length) clauses.push(`ADD ${adds.join(', ')}`);
      if (patch.remove?.length) clauses.push(`REMOVE ${patch.remove.map(alias).join(', ')}`);
      let condition: string | undefined;
      if (options.mustBeLive) {
        condition = `attribute_exists(${alias('name')}) AND ${alias('status')} <> :tombstone`;
        values[':tombstone'] = 'deregistered';
      }
      try {
        const out = await client.send(new lib.UpdateCommand({
          TableName: tableName,
          Key: { name, version },
          UpdateExpression: clauses.join(' '),
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
          ReturnValues: options.returnValues ?? 'ALL_OLD',
        }));
        return { applied: true, item: out.Attributes as CatalogItem | undefined };
      } catch (err) {
        if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return { applied: false };
        throw err;
      }
    },
    async nextRevision() {
      const { client, lib } = await doc();
      const out = await client.send(new lib.UpdateCommand({
        TableName: tableName,
        Key: REVISION_COUNTER_KEY,
        UpdateExpression: 'ADD #v :one',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }));
      return Number((out.Attributes as { value?: number } | undefined)?.value);
    },
    async instances(name, version) {
      const { client, lib } = await doc();
      const items = await everyPage(lib.paginateQuery({ client }, {
        TableName: tableName,
        KeyConditionExpression: '#n = :name AND begins_with(#v, :version)',
        ExpressionAttributeNames: { '#n': 'name', '#v': 'version' },
        ExpressionAttributeValues: { ':name': name, ':version': version },
        ConsistentRead: true,
      }));
      // begins_with("1.0") also finds "1.0.1": keep the version itself and its named instances.
      return items.filter((item) => item.version === version || item.version.startsWith(`${version}\u001f`));
    },
    async delete(name, version) {
      const { client, lib } = await doc();
      await client.send(new lib.DeleteCommand({ TableName: tableName, Key: { name, version } }));
    },
    async versions(name) {
      const { client, lib } = await doc();
      return everyPage(lib.paginateQuery({ client }, {
        TableName: tableName,
        KeyConditionExpression: '#n = :name',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':name': name },
        ConsistentRead: true,
      }));
    },
    async all() {
      const { client, lib } = await doc();
      const items = await everyPage(lib.paginateScan({ client }, { TableName: tableName, ConsistentRead: true }));
      return items.filter((item) => item.name !== REVISION_COUNTER_KEY.name);
    },
  };
}

/** Every item of a Query or Scan, page by page through the SDK's paginator. */
async function everyPage(pages: AsyncIterable<{ Items?: Record<string, unknown>[] }>): Promise<CatalogItem[]> {
  const items: CatalogItem[] = [];
  for await (const page of pages) items.push(...((page.Items ?? []) as unknown as CatalogItem[]));
  return items;
}

type Lib = typeof import('@aws-sdk/lib-dynamodb');
interface Doc {
  client: import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient;
  lib: Lib;
}

async function loadDoc(clientConfig: Record<string, unknown>): Promise<Doc> {
  const [{ DynamoDBClient }, lib] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/lib-dynamodb')]);
  const client = lib.DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, lib };
}

/** The table named by CATALOG_TABLE; a clear error when the deploy did not set it. */
export function catalogTableFromEnv(env: Record<string, string | undefined>): string {
  const table = env.CATALOG_TABLE;
  if (!table) throw new Error('Configuration error: CATALOG_TABLE is not set; the function needs the catalog table name in its environment (see discovery.config.json).');
  return table;
}
