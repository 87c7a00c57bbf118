// DynamoDB tables (on demand). They hold data: deleted only with --delete-data, and their keys
// can never change in place.
import { concurrently, forEachConcurrently } from '../../aws/call-log.js';
import { call } from '../calls.js';
import type { RemoteTable } from '../remote-state.js';
import { collect } from '../../aws/api/index.js';
import { tagList, tagsOf, upToDate, wanted, type KindModule, type ReadContext } from './kind.js';

async function readTable({ api }: ReadContext, name: string): Promise<RemoteTable | undefined> {
  const [got, ttl] = await concurrently(
    () => api.find('dynamodb:DescribeTable', { TableName: name }, name),
    () => api.find('dynamodb:DescribeTimeToLive', { TableName: name }, name),
  );
  if (!got?.Table) return undefined;
  const t = got.Table;
  const key = (type: string) => {
    const keyName = t.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
    const attr = t.AttributeDefinitions?.find((a) => a.AttributeName === keyName);
    return keyName ? { name: keyName, type: attr?.AttributeType ?? 'S' } : undefined;
  };
  const d = ttl?.TimeToLiveDescription;
  return {
    name, arn: t.TableArn ?? '', status: t.TableStatus ?? '', partitionKey: key('HASH'), sortKey: key('RANGE'),
    ttl: d?.AttributeName ? { attribute: d.AttributeName, enabled: d.TimeToLiveStatus === 'ENABLED' || d.TimeToLiveStatus === 'ENABLING' } : undefined,
  };
}

const keyOf = (k?: { name: string; type: string }) => (k ? `${k.name}:${k.type}` : '');

export const table: KindModule<'table'> = {
  async read(ctx) {
    const names = [...new Set([...ctx.lookup.tables, ...ctx.extraTables])];
    await concurrently(
      () => forEachConcurrently(names, async (name) => {
        const t = await readTable(ctx, name);
        if (t) ctx.state.tables[name] = t;
      }),
      async () => {
        if (!ctx.lookup.tablesByTag) return;
        const all = (await collect(ctx.api.pages('dynamodb:ListTables', {}), (p) => p.TableNames)) ?? [];
        await forEachConcurrently(all.filter((n) => !names.includes(n)), async (name) => {
          const arn = (await ctx.api.find('dynamodb:DescribeTable', { TableName: name }, name))?.Table?.TableArn;
          const tags = arn ? (await ctx.api.find('dynamodb:ListTagsOfResource', { ResourceArn: arn }, name))?.Tags : undefined;
          if (!ctx.ours(tagsOf(tags))) return;
          const t = await readTable(ctx, name);
          if (t) ctx.state.tables[name] = t;
        });
      },
    );
  },
  diff(d, { remote }) {
    const t = remote.tables[d.name];
    const outputs = { arn: d.arn, name: d.name };
    if (!t) {
      const keys = [d.partitionKey, ...(d.sortKey ? [d.sortKey] : [])];
      return {
        exists: false, reason: 'table does not exist', outputs, calls: [call('dynamodb:CreateTable', {
          TableName: d.name, BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
          AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
          Tags: tagList(d.tags),
        }, d.name, { ifExists: [] })],
      };
    }
    if (keyOf(t.partitionKey) !== keyOf(d.partitionKey) || keyOf(t.sortKey) !== keyOf(d.sortKey)) {
      throw new Error(`Table ${d.name} exists with keys (${keyOf(t.partitionKey)} ${keyOf(t.sortKey)}) but the config says (${keyOf(d.partitionKey)} ${keyOf(d.sortKey)}). DynamoDB cannot change a table's keys: give the table another name in discovery.config.json, or delete it (discovery-cli teardown --delete-data).`);
    }
    // TTL switched on out of band while the config has none: switched off (with its attribute, as AWS needs).
    if (!d.ttlAttribute && t.ttl?.enabled) {
      return {
        exists: true, reason: `TTL on ${t.ttl.attribute}, the config has none`, outputs: { arn: t.arn, name: t.name },
        calls: [call('dynamodb:UpdateTimeToLive', { TableName: d.name, TimeToLiveSpecification: { Enabled: false, AttributeName: t.ttl.attribute } }, d.name)],
      };
    }
    return upToDate({ arn: t.arn, name: t.name });
  },
  orphans(remote, desired, options) {
    if (!options.deleteData) return [];
    const names = new Set(wanted(desired, 'table').map((t) => t.name));
    return Object.values(remote.tables).filter((t) => !names.has(t.name)).map((t) => ({ id: `table:${t.name}`, kind: 'table', name: t.name }));
  },
  // The facade waits until the table is gone, so a deploy right after can make it again.
  deleteCalls: (o) => [call('dynamodb:DeleteTable', { TableName: o.name }, o.name, { absentOk: true })],
  deleteRank: 11,
};
