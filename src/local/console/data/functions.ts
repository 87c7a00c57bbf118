// Functions as the console shows them: read from the Lambda port; recent invocations rebuilt from
// the function's log group (the START / END / REPORT lines the runtime writes around each one).
import type { CloudContext } from '../../context.js';
import { functionArn, logGroupName } from '../../lambda/names.js';
import type { FunctionView, InvocationView } from '../views.js';

export function listFunctions(ctx: CloudContext): FunctionView[] {
  const functions = ctx.ports.lambda?.functions() ?? [];
  return functions
    .map((fn): FunctionView => ({
      name: fn.name,
      arn: functionArn(fn.region, ctx.accountId, fn.name),
      region: fn.region,
      runtime: fn.latest.runtime,
      handler: fn.latest.handler,
      role: fn.latest.role,
      description: fn.latest.description,
      timeout: fn.latest.timeout,
      memorySize: fn.latest.memorySize,
      codeSize: fn.latest.codeSize,
      codeSha256: fn.latest.codeSha256,
      lastModified: fn.latest.lastModified,
      environment: { ...(fn.latest.environment ?? {}) },
      versions: Object.values(fn.versions)
        .sort((a, b) => Number(a.version) - Number(b.version))
        .map((v) => ({ version: v.version, description: v.description, codeSha256: v.codeSha256, lastModified: v.lastModified })),
      aliases: Object.values(fn.aliases).map((a) => ({
        name: a.name,
        functionVersion: a.functionVersion,
        description: a.description,
        ...(a.routingConfig?.AdditionalVersionWeights ? { weights: { ...a.routingConfig.AdditionalVersionWeights } } : {}),
      })),
      tags: { ...fn.tags },
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const START = /^START RequestId: (\S+)(?: Version: (\S+))?/;
const END = /^END RequestId: (\S+)/;
const REPORT = /^REPORT RequestId: (\S+)\s+Duration: ([\d.]+) ms/;
/** What the runtimes write when an invocation fails (not a handler's own console.error). */
const FAILURE = /\tERROR\tInvoke Error |Task timed out after|Error: Runtime exited with error|^\[ERROR\] \w+: /;
const EVENTS_READ = 2000;

/** The newest `limit` invocations first, each with the lines its handler printed. */
export function recentInvocations(ctx: CloudContext, functionName: string, limit: number): InvocationView[] {
  const events = ctx.ports.logs?.recent(logGroupName(functionName), EVENTS_READ) ?? [];
  const byId = new Map<string, InvocationView>();
  /** A stream runs one invocation at a time: lines between START and END belong to it. */
  const openByStream = new Map<string, InvocationView>();
  for (const event of events) {
    const message = event.message.replace(/\n$/, '');
    const start = START.exec(message);
    if (start) {
      const inv: InvocationView = { requestId: start[1]!, startedAt: event.timestamp, version: start[2], lines: [], failed: false };
      byId.set(inv.requestId, inv);
      openByStream.set(event.stream, inv);
      continue;
    }
    const report = REPORT.exec(message);
    if (report) {
      const inv = byId.get(report[1]!);
      if (inv) inv.durationMs = Number(report[2]);
      continue;
    }
    const end = END.exec(message);
    if (end) {
      openByStream.delete(event.stream);
      continue;
    }
    const inv = openByStream.get(event.stream);
    if (!inv) continue;
    inv.lines.push({ timestamp: event.timestamp, message });
    if (FAILURE.test(message)) inv.failed = true;
  }
  return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
}
