// Authorizers (CreateAuthorizer & co): Lambda TOKEN and REQUEST authorizers the data plane runs,
// and Cognito user-pool authorizers it can only refuse (the local cloud does not emulate Cognito).
import { AwsServiceError } from '../../protocol/errors.js';
import { badRequestError, notFoundError } from '../errors.js';
import { newId } from '../ids.js';
import type { Authorizer, RestApi } from '../model.js';
import { numberValue, optionalValue, patchOperations, requireValue, unsupportedPatch } from '../patch.js';
import { page, route, type OpRequest, type Route } from '../router.js';
import { apiOrNotFound } from './api-lookup.js';
import { str, type OpsContext } from './context.js';

const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'];

export function authorizerProblem(authorizer: Omit<Authorizer, 'id'>): string | undefined {
  if (!authorizer.name) return 'Authorizer name must be non-empty';
  if (!TYPES.includes(authorizer.type)) return `Invalid authorizer type '${authorizer.type}': use TOKEN, REQUEST or COGNITO_USER_POOLS.`;
  if (authorizer.type === 'COGNITO_USER_POOLS') {
    if (!authorizer.providerARNs?.length) return 'ProviderARNs need to be specified for a COGNITO_USER_POOLS authorizer';
  } else if (!authorizer.authorizerUri) {
    return `Authorizer URI must be specified for a ${authorizer.type} authorizer`;
  }
  if (authorizer.type === 'TOKEN' && !/^method\.request\.header\.[^.,\s]+$/.test(authorizer.identitySource ?? '')) {
    return 'Identity source is required for a TOKEN authorizer and must be method.request.header.NAME';
  }
  const ttl = authorizer.authorizerResultTtlInSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600)) return 'The TTL of authorizer results must be between 0 and 3600 seconds';
  return undefined;
}

export function authorizerFromBody(body: Record<string, unknown>): Omit<Authorizer, 'id'> {
  const authorizer: Omit<Authorizer, 'id'> = {
    name: str(body.name) ?? '',
    type: (str(body.type) ?? '') as Authorizer['type'],
    providerARNs: Array.isArray(body.providerARNs) ? body.providerARNs.map(String) : undefined,
    authType: str(body.authType),
    authorizerUri: str(body.authorizerUri),
    authorizerCredentials: str(body.authorizerCredentials),
    identitySource: str(body.identitySource),
    identityValidationExpression: str(body.identityValidationExpression),
    authorizerResultTtlInSeconds: typeof body.authorizerResultTtlInSeconds === 'number' ? body.authorizerResultTtlInSeconds : undefined,
  };
  for (const key of Object.keys(authorizer) as (keyof typeof authorizer)[]) if (authorizer[key] === undefined) delete authorizer[key];
  return authorizer;
}

export function authorizerOf(api: RestApi, id: string): Authorizer {
  const authorizer = api.authorizers?.[id];
  if (!authorizer) throw notFoundError('Authorizer', id);
  return authorizer;
}

export function authorizerRoutes(ops: OpsContext): Route[] {
  const { store } = ops;
  const apiOf = (r: OpRequest) => apiOrNotFound(ops, r.params.restapi_id!);
  return [
    route('POST', '/restapis/{restapi_id}/authorizers', 'CreateAuthorizer', (r) => {
      // AWS answers a CreateAuthorizer on a missing API with this conflict (recorded).
      if (!store.data.restApis[r.params.restapi_id!]) {
        throw new AwsServiceError('ConflictException', 'Unable to complete operation due to concurrent modification. Please try again later.', 409);
      }
      const api = apiOf(r);
      const fields = authorizerFromBody(r.json());
      const problem = authorizerProblem(fields);
      if (problem) throw badRequestError(problem);
      const authorizer: Authorizer = { id: newId(), ...fields };
      (api.authorizers ??= {})[authorizer.id] = authorizer;
      store.save();
      return { status: 201, body: authorizer };
    }),
    route('GET', '/restapis/{restapi_id}/authorizers', 'GetAuthorizers', (r) => {
      return { body: page(Object.values(apiOf(r).authorizers ?? {}), r.query) };
    }),
    route('GET', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'GetAuthorizer', (r) => ({
      body: authorizerOf(apiOf(r), r.params.authorizer_id!),
    })),
    route('PATCH', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'UpdateAuthorizer', (r) => {
      const api = apiOf(r);
      const authorizer = authorizerOf(api, r.params.authorizer_id!);
      const draft: Authorizer = structuredClone(authorizer);
      for (const op of patchOperations(r.json())) {
        const field = op.path.replace(/^\//, '');
        switch (field) {
          case 'name':
          case 'type':
          case 'authorizerUri':
            (draft as unknown as Record<string, unknown>)[field] = requireValue(op);
            break;
          case 'authType':
          case 'authorizerCredentials':
          case 'identitySource':
          case 'identityValidationExpression': {
            const value = optionalValue(op);
            if (value === undefined) delete draft[field];
            else draft[field] = value;
            break;
          }
          case 'authorizerResultTtlInSeconds':
            draft.authorizerResultTtlInSeconds = numberValue(op);
            break;
          default:
            if (field.startsWith('providerARNs')) {
              const arn = optionalValue(op) ?? field.slice('providerARNs/'.length);
              const arns = new Set(draft.providerARNs ?? []);
              if (op.op === 'remove') arns.delete(arn);
              else arns.add(arn);
              draft.providerARNs = [...arns];
              break;
            }
            throw unsupportedPatch(op, `authorizer ${authorizer.id}`);
        }
      }
      const { id: _id, ...fields } = draft;
      const problem = authorizerProblem(fields);
      if (problem) throw badRequestError(problem);
      api.authorizers![authorizer.id] = draft;
      store.save();
      return { body: draft };
    }),
    route('DELETE', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'DeleteAuthorizer', (r) => {
      const api = apiOf(r);
      const authorizer = authorizerOf(api, r.params.authorizer_id!);
      delete api.authorizers![authorizer.id];
      store.save();
      return { status: 202 };
    }),
  ];
}
