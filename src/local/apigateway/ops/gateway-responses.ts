// Gateway responses (PutGatewayResponse & co): customised answers API Gateway gives when a request
// fails before or around the integration. Only customisations are stored; Get* fill in the defaults.
import { AwsServiceError } from '../../protocol/errors.js';
import { badRequestError } from '../errors.js';
import {
  DEFAULT_GATEWAY_RESPONSE_TEMPLATE, GATEWAY_RESPONSE_DEFAULT_STATUS, GATEWAY_RESPONSE_TYPES, effectiveGatewayResponse,
} from '../gateway-response-types.js';
import type { GatewayResponseSetting, RestApi } from '../model.js';
import { page, route, type OpRequest, type Route } from '../router.js';
import { apiOrNotFound } from './api-lookup.js';
import { str, stringRecord, type OpsContext } from './context.js';

const PATH = '/restapis/{restapi_id}/gatewayresponses/{response_type}';

function typeOf(r: OpRequest): string {
  const type = r.params.response_type!;
  if (!GATEWAY_RESPONSE_TYPES.includes(type)) {
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value '${type}' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]`, 400);
  }
  return type;
}

/** A new customisation as PutGatewayResponse makes it: what is not given takes the type's default. */
export function newGatewayResponse(type: string, statusCode: string | undefined, parameters: Record<string, string> | undefined, templates: Record<string, string> | undefined): GatewayResponseSetting {
  const setting: GatewayResponseSetting = {
    responseType: type,
    responseParameters: parameters ?? {},
    responseTemplates: templates && Object.keys(templates).length ? templates : { 'application/json': DEFAULT_GATEWAY_RESPONSE_TEMPLATE },
  };
  const status = statusCode ?? GATEWAY_RESPONSE_DEFAULT_STATUS[type];
  if (status !== undefined) setting.statusCode = status;
  return setting;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

function applyPatch(setting: GatewayResponseSetting, raw: unknown): void {
  const op = (raw ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
  const path = typeof op.path === 'string' ? op.path : undefined;
  if (!path) throw badRequestError('Invalid patch path null');
  const kind = String(op.op);
  if (path === '/statusCode') {
    if (kind !== 'replace') throw badRequestError('Invalid patch path /statusCode');
    setting.statusCode = String(op.value);
    return;
  }
  const m = /^\/(responseParameters|responseTemplates)\/(.+)$/.exec(path);
  if (!m) throw badRequestError(`Invalid patch path ${path}`);
  const field = m[1] as 'responseParameters' | 'responseTemplates';
  const key = unescape(m[2]!);
  const map = setting[field];
  if (kind === 'remove') {
    delete map[key];
    return;
  }
  if (kind !== 'add' && kind !== 'replace') throw badRequestError(`Invalid patch path ${path}`);
  if (op.value === undefined || op.value === null || op.value === '') throw badRequestError(`Invalid null or empty value in ${field}`);
  if (kind === 'replace' && !(key in map)) throw new AwsServiceError('NotFoundException', 'Invalid parameter name specified', 404);
  map[key] = String(op.value);
}

export function gatewayResponseRoutes(ops: OpsContext): Route[] {
  const { store } = ops;
  const apiOf = (r: OpRequest): RestApi => apiOrNotFound(ops, r.params.restapi_id!);
  return [
    route('GET', '/restapis/{restapi_id}/gatewayresponses', 'GetGatewayResponses', (r) => {
      const api = apiOf(r);
      return { body: page(GATEWAY_RESPONSE_TYPES.map((type) => effectiveGatewayResponse(api.gatewayResponses, type)), r.query) };
    }),
    route('GET', PATH, 'GetGatewayResponse', (r) => {
      const api = apiOf(r);
      return { body: effectiveGatewayResponse(api.gatewayResponses, typeOf(r)) };
    }),
    route('PUT', PATH, 'PutGatewayResponse', (r) => {
      const api = apiOf(r);
      const type = typeOf(r);
      const body = r.json();
      const setting = newGatewayResponse(
        type,
        str(body.statusCode),
        body.responseParameters === undefined ? undefined : stringRecord(body.responseParameters),
        body.responseTemplates === undefined ? undefined : stringRecord(body.responseTemplates),
      );
      (api.gatewayResponses ??= {})[type] = setting;
      store.save();
      return { status: 201, body: effectiveGatewayResponse(api.gatewayResponses, type) };
    }),
    route('PATCH', PATH, 'UpdateGatewayResponse', (r) => {
      const api = apiOf(r);
      const type = typeOf(r);
      // Updating a type that is not customised starts from its current (default) answer.
      const { defaultResponse: _default, ...current } = effectiveGatewayResponse(api.gatewayResponses, type);
      const draft: GatewayResponseSetting = structuredClone(current);
      const operations = r.json().patchOperations;
      for (const op of Array.isArray(operations) ? operations : []) applyPatch(draft, op);
      (api.gatewayResponses ??= {})[type] = draft;
      store.save();
      return { body: effectiveGatewayResponse(api.gatewayResponses, type) };
    }),
    route('DELETE', PATH, 'DeleteGatewayResponse', (r) => {
      const api = apiOf(r);
      const type = typeOf(r);
      if (!api.gatewayResponses?.[type]) throw new AwsServiceError('NotFoundException', 'Gateway response type not defined on api', 404);
      delete api.gatewayResponses[type];
      store.save();
      return { status: 202 };
    }),
  ];
}
