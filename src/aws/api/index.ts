// The typed AWS layer the engine talks to: one facade per service (only the operations used),
// one door (`send`) through which every call gets its retries, timeouts, waiters and log line
// (clients.ts `call`), and the SDK's paginators for every listing. Deploy plans name operations
// by `service:Operation`; an in-memory fake implements the same interface for tests.
import { CallLog } from '../call-log.js';
import type { Aws } from '../clients.js';
import { isNotFound } from '../errors.js';
import { apigateway } from './apigateway.js';
import { dynamodb } from './dynamodb.js';
import { events } from './events.js';
import { iam } from './iam.js';
import { lambda } from './lambda.js';
import { logs } from './logs.js';
import type { CommandClass, InputOf, OutputOf, ServiceFacade } from './service.js';
import { sts } from './sts.js';

export const SERVICES = { apigateway, dynamodb, events, iam, lambda, logs, sts };
type Services = typeof SERVICES;
type OpsOf<S extends keyof Services> = Services[S]['operations'];
type PagedOf<S extends keyof Services> = NonNullable<Services[S]['paginators']>;

/** Every operation the engine may send, as "service:Operation". */
export type OperationName = { [S in keyof Services]: `${S}:${keyof OpsOf<S> & string}` }[keyof Services];
/** Operations listed page by page. */
export type PagedOperation = { [S in keyof Services]: `${S}:${keyof PagedOf<S> & string}` }[keyof Services];

type CommandOf<O extends string> = O extends `${infer S}:${infer N}`
  ? S extends keyof Services ? N extends keyof OpsOf<S> ? OpsOf<S>[N] : never : never
  : never;
export type Input<O extends OperationName> = InputOf<CommandOf<O>>;
export type Output<O extends OperationName> = OutputOf<CommandOf<O>>;

export interface AwsApi {
  readonly log: CallLog;
  /** Whether the target is AWS itself (some emulators lack a feature the engine tolerates missing). */
  readonly isAws: boolean;
  send<O extends OperationName>(operation: O, input: Input<O>, resource?: string): Promise<Output<O>>;
  /** A read whose NotFound means "absent". */
  find<O extends OperationName>(operation: O, input: Input<O>, resource?: string): Promise<Output<O> | undefined>;
  /** Every page of a listing (the SDK's paginator); each page is one tracked, retried call. */
  pages<O extends PagedOperation & OperationName>(operation: O, input: Input<O>, resource?: string): AsyncIterable<Output<O>>;
}

type AnyFacade = ServiceFacade<Record<string, CommandClass>>;
type Untyped = Record<string, unknown>;

function facadeOf(operation: string): { svc: AnyFacade; name: string } {
  const [service, name] = operation.split(':') as [keyof Services, string];
  const svc = SERVICES[service] as unknown as AnyFacade | undefined;
  if (!svc?.operations[name]) throw new Error(`Unknown AWS operation ${operation}.`);
  return { svc, name };
}

/** NotFound of a call made through `Aws.call` (its cause) or raw. */
export function notFound(err: unknown): boolean {
  return isNotFound((err as { cause?: unknown }).cause ?? err);
}

/** The facade on the real SDK clients. */
export class SdkApi implements AwsApi {
  constructor(readonly aws: Aws) {}

  get log(): CallLog { return this.aws.log; }
  get isAws(): boolean { return this.aws.target.kind === 'aws'; }

  async send<O extends OperationName>(operation: O, input: Input<O>, resource?: string): Promise<Output<O>> {
    const { svc, name } = facadeOf(operation);
    const client = svc.client(this.aws);
    const Command = svc.operations[name]!;
    const onConflict = svc.onConflict?.(this.aws, operation, input as Untyped);
    const out = await this.aws.call(operation, resource, () => client.send(new Command(input)), { onConflict });
    const after = svc.after?.[name] as ((aws: Aws, i: unknown, o: unknown) => Promise<void>) | undefined;
    await after?.(this.aws, input, out);
    return out as Output<O>;
  }

  async find<O extends OperationName>(operation: O, input: Input<O>, resource?: string): Promise<Output<O> | undefined> {
    try {
      return await this.send(operation, input, resource);
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  }

  async *pages<O extends PagedOperation & OperationName>(operation: O, input: Input<O>, resource?: string): AsyncIterable<Output<O>> {
    const { svc, name } = facadeOf(operation);
    const paginator = svc.paginators?.[name];
    if (!paginator) throw new Error(`${operation} has no paginator.`);
    const client = svc.client(this.aws);
    // The paginator checks its client's class: a client of that class whose send goes through `call`.
    const routed = Object.create(client, { send: { value: (command: unknown) => this.aws.call(operation, resource, () => client.send(command)) } }) as unknown;
    for await (const page of paginator({ client: routed }, { ...(input as Untyped) })) yield page as Output<O>;
  }
}

/** All pages' items, or undefined when the listed thing does not exist. */
export async function collect<T, I>(pages: AsyncIterable<T>, items: (page: T) => I[] | undefined): Promise<I[] | undefined> {
  const out: I[] = [];
  try {
    for await (const page of pages) out.push(...(items(page) ?? []));
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
  return out;
}

export type { CommandClass } from './service.js';
