// The REST API an operation of the newer families (authorizers, gateway responses) acts on, with
// AWS's wording when it does not exist: "Invalid API identifier specified ACCOUNT:ID".
import { AwsServiceError } from '../../protocol/errors.js';
import type { RestApi } from '../model.js';
import type { OpsContext } from './context.js';

export function apiOrNotFound({ ctx, store }: OpsContext, id: string): RestApi {
  const api = store.data.restApis[id];
  if (!api) throw new AwsServiceError('NotFoundException', `Invalid API identifier specified ${ctx.accountId}:${id}`, 404);
  return api;
}
