// Applies an API's customised gateway responses (PutGatewayResponse, x-amazon-apigateway-gateway-
// responses) to the data plane's own error answers: status code, gatewayresponse.header.* parameters
// and the response template, rendered with $context.error.*. Uncustomised errors keep AWS's bytes.
import { classDefaultOf } from '../apigateway/gateway-response-types.js';
import type { GatewayResponseSetting, Stage } from '../apigateway/model.js';
import { requestTemplateInput, templateContext, type Invocation } from './invocation.js';
import { methodRequestValue, setHeader } from './integrations/mapping.js';
import { errorMessageOf, type GatewayError, type GatewayErrorKind } from './responses.js';
import type { GatewayRequest, GatewayResponse } from './types.js';
import { renderTemplate } from './vtl/template.js';

/** Our error kinds as API Gateway's response types; the others fall to DEFAULT_4XX/DEFAULT_5XX. */
const RESPONSE_TYPE: Partial<Record<GatewayErrorKind, string>> = {
  MISSING_AUTHENTICATION_TOKEN: 'MISSING_AUTHENTICATION_TOKEN',
  ACCESS_DENIED: 'ACCESS_DENIED',
  INVALID_API_KEY: 'INVALID_API_KEY',
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  EXPIRED_TOKEN: 'EXPIRED_TOKEN',
  THROTTLED: 'THROTTLED',
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  BAD_REQUEST_BODY: 'BAD_REQUEST_BODY',
  BAD_REQUEST_PARAMETERS: 'BAD_REQUEST_PARAMETERS',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  INTEGRATION_FAILURE: 'INTEGRATION_FAILURE',
  INTEGRATION_TIMEOUT: 'INTEGRATION_TIMEOUT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  AUTHORIZER_CONFIGURATION_ERROR: 'AUTHORIZER_CONFIGURATION_ERROR',
  AUTHORIZER_FAILURE: 'AUTHORIZER_FAILURE',
};

export function responseTypeOf(err: GatewayError, status: number): string {
  return RESPONSE_TYPE[err.kind] ?? (status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX');
}

export interface ErrorScene {
  req: GatewayRequest;
  stage?: Stage;
  inv?: Invocation;
}

export function customiseErrorResponse(
  err: GatewayError,
  base: GatewayResponse,
  custom: Record<string, GatewayResponseSetting> | undefined,
  scene: ErrorScene,
): GatewayResponse {
  if (!custom || Object.keys(custom).length === 0) return base;
  const type = responseTypeOf(err, base.status);
  const parent = classDefaultOf(type);
  const setting = custom[type] ?? (parent ? custom[parent] : undefined);
  if (!setting) return base;

  const message = errorMessageOf(err);
  const error = { message, messageString: JSON.stringify(message), responseType: type, validationErrorString: '' };
  const context = scene.inv
    ? { ...templateContext(scene.inv), error }
    : { stage: scene.stage?.stageName ?? scene.req.stage, apiId: scene.req.apiId, httpMethod: scene.req.method, error };
  const stageVariables = scene.stage?.variables ?? {};
  const headers: Record<string, string | string[]> = { ...base.headers };
  for (const [target, expression] of Object.entries(setting.responseParameters)) {
    const m = /^gatewayresponse\.header\.(.+)$/.exec(target);
    if (!m) continue;
    const value = parameterValue(expression, scene, stageVariables, context);
    if (value !== undefined) setHeader(headers, m[1]!, value);
  }
  let body = base.body;
  const [contentType, template] = Object.entries(setting.responseTemplates).find(([t]) => t === 'application/json') ?? Object.entries(setting.responseTemplates)[0] ?? [];
  if (template !== undefined) {
    try {
      const input = scene.inv ? requestTemplateInput(scene.inv) : { body: '', pathParameters: {}, querystring: {}, headers: {} };
      body = renderTemplate(template, { input, context, stageVariables }).output;
      setHeader(headers, 'content-type', contentType!);
    } catch {
      // A template that cannot render leaves API Gateway's default body.
    }
  }
  return { status: Number(setting.statusCode) || base.status, headers, body };
}

function parameterValue(expression: string, scene: ErrorScene, stageVariables: Record<string, string>, context: Record<string, unknown>): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) return literal[1];
  if (expression.startsWith('method.request.')) return scene.inv ? methodRequestValue(expression, scene.inv) : undefined;
  if (expression.startsWith('stageVariables.')) return stageVariables[expression.slice('stageVariables.'.length)];
  if (expression.startsWith('context.')) {
    const value = expression.slice('context.'.length).split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), context);
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}
