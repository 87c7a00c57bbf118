// Delivers one event to one rule target, the same way for scheduled and put events: a Lambda
// target is invoked asynchronously (InvocationType Event) as events.amazonaws.com from the rule,
// so the function's resource policy must allow it, as on AWS.
import type { CloudContext } from '../context.js';
import type { Rule, Target } from './model.js';

export interface DeliveryOutcome {
  outcome: 'invoked' | 'failed' | 'unsupported-target';
  /** Why it failed, when it did. */
  error?: string;
}

export async function deliverToTarget(ctx: CloudContext, rule: Rule, target: Target, event: Record<string, unknown>): Promise<DeliveryOutcome> {
  if (!/^arn:aws[\w-]*:lambda:/.test(target.Arn)) {
    return { outcome: 'unsupported-target', error: 'The local cloud delivers events to Lambda targets only.' };
  }
  const lambda = ctx.ports.lambda;
  if (!lambda) return { outcome: 'failed', error: 'The Lambda service is not available in this local cloud.' };
  try {
    const result = await lambda.invoke(target.Arn, undefined, Buffer.from(inputFor(target, event)), {
      invocationType: 'Event',
      caller: { principal: 'events.amazonaws.com', sourceArn: rule.arn },
    });
    return result.statusCode >= 300 ? { outcome: 'failed', error: `Invoke answered ${result.statusCode}` } : { outcome: 'invoked' };
  } catch (err) {
    return { outcome: 'failed', error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/** The event itself, or the target's constant Input, or the part InputPath selects. */
export function inputFor(target: Target, event: Record<string, unknown>): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath) return JSON.stringify(selectPath(event, target.InputPath) ?? null);
  return JSON.stringify(event);
}

/** The simple JSONPath EventBridge InputPath uses: $ or $.a.b */
function selectPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  let current = value;
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** EventBridge's time format: ISO 8601 to the second. */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
