// --verbose: one line per AWS request the engine sends (waiters' polls and the stage lock's item
// writes included), with its outcome and duration. An SDK middleware on every client of the Aws
// layer, so no call can bypass it. It prints only the operation, the name of what it acts on (from
// a fixed list of identifier fields), the HTTP status or error name, attempts and milliseconds:
// never a request body, a header, an environment value or a credential.
import type { InitializeHandler, InitializeHandlerArguments, InitializeHandlerOutput, MetadataBearer, Pluggable } from '@smithy/types';

export interface RequestTrace {
  /** "lambda:UpdateFunctionCode" */
  operation: string;
  /** The name or id it acts on, when the input has one of the identifier fields. */
  resource?: string;
  ms: number;
  /** HTTP status of the last attempt, when the service answered. */
  status?: number;
  /** The error's name when it failed. */
  error?: string;
  attempts: number;
  /** The command's input as sent: for tests that check requests against AWS's models. Never printed. */
  input?: unknown;
}

export type TraceSink = (trace: RequestTrace) => void;

// Names and ids only: none of these ever holds a secret (an API key's value is `value`, not listed).
const IDENTIFIERS = ['FunctionName', 'TableName', 'RoleName', 'PolicyName', 'logGroupName', 'restApiId', 'stageName', 'usagePlanId', 'Rule', 'Name', 'name', 'Qualifier'] as const;

export function resourceOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const record = input as Record<string, unknown>;
  const parts = IDENTIFIERS.map((k) => record[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length ? parts.join(' ') : undefined;
}

/** The middleware for one client; `service` is the facade's name ("lambda"). */
export function traceMiddleware(service: string, sink: TraceSink, now: () => number = () => performance.now()): Pluggable<object, MetadataBearer> {
  return {
    applyToStack(stack) {
      stack.add(
        (next: InitializeHandler<object, MetadataBearer>, context) => async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<MetadataBearer>> => {
          const operation = `${service}:${String((context as { commandName?: string }).commandName ?? 'Unknown').replace(/Command$/, '')}`;
          const resource = resourceOf(args.input);
          const started = now();
          try {
            const out = await next(args);
            const meta = out.output?.$metadata;
            sink({ operation, resource, ms: Math.round(now() - started), status: meta?.httpStatusCode, attempts: meta?.attempts ?? 1, input: args.input });
            return out;
          } catch (err) {
            const e = err as { name?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
            sink({ operation, resource, ms: Math.round(now() - started), status: e.$metadata?.httpStatusCode, error: e.name ?? 'Error', attempts: e.$metadata?.attempts ?? 1, input: args.input });
            throw err;
          }
        },
        { step: 'initialize', name: 'discoveryCliTrace', priority: 'high' },
      );
    },
  };
}

/** One trace as --verbose prints it. */
export function formatTrace(t: RequestTrace): string {
  const outcome = t.error ? `${t.error}${t.status ? ` (${t.status})` : ''}` : String(t.status ?? 'ok');
  const attempts = t.attempts > 1 ? `, ${t.attempts} attempts` : '';
  return `aws ${t.operation}${t.resource ? ` ${t.resource}` : ''} -> ${outcome} ${t.ms} ms${attempts}`;
}

/** The --verbose sink: stderr. */
export const stderrTrace: TraceSink = (t) => {
  process.stderr.write(`${formatTrace(t)}\n`);
};
