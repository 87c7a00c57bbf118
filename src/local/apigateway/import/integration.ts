// x-amazon-apigateway-integration -> Integration: type and passthroughBehavior case-insensitive
// in the document, upper-case in the model; responses keyed by selection pattern become
// integration responses keyed by status code ("default" has no pattern).
import type { Integration, IntegrationResponse } from '../model.js';
import { stringMap, stringOr } from './document.js';
import { isObject } from './parse.js';

const INTEGRATION_TYPES = ['AWS', 'AWS_PROXY', 'MOCK', 'HTTP', 'HTTP_PROXY'] as const;
const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const;

export function readIntegration(raw: unknown, verb: string, path: string, errors: string[], warnings: string[] = []): Integration | undefined {
  const where = `Unable to put integration on '${verb}' for resource at path '${path}'`;
  if (!isObject(raw)) {
    errors.push(`${where}: x-amazon-apigateway-integration must be an object.`);
    return undefined;
  }
  const type = stringOr(raw.type)?.toUpperCase();
  if (!type) {
    errors.push(`${where}: the integration has no "type"; set one of aws, aws_proxy, http, http_proxy, mock.`);
    return undefined;
  }
  if (!(INTEGRATION_TYPES as readonly string[]).includes(type)) {
    errors.push(`${where}: integration type '${String(raw.type)}' is invalid; use one of aws, aws_proxy, http, http_proxy, mock.`);
    return undefined;
  }
  const passthrough = (stringOr(raw.passthroughBehavior) ?? 'when_no_match').toUpperCase();
  if (!(PASSTHROUGH as readonly string[]).includes(passthrough)) {
    errors.push(`${where}: passthroughBehavior '${String(raw.passthroughBehavior)}' is invalid; use when_no_match, when_no_templates or never.`);
    return undefined;
  }
  if (type !== 'MOCK' && !stringOr(raw.uri)) {
    errors.push(`${where}: a ${type.toLowerCase()} integration needs a "uri".`);
    return undefined;
  }
  if (type !== 'MOCK' && !stringOr(raw.httpMethod)) {
    errors.push(`${where}: a ${type.toLowerCase()} integration needs an "httpMethod" (POST for Lambda).`);
    return undefined;
  }
  // A non-text mapping is left out with AWS's warning.
  const rawParameters = isObject(raw.requestParameters) ? { ...raw.requestParameters } : raw.requestParameters;
  if (isObject(rawParameters)) {
    for (const [name, value] of Object.entries(rawParameters)) {
      if (typeof value === 'string') continue;
      warnings.push(
        `Invalid format for 'requestParameters'. Expected type string for property '${name}' of resource '${path}' and method '${verb}' but got '${String(value)}'`,
      );
      delete rawParameters[name];
    }
  }
  const http = type === 'HTTP' || type === 'HTTP_PROXY';
  const integration: Integration = {
    type: type as Integration['type'],
    // A MOCK integration keeps no HTTP method; HTTP ones reach the internet unless a VPC link is named.
    httpMethod: type === 'MOCK' ? undefined : stringOr(raw.httpMethod)?.toUpperCase(),
    uri: stringOr(raw.uri),
    credentials: stringOr(raw.credentials),
    connectionType: stringOr(raw.connectionType)?.toUpperCase() ?? (http ? 'INTERNET' : undefined),
    connectionId: stringOr(raw.connectionId),
    requestParameters: stringMap(rawParameters),
    requestTemplates: stringMap(raw.requestTemplates),
    passthroughBehavior: passthrough as Integration['passthroughBehavior'],
    contentHandling: stringOr(raw.contentHandling)?.toUpperCase(),
    timeoutInMillis: typeof raw.timeoutInMillis === 'number' ? raw.timeoutInMillis : Number(raw.timeoutInMillis ?? 29000) || 29000,
    cacheKeyParameters: Array.isArray(raw.cacheKeyParameters) ? raw.cacheKeyParameters.map(String) : [],
  };
  if (raw.responses !== undefined) {
    if (!isObject(raw.responses)) {
      errors.push(`${where}: "responses" must map selection patterns to responses.`);
      return undefined;
    }
    const responses: Record<string, IntegrationResponse> = {};
    for (const [pattern, value] of Object.entries(raw.responses)) {
      if (!isObject(value) || value.statusCode === undefined) {
        errors.push(`${where}: integration response '${pattern}' needs a statusCode.`);
        continue;
      }
      const statusCode = String(value.statusCode);
      responses[statusCode] = {
        statusCode,
        selectionPattern: pattern === 'default' ? undefined : pattern,
        responseParameters: stringMap(value.responseParameters),
        responseTemplates: stringMap(value.responseTemplates),
        contentHandling: stringOr(value.contentHandling)?.toUpperCase(),
      };
    }
    integration.integrationResponses = responses;
  }
  return integration;
}

