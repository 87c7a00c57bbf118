// The discovery catalog: every table with the catalog's key schema, read item by item and told as
// services, versions, instances, status and lease (the rules of handlers/catalog/entry.ts).
import type { CloudContext } from '../../context.js';
import { plainItem, type Item } from './attribute-value.js';
import { listTables } from './tables.js';
import type { CatalogEntryView, CatalogView } from '../views.js';

/** handlers/catalog/entry.ts: a named instance is keyed `<version>\u001f<instance_id>`. */
const INSTANCE_SEPARATOR = '\u001f';
/** handlers/catalog/store.ts: the revision counter's partition starts with NUL (no service can). */
const RESERVED_PREFIX = '\u0000';

export async function readCatalogs(ctx: CloudContext): Promise<CatalogView[]> {
  const tables = (await listTables(ctx)).filter((t) => t.catalog);
  const dynamodb = ctx.ports.dynamodb!;
  const nowS = ctx.clock.now() / 1000;
  return Promise.all(tables.map(async (table) => {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await dynamodb.call<{ Items: Item[]; LastEvaluatedKey?: Item }>('Scan', { TableName: table.name, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) });
      items.push(...page.Items);
      start = page.LastEvaluatedKey;
    } while (start);
    const entries = items.map((item) => entryOf(plainItem(item), nowS)).filter((e): e is CatalogEntryView => e !== undefined);
    entries.sort((a, b) => a.service.localeCompare(b.service) || a.version.localeCompare(b.version) || a.instance.localeCompare(b.instance));
    return { table: table.name, entries };
  }));
}

function entryOf(item: Record<string, unknown>, nowS: number): CatalogEntryView | undefined {
  const name = typeof item.name === 'string' ? item.name : undefined;
  const key = typeof item.version === 'string' ? item.version : undefined;
  if (!name || key === undefined || name.startsWith(RESERVED_PREFIX)) return undefined;
  const [keyVersion, keyInstance] = key.split(INSTANCE_SEPARATOR);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const leaseExpiresAt = num(item.lease_expires_at);
  const status = typeof item.status === 'string' ? item.status : 'unknown';
  const checkStatus = typeof item.check_status === 'string' ? item.check_status : undefined;
  // As effectiveStatus in handlers/catalog/entry.ts: tombstone, then lease, then the HTTP check.
  const expired = leaseExpiresAt !== undefined && leaseExpiresAt > 0 && leaseExpiresAt <= nowS;
  const effective = status === 'deregistered' ? status : expired ? 'expired' : checkStatus === 'unhealthy' ? 'unhealthy' : status;
  return {
    service: name,
    version: typeof item.service_version === 'string' ? item.service_version : keyVersion!,
    instance: typeof item.instance_id === 'string' ? item.instance_id : keyInstance ?? 'default',
    endpointUrl: typeof item.endpoint_url === 'string' ? item.endpoint_url : '',
    status,
    effectiveStatus: effective,
    checkStatus,
    registeredAt: num(item.registered_at),
    leaseExpiresAt,
    leaseSecondsLeft: leaseExpiresAt === undefined ? undefined : Math.round(leaseExpiresAt - nowS),
    ttl: num(item.ttl),
    revision: num(item.revision),
  };
}
