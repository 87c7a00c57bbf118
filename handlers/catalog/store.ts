// The catalog table behind an interface, so handlers are tested with a real table (dynalite) or any
// other store without touching their logic.
import type { CatalogItem } from './entry.js';

export interface CatalogStore {
  get(name: string, version: string): Promise<CatalogItem | undefined>;
  /** Overwrites any entry of that name and version (re-registering replaces). */
  put(item: CatalogItem): Promise<void>;
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
    async delete(name, version) {
      const { client, lib } = await doc();
      await client.send(new lib.DeleteCommand({ TableName: tableName, Key: { name, version } }));
    },
    async versions(name) {
      const { client, lib } = await doc();
      const items: CatalogItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new lib.QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#n = :name',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':name': name },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }));
        items.push(...((out.Items ?? []) as CatalogItem[]));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },
    async all() {
      const { client, lib } = await doc();
      const items: CatalogItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new lib.ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...((out.Items ?? []) as CatalogItem[]));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
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
