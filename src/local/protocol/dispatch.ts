// How the server hands one control-plane request to its service: the input checked against the
// operation's shape first, then the operation run as a transaction over the state documents,
// so a refused or failed operation leaves the stored state exactly as it was.
import type { CloudContext } from '../context.js';
import { statesOf, type PersistentState } from '../persist.js';
import type { LocalService } from '../service.js';
import { inTransaction, Transaction } from '../transaction.js';
import { AwsServiceError } from './errors.js';
import type { AwsRequest, AwsResponse } from './request.js';
import { validateRequest } from './validate/index.js';

export async function dispatchOperation(ctx: CloudContext, service: LocalService, req: AwsRequest): Promise<AwsResponse> {
  const checked = validateRequest(service.name, req);
  // The models read the body themselves: they get it with its null members dropped, as AWS reads it.
  if (checked?.cleanedBody !== undefined) req.body = Buffer.from(JSON.stringify(checked.cleanedBody));
  // IAM after the shape check, as AWS: a malformed request is refused for its form before its caller is judged.
  if (checked) ctx.ports.iamEnforcement?.control(service.name, checked.operation, checked.input, req);
  const tx = new Transaction();
  // On an unexpected failure the service's own document may hold unsaved changes too.
  const ownStates = (): PersistentState<unknown>[] => [statesOf(ctx.stateDir).get(service.name)].filter((s) => s !== undefined);
  try {
    const answer = await inTransaction(tx, () => service.handle(req));
    if (answer.status >= 500) tx.rollback(ownStates());
    else if (answer.status >= 400) tx.rollback([]);
    else {
      tx.commit();
      await tx.durable(); // acknowledged only once on stable storage, as AWS acknowledges a write
    }
    return answer;
  } catch (err) {
    tx.rollback(err instanceof AwsServiceError && err.status < 500 ? [] : ownStates());
    throw err;
  }
}
