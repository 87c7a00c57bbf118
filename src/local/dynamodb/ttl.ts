// Time to live settings, which dynalite does not implement (it has no UpdateTimeToLive and
// answers DescribeTimeToLive with DISABLED): kept here, per table, beside its data.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PersistentState } from '../persist.js';

type TtlSettings = Record<string, { attribute: string; enabled: boolean }>;

const TTL_OPERATIONS = new Set(['DynamoDB_20120810.UpdateTimeToLive', 'DynamoDB_20120810.DescribeTimeToLive']);

export function isTtlRequest(req: IncomingMessage): boolean {
  return TTL_OPERATIONS.has(String(req.headers['x-amz-target'] ?? ''));
}

export function createTtlHandler(stateDir: string) {
  const state = new PersistentState<TtlSettings>(stateDir, 'dynamodb-ttl', () => ({}));
  const enabledTables = () =>
    Object.fromEntries(Object.entries(state.data).filter(([, s]) => s.enabled).map(([table, s]) => [table, s.attribute]));
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(body));
  };
  /** `body` was read and checked to be a JSON object (or empty) by the DynamoDB guard. */
  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    let input: { TableName?: string; TimeToLiveSpecification?: { Enabled?: boolean; AttributeName?: string } };
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return send(res, 400, { __type: 'com.amazon.coral.service#SerializationException', message: 'The request body is not JSON.' });
    }
    if (typeof (input.TableName ?? '') !== 'string' || (input.TimeToLiveSpecification !== undefined && (typeof input.TimeToLiveSpecification !== 'object' || typeof (input.TimeToLiveSpecification?.AttributeName ?? '') !== 'string'))) {
      return send(res, 400, { __type: 'com.amazon.coral.service#SerializationException', message: 'TableName and TimeToLiveSpecification.AttributeName must be strings.' });
    }
    const table = input.TableName ?? '';
    if (!table) return send(res, 400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'TableName is required.' });
    if (String(req.headers['x-amz-target']).endsWith('DescribeTimeToLive')) {
      const s = state.data[table];
      return send(res, 200, { TimeToLiveDescription: s?.enabled ? { TimeToLiveStatus: 'ENABLED', AttributeName: s.attribute } : { TimeToLiveStatus: 'DISABLED' } });
    }
    const spec = input.TimeToLiveSpecification;
    if (!spec?.AttributeName || typeof spec.Enabled !== 'boolean') {
      return send(res, 400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'TimeToLiveSpecification needs AttributeName and Enabled.' });
    }
    state.data[table] = { attribute: spec.AttributeName, enabled: spec.Enabled };
    state.save();
    return send(res, 200, { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } });
  };
  return { handle, enabledTables };
}
