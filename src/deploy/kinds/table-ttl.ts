// A table's time-to-live attribute: read with the table.
import { call } from '../calls.js';
import { noOrphans, upToDate, type KindModule } from './kind.js';

export const tableTtl: KindModule<'tableTtl'> = {
  read: { with: 'table' },
  diff(d, { remote }) {
    const t = remote.tables[d.tableName];
    if (t?.ttl?.enabled && t.ttl.attribute === d.attribute) return upToDate();
    return {
      exists: Boolean(t), reason: t ? `TTL ${t.ttl?.enabled ? `on ${t.ttl.attribute}` : 'off'}, want ${d.attribute}` : 'table is new',
      calls: [call('dynamodb:UpdateTimeToLive', { TableName: d.tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: d.attribute } }, d.tableName)],
    };
  },
  orphans: noOrphans, // goes with its table
  deleteCalls: () => [],
  deleteRank: 11,
};
