// x-amazon-apigateway-gateway-responses: responseType -> {statusCode, responseParameters, responseTemplates}.
import { GATEWAY_RESPONSE_TYPES } from '../gateway-response-types.js';
import type { GatewayResponseSetting } from '../model.js';
import { newGatewayResponse } from '../ops/gateway-responses.js';
import { isObject, type JsonObject } from './parse.js';

const strings = (value: unknown): Record<string, string> | undefined =>
  isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : undefined;

export function readGatewayResponses(doc: JsonObject, errors: string[]): Record<string, GatewayResponseSetting> | undefined {
  const raw = doc['x-amazon-apigateway-gateway-responses'];
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    errors.push('Invalid x-amazon-apigateway-gateway-responses: it must map response types to {statusCode, responseParameters, responseTemplates}.');
    return undefined;
  }
  const out: Record<string, GatewayResponseSetting> = {};
  for (const [type, value] of Object.entries(raw)) {
    if (!GATEWAY_RESPONSE_TYPES.includes(type)) {
      errors.push(`Invalid gateway response type '${type}' in x-amazon-apigateway-gateway-responses: use one of ${GATEWAY_RESPONSE_TYPES.join(', ')}.`);
      continue;
    }
    const spec = isObject(value) ? value : {};
    const status = spec.statusCode === undefined ? undefined : String(spec.statusCode);
    out[type] = newGatewayResponse(type, status, strings(spec.responseParameters), strings(spec.responseTemplates));
  }
  return out;
}
