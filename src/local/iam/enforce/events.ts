// EventBridge: rule operations on arn:aws:events:R:A:rule/[BUS/]NAME, PutEvents on each entry's
// event bus, tag operations on the ARN they name, listing on "*".
import { text, type OperationCall, type RequiredPermission } from './permission.js';

const ACCOUNT_LEVEL = new Set(['ListRules', 'ListRuleNamesByTarget']);

export function eventsPermissions(call: OperationCall): RequiredPermission[] {
  const action = `events:${call.operation}`;
  const { region, accountId, input } = call;
  const busArn = (bus: string | undefined) => (bus?.startsWith('arn:') ? bus : `arn:aws:events:${region}:${accountId}:event-bus/${bus ?? 'default'}`);
  if (ACCOUNT_LEVEL.has(call.operation)) return [{ action, resources: ['*'] }];
  const tagged = text(input.ResourceARN);
  if (tagged) return [{ action, resources: [tagged] }];
  if (call.operation === 'PutEvents') {
    const entries = Array.isArray(input.Entries) ? (input.Entries as Record<string, unknown>[]) : [];
    return [{ action, resources: [...new Set(entries.map((e) => busArn(text(e?.EventBusName))))] }];
  }
  const rule = text(input.Name) ?? text(input.Rule);
  if (!rule) return [{ action, resources: ['*'] }];
  const bus = text(input.EventBusName);
  const busName = bus?.startsWith('arn:') ? bus.slice(bus.indexOf('/') + 1) : bus;
  return [{ action, resources: [`arn:aws:events:${region}:${accountId}:rule/${busName && busName !== 'default' ? `${busName}/` : ''}${rule}`] }];
}
