// The local Lambda: control plane (functions, versions, aliases, policies, tags), Invoke, and
// ctx.ports.lambda for the services that invoke functions in process.
import type { CloudContext } from '../context.js';
import type { LocalService } from '../service.js';
import { LambdaCore } from './core.js';
import { createLambdaPort } from './port.js';
import { shapeLambdaError } from './errors.js';
import { routeLambda } from './routes.js';

export function createLambdaService(ctx: CloudContext): LocalService {
  const core = new LambdaCore(ctx);
  ctx.ports.lambda = createLambdaPort(core);
  return {
    name: 'lambda',
    protocol: 'rest-json',
    handle: async (req) => {
      try {
        return await routeLambda(core, req);
      } catch (err) {
        throw shapeLambdaError(err);
      }
    },
    async close() {
      core.close();
    },
  };
}
