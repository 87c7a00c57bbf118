// Stage access logs: one line per request in the stage's format, appended to the log group named
// by accessLogSettings.destinationArn.
import type { Stage } from '../apigateway/model.js';
import type { LogsPort } from '../ports.js';

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] -> NAME */
export function logGroupFromArn(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/.exec(arn);
  return m?.[1];
}

function lookup(variables: Record<string, unknown>, path: string): unknown {
  let current: unknown = variables;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Replaces $context.a.b with its value; "-" when absent, as API Gateway writes. */
export function renderAccessLogLine(format: string, context: Record<string, unknown>): string {
  return format.replace(/\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/g, (_, path: string) => {
    const value = lookup(context, path);
    if (value === undefined || value === null || value === '') return '-';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

export function writeAccessLog(logs: LogsPort | undefined, apiId: string, stage: Stage, context: Record<string, unknown>, nowMs: number): void {
  const settings = stage.accessLogSettings;
  if (!logs || !settings?.destinationArn || !settings.format) return;
  const group = logGroupFromArn(settings.destinationArn);
  if (!group) return;
  try {
    logs.append(group, `${apiId}_${stage.stageName}`, [{ timestamp: nowMs, message: renderAccessLogLine(settings.format, context) }]);
  } catch {
    // Logging never fails the request, as in API Gateway.
  }
}
