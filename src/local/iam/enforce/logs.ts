// CloudWatch Logs: group-level actions on arn:aws:logs:R:A:log-group:NAME:*, stream-level ones
// on ...:log-group:NAME:log-stream:STREAM, DescribeLogGroups on every group of the account.
import { text, type OperationCall, type RequiredPermission } from './permission.js';

const STREAM_LEVEL = new Set(['CreateLogStream', 'DeleteLogStream', 'PutLogEvents', 'GetLogEvents']);

export function logGroupArn(region: string, accountId: string, group: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${group}:*`;
}

export function logStreamArn(region: string, accountId: string, group: string, stream: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${group}:log-stream:${stream}`;
}

export function logsPermissions(call: OperationCall): RequiredPermission[] {
  const action = `logs:${call.operation}`;
  const { region, accountId, input } = call;
  const tagged = text(input.resourceArn);
  if (tagged) return [{ action, resources: [tagged] }];
  if (call.operation === 'DescribeLogGroups') return [{ action, resources: [`arn:aws:logs:${region}:${accountId}:log-group:*`] }];
  const identifier = text(input.logGroupIdentifier);
  const group = text(input.logGroupName) ?? (identifier?.startsWith('arn:') ? /:log-group:([^:]+)/.exec(identifier)?.[1] : identifier);
  if (!group) return [{ action, resources: ['*'] }];
  const stream = text(input.logStreamName);
  if (STREAM_LEVEL.has(call.operation) && stream) return [{ action, resources: [logStreamArn(region, accountId, group, stream)] }];
  return [{ action, resources: [logGroupArn(region, accountId, group)] }];
}
