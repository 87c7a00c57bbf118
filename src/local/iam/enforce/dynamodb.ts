// What AWS authorizes each DynamoDB operation against: the action, and the table ARN (the index
// ARN for Query/Scan on an index; every table of a batch or transaction).

import type { RequiredPermission } from './permission.js';

type Body = Record<string, unknown>;

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** TransactWriteItems entries name their operation by key (Put, Update, Delete, ConditionCheck). */
const TRANSACT_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

/** Operations that name no table (authorized on "*"). */
const ACCOUNT_LEVEL = new Set(['ListTables', 'DescribeLimits', 'DescribeEndpoints', 'ListBackups', 'ListGlobalTables', 'ListExports', 'ListImports']);

/** PartiQL: the verb picks the action; the first quoted or bare table name after FROM/INTO/UPDATE is the table. */
function partiqlPermission(statement: string, tableArn: (name: string) => string): RequiredPermission {
  const verb = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'SELECT';
  const action = ({ SELECT: 'PartiQLSelect', INSERT: 'PartiQLInsert', UPDATE: 'PartiQLUpdate', DELETE: 'PartiQLDelete' } as Record<string, string>)[verb] ?? 'PartiQLSelect';
  const table = /\b(?:FROM|INTO|UPDATE)\s+"?([\w.-]+)"?/i.exec(statement)?.[1];
  return { action: `dynamodb:${action}`, resources: [table ? tableArn(table) : '*'] };
}

/** The permissions one DynamoDB request needs; several for a transaction that mixes operations. */
export function dynamodbPermissions(operation: string, body: Body, region: string, accountId: string): RequiredPermission[] {
  const tableArn = (name: string) => `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
  const action = `dynamodb:${operation}`;
  if (ACCOUNT_LEVEL.has(operation)) return [{ action, resources: ['*'] }];
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    return [{ action, resources: Object.keys(record(body.RequestItems)).map(tableArn) }];
  }
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const byAction = new Map<string, string[]>();
    for (const item of Array.isArray(body.TransactItems) ? body.TransactItems : []) {
      for (const [kind, spec] of Object.entries(record(item))) {
        const name = record(spec).TableName;
        if (typeof name !== 'string') continue;
        const itemAction = `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`;
        byAction.set(itemAction, [...(byAction.get(itemAction) ?? []), tableArn(name)]);
      }
    }
    return [...byAction].map(([a, resources]) => ({ action: a, resources: [...new Set(resources)] }));
  }
  if (operation === 'ExecuteStatement') return [partiqlPermission(String(body.Statement ?? ''), tableArn)];
  if (operation === 'BatchExecuteStatement') {
    return (Array.isArray(body.Statements) ? body.Statements : []).map((s) => partiqlPermission(String(record(s).Statement ?? ''), tableArn));
  }
  const table = typeof body.TableName === 'string' ? body.TableName : undefined;
  if (!table) return [{ action, resources: ['*'] }];
  const indexName = (operation === 'Query' || operation === 'Scan') && typeof body.IndexName === 'string' ? body.IndexName : undefined;
  return [{ action, resources: [indexName ? `${tableArn(table)}/index/${indexName}` : tableArn(table)] }];
}
