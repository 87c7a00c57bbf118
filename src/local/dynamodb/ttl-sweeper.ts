// DynamoDB's time to live, carried out: items whose TTL attribute (epoch seconds) has passed are
// deleted in the background, as AWS does some time after expiry. dynalite stores the data; this
// talks to it in process (direct.ts: its own loopback port, plain JSON calls).
import type { Clock } from '../context.js';
import type { DynamoDbCaller } from './direct.js';

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/** AWS skips items whose TTL is more than five years in the past (likely not a TTL at all). */
const FIVE_YEARS_S = 5 * 365 * 24 * 3600;

export interface TtlSweeper {
  /** Deletes every expired item of every table with TTL enabled; returns how many. */
  sweep(): Promise<number>;
  stop(): void;
}

export function startTtlSweeper(options: {
  call: DynamoDbCaller;
  clock: Clock;
  /** Table name -> TTL attribute, for tables with TTL enabled. */
  enabledTables: () => Record<string, string>;
  intervalMs: number;
}): TtlSweeper {
  const { call } = options;

  async function sweepTable(table: string, attribute: string, nowS: number): Promise<number> {
    const described = await call<{ Table: { KeySchema: { AttributeName: string }[] } }>('DescribeTable', { TableName: table });
    const keyNames = described.Table.KeySchema.map((k) => k.AttributeName);
    let deleted = 0;
    let start: Item | undefined;
    do {
      const page: { Items?: Item[]; LastEvaluatedKey?: Item } = await call('Scan', { TableName: table, ExclusiveStartKey: start });
      for (const item of page.Items ?? []) {
        const expiry = Number(item[attribute]?.N);
        if (!Number.isFinite(expiry) || expiry > nowS || expiry < nowS - FIVE_YEARS_S) continue;
        const key = Object.fromEntries(keyNames.map((name) => [name, item[name]]));
        await call('DeleteItem', { TableName: table, Key: key });
        deleted++;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return deleted;
  }

  async function sweep(): Promise<number> {
    const nowS = Math.floor(options.clock.now() / 1000);
    let deleted = 0;
    for (const [table, attribute] of Object.entries(options.enabledTables())) {
      try {
        deleted += await sweepTable(table, attribute, nowS);
      } catch {
        // A table deleted since its TTL was set: nothing to sweep.
      }
    }
    return deleted;
  }

  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
