// API Gateway's gateway response types with their default status codes, as GetGatewayResponses
// lists them on a new REST API (recorded from AWS). DEFAULT_4XX/DEFAULT_5XX have no status code:
// they stand for every other 4xx/5xx answer, and the default responses of their class inherit a
// customised DEFAULT_4XX/DEFAULT_5XX (status code, parameters, templates).
import type { GatewayResponseSetting } from './model.js';

export const GATEWAY_RESPONSE_DEFAULT_STATUS: Record<string, string | undefined> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400',
  BAD_REQUEST_PARAMETERS: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};

export const GATEWAY_RESPONSE_TYPES = Object.keys(GATEWAY_RESPONSE_DEFAULT_STATUS);

export const DEFAULT_GATEWAY_RESPONSE_TEMPLATE = '{"message":$context.error.messageString}';

export interface GatewayResponseView extends GatewayResponseSetting {
  defaultResponse: boolean;
}

/** The class default (DEFAULT_4XX or DEFAULT_5XX) a type falls back to. */
export function classDefaultOf(type: string): 'DEFAULT_4XX' | 'DEFAULT_5XX' | undefined {
  if (type === 'DEFAULT_4XX' || type === 'DEFAULT_5XX') return undefined;
  const status = GATEWAY_RESPONSE_DEFAULT_STATUS[type];
  return status?.startsWith('5') ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
}

/** What one response type answers on an API with these customisations (AWS's GetGatewayResponse). */
export function effectiveGatewayResponse(custom: Record<string, GatewayResponseSetting> | undefined, type: string): GatewayResponseView {
  const own = custom?.[type];
  if (own) return { ...structuredClone(own), defaultResponse: false };
  const parent = classDefaultOf(type);
  const inherited = parent ? custom?.[parent] : undefined;
  const view: GatewayResponseView = {
    defaultResponse: true,
    responseParameters: inherited ? { ...inherited.responseParameters } : {},
    responseTemplates: inherited ? { ...inherited.responseTemplates } : { 'application/json': DEFAULT_GATEWAY_RESPONSE_TEMPLATE },
    responseType: type,
  };
  const status = inherited?.statusCode ?? GATEWAY_RESPONSE_DEFAULT_STATUS[type];
  if (status !== undefined) view.statusCode = status;
  return view;
}
