// The shape of one service's facade: the operations the engine uses (SDK command classes, so
// inputs and outputs are the SDK's types), the listings it pages with the SDK's paginators, and
// what must follow a call for it to be done (waiting until a function is ready, a table exists).
import type { Aws, CallOptions } from '../clients.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- command classes are generic over their own types */
export type CommandClass = new (...args: any[]) => unknown;
/** Commands whose input is all optional take `...[input]: [] | [Input]`. */
export type InputOf<C> = C extends new (...args: infer A) => unknown ? NonNullable<A[0]> : never;
export type OutputOf<C> = C extends new (...args: any[]) => infer I
  ? I extends { resolveMiddleware(...a: any[]): (...b: any[]) => Promise<{ output: infer O }> } ? O : never
  : never;
/** An SDK paginator: (config with client, input) -> pages. */
export type Paginator = (config: { client: any; pageSize?: number }, input: any) => AsyncIterable<unknown>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface ServiceFacade<Ops extends Record<string, CommandClass>> {
  /** The SDK client for this service. */
  client(aws: Aws): { send(command: unknown): Promise<unknown> };
  operations: Ops;
  paginators?: { [K in keyof Ops]?: Paginator };
  /** Run after a successful call before it counts as done (waiters). */
  after?: { [K in keyof Ops]?: (aws: Aws, input: InputOf<Ops[K]>, output: OutputOf<Ops[K]>) => Promise<void> };
  /** How to wait out a conflict (an update in progress) before the retry. */
  onConflict?: (aws: Aws, operation: string, input: Record<string, unknown>) => CallOptions['onConflict'];
}

export const service = <Ops extends Record<string, CommandClass>>(facade: ServiceFacade<Ops>): ServiceFacade<Ops> => facade;
