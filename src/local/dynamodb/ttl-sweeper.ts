// DynamoDB's time to live, carried out: items whose TTL attribute (epoch seconds) has passed are
// deleted in the background, as AWS does some time after expiry. dynalite stores the data; this
// talks to it over its own loopback port with plain JSON calls.
import type { Clock } from '../context.js';

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
  dynaliteUrl: string;
  clock: Clock;
  /** Table name -> TTL attribute, for tables with TTL enabled. */
  enabledTables: () => Record<string, string>;
  intervalMs: number;
}): TtlSweeper {
  const call = async <T>(operation: string, body: unknown): Promise<T> => {
    const res = await fetch(options.dynaliteUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'x-amz-date': '20260101T000000Z',
        // dynalite checks the header's shape only.
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T & { __type?: string; message?: string };
    if (!res.ok) throw new Error(`${operation}: ${json.__type ?? res.status} ${json.message ?? ''}`);
    return json;
  };

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
