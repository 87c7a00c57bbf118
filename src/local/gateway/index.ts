// Placeholder for the execute-api data plane.
import type { CloudContext } from '../context.js';
import type { GatewayRequest, GatewayResponse } from './types.js';

export interface Gateway {
  handle(req: GatewayRequest): Promise<GatewayResponse>;
  close?(): Promise<void>;
}

export function createGateway(_ctx: CloudContext): Gateway {
  return {
    async handle() {
      return { status: 403, headers: { 'content-type': 'application/json' }, body: '{"message":"Missing Authentication Token"}' };
    },
  };
}
