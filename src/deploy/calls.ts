// A plan's unit: one AWS call, exact operation and input, as Chalice's APICall. Values known only
// at run time are tokens (refs.ts); large bodies are named, not inlined, so plans stay printable.
// The executor fills tokens and sends; it decides nothing.
import type { Input, OperationName } from '../aws/api/index.js';

/** A body sent as bytes: a built zip, a rendered API definition, or UTF-8 text. */
export type Binary = { $artifact: 'zip' | 'apiBody'; id: string; bytes: number } | { $utf8: string };

/** An SDK input as planned: strings may be tokens, byte fields are Binary. */
export type Planned<T> = T extends Uint8Array ? Binary
  : T extends string ? string
    : T extends number | boolean | null | undefined ? T
      : T extends (infer U)[] ? Planned<U>[]
        : T extends object ? { [K in keyof T]: Planned<T[K]> }
          : T;

export interface ApiCall {
  operation: OperationName;
  input: Record<string, unknown>;
  /** What it acts on: named in the log and in errors. */
  resource: string;
  /** Outputs of the step read from the answer: attribute -> field of the response. */
  outputs?: Record<string, string>;
  /** "Already exists" (an interrupted run made it): these are sent instead. */
  ifExists?: ApiCall[];
  /** NotFound counts as done: deleting what is already gone. */
  absentOk?: boolean;
  /** A failure off AWS is tolerated (an emulator without the feature, e.g. moto's API tags). */
  optionalOffAws?: boolean;
}

export function call<O extends OperationName>(operation: O, input: Planned<Input<O>>, resource: string, extra: Omit<ApiCall, 'operation' | 'input' | 'resource'> = {}): ApiCall {
  return { operation, input: input as Record<string, unknown>, resource, ...extra };
}

/** Inputs that carry secrets (an API key's value) are never printed. */
const SECRET_FIELDS = new Set(['value']);
const SECRET_OPERATIONS = new Set<OperationName>(['apigateway:CreateApiKey']);

export function printableInput(c: ApiCall): Record<string, unknown> {
  const hide = (v: unknown, key?: string): unknown => {
    if (key && SECRET_FIELDS.has(key) && SECRET_OPERATIONS.has(c.operation)) return '(secret)';
    if (Array.isArray(v)) return v.map((x) => hide(x));
    if (v && typeof v === 'object') {
      const b = v as Partial<{ $artifact: string; id: string; bytes: number; $utf8: string }>;
      if (b.$artifact) return `<${b.$artifact} ${b.id}, ${b.bytes} bytes>`;
      if (b.$utf8 !== undefined) return b.$utf8;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hide(x, k)]));
    }
    return v;
  };
  return hide(c.input) as Record<string, unknown>;
}

/** One line: the operation and its key inputs (names, ids, patch paths), no bodies. */
export function describeCall(c: ApiCall): string {
  const input = printableInput(c);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (k === 'patchOperations' && Array.isArray(v)) {
      parts.push(v.map((p: { op: string; path: string; value?: string }) => `${p.op} ${p.path}${p.value !== undefined ? `=${p.value}` : ''}`).join(', '));
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      const text = String(v);
      parts.push(`${k}=${text.length > 80 ? `${text.slice(0, 77)}...` : text}`);
    } else if (typeof v === 'object') {
      const text = JSON.stringify(v);
      parts.push(`${k}=${text.length > 80 ? `${text.slice(0, 77)}...` : text}`);
    }
  }
  return `${c.operation} ${parts.join(' ')}`.trim();
}

export interface PrintableCall {
  operation: OperationName;
  resource: string;
  input: Record<string, unknown>;
  outputs?: Record<string, string>;
  ifExists?: PrintableCall[];
  absentOk?: true;
  optionalOffAws?: true;
}

/** A call whole, as `plan --json` prints it: bodies by name and size, secrets hidden. */
export function printableCall(c: ApiCall): PrintableCall {
  return {
    operation: c.operation, resource: c.resource, input: printableInput(c),
    ...(c.outputs ? { outputs: c.outputs } : {}),
    ...(c.ifExists ? { ifExists: c.ifExists.map(printableCall) } : {}),
    ...(c.absentOk ? { absentOk: true as const } : {}),
    ...(c.optionalOffAws ? { optionalOffAws: true as const } : {}),
  };
}
