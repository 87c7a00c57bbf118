// Swagger 2.0 / OpenAPI 3.x document -> the API Gateway objects an import creates, with the
// warnings and errors API Gateway reports. Pure: nothing is stored here.
import { badRequestError } from '../errors.js';
import type { GatewayResponseSetting, Method, MethodResponse, Model } from '../model.js';
import { readAuthorizers, type ImportedAuthorizer } from './authorizers.js';
import { readGatewayResponses } from './gateway-responses.js';
import { applyBasePath, type BasePathMode } from './basepath.js';
import { mediaTypes, mergeParameters, resolveParameters, resolveRef, rewriteRefs, stringOr } from './document.js';
import { integrationProblems, integrationResponseProblems } from '../mappings.js';
import { readIntegration } from './integration.js';
import { isObject, type JsonObject, type ParsedDocument } from './parse.js';
import { securityOf } from './security.js';

export interface ImportedMethod extends Omit<Method, 'requestValidatorId'> {
  /** Resolved to an id when the import is applied. */
  validatorName?: string;
  /** Likewise: the security scheme of the method's authorizer. */
  authorizerName?: string;
}

export interface ImportedValidator {
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

export interface ImportedApi {
  name: string;
  description?: string;
  version?: string;
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  policy?: string;
  binaryMediaTypes?: string[];
  endpointTypes?: string[];
  disableExecuteApiEndpoint?: boolean;
  /** Resource path -> verb -> method; every prefix of each path becomes a resource too. */
  paths: Map<string, Record<string, ImportedMethod>>;
  models: Omit<Model, 'id'>[];
  validators: ImportedValidator[];
  authorizers: ImportedAuthorizer[];
  gatewayResponses?: Record<string, GatewayResponseSetting>;
  warnings: string[];
}

export interface ConvertOptions {
  /** Model $refs are rewritten to API Gateway's model URLs, which name the API. */
  apiId: string;
  basepath: BasePathMode;
}

const VERBS: Record<string, string> = {
  get: 'GET', put: 'PUT', post: 'POST', delete: 'DELETE', options: 'OPTIONS', head: 'HEAD', patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};
const PATH_PART = /^(?:[a-zA-Z0-9._:~-]+|\{[a-zA-Z0-9._-]+\+?\})$/;
const MODEL_NAME = /^[a-zA-Z0-9]+$/;

export function convertDocument({ kind, doc }: ParsedDocument, options: ConvertOptions): ImportedApi {
  const errors: string[] = [];
  const warnings: string[] = [];
  const info = isObject(doc.info) ? doc.info : {};
  const modelRefPrefix = kind === 'swagger2' ? '#/definitions/' : '#/components/schemas/';
  const components = isObject(doc.components) ? doc.components : {};
  const definitions = (kind === 'swagger2' ? doc.definitions : components.schemas) ?? {};
  const modelNames = new Set(isObject(definitions) ? Object.keys(definitions) : []);
  const modelUrl = (name: string) => `https://apigateway.amazonaws.com/restapis/${options.apiId}/models/${name}`;

  if (typeof info.title !== 'string' || !info.title.trim()) {
    warnings.push('Parse issue: attribute info.title is missing; the API is named after its id.');
  }

  const validators = readValidators(doc, errors);
  const validatorNames = new Set(validators.map((v) => v.name));
  const defaultValidator = stringOr(doc['x-amazon-apigateway-request-validator']);
  if (defaultValidator && !validatorNames.has(defaultValidator)) {
    errors.push(`Invalid x-amazon-apigateway-request-validator '${defaultValidator}': it is not defined in x-amazon-apigateway-request-validators.`);
  }

  /** "#/definitions/Pet" -> "Pet" when the model exists; warns otherwise. */
  const modelFromRef = (schema: unknown, where: string): string | undefined => {
    if (!isObject(schema) || typeof schema.$ref !== 'string') return undefined;
    const ref = schema.$ref;
    const name = ref.startsWith(modelRefPrefix) ? ref.slice(modelRefPrefix.length) : undefined;
    if (!name || !modelNames.has(name)) {
      warnings.push(`Unable to resolve model reference '${ref}' at ${where}; the model is ignored.`);
      return undefined;
    }
    return name;
  };

  const paths = new Map<string, Record<string, ImportedMethod>>();
  const rawPaths = isObject(doc.paths) ? doc.paths : {};
  if (doc.paths !== undefined && !isObject(doc.paths)) errors.push('Invalid "paths": it must be an object keyed by resource path.');
  const basePath = declaredBasePath(kind, doc);

  for (const [rawPath, pathItemValue] of Object.entries(rawPaths)) {
    if (rawPath.startsWith('x-')) continue;
    const path = applyBasePath(rawPath, basePath, options.basepath);
    const pathProblem = checkResourcePath(path);
    if (pathProblem) {
      errors.push(`Unable to create resource at path '${rawPath}': ${pathProblem}`);
      continue;
    }
    if (!isObject(pathItemValue)) {
      errors.push(`Invalid path item at paths.'${rawPath}': it must be an object of operations.`);
      continue;
    }
    const pathParameters = resolveParameters(doc, pathItemValue.parameters);
    const methods: Record<string, ImportedMethod> = paths.get(path) ?? {};
    for (const [key, operationValue] of Object.entries(pathItemValue)) {
      const verb = VERBS[key.toLowerCase()];
      if (!verb) continue;
      const where = `${verb} ${rawPath}`;
      if (!isObject(operationValue)) {
        errors.push(`Invalid operation '${where}': it must be an object.`);
        continue;
      }
      const op = operationValue;
      const security = securityOf(kind, doc, op, where, warnings);
      const method: ImportedMethod = {
        httpMethod: verb,
        authorizationType: security.authorizationType,
        apiKeyRequired: security.apiKeyRequired,
        operationName: stringOr(op.operationId),
      };
      if (security.authorizerName) method.authorizerName = security.authorizerName;
      if (security.authorizationScopes) method.authorizationScopes = security.authorizationScopes;
      const parameters = mergeParameters(pathParameters, resolveParameters(doc, op.parameters));
      const requestParameters: Record<string, boolean> = {};
      const requestModels: Record<string, string> = {};
      for (const parameter of parameters) {
        const location = { path: 'path', query: 'querystring', header: 'header' }[String(parameter.in)];
        if (location && typeof parameter.name === 'string') {
          requestParameters[`method.request.${location}.${parameter.name}`] = parameter.in === 'path' ? true : parameter.required === true;
        } else if (parameter.in === 'body') {
          const model = modelFromRef(parameter.schema, `${where} body parameter`);
          if (model) for (const type of mediaTypes(op.consumes ?? doc.consumes)) requestModels[type] = model;
        }
      }
      const requestBody = kind === 'oas3' && isObject(op.requestBody) ? resolveRef(doc, op.requestBody) : undefined;
      if (requestBody && isObject(requestBody.content)) {
        for (const [type, media] of Object.entries(requestBody.content)) {
          const model = isObject(media) ? modelFromRef(media.schema, `${where} requestBody`) : undefined;
          if (model) requestModels[type] = model;
        }
      }
      // Every {name} of the path is a required path parameter, declared or not.
      for (const [, name] of path.matchAll(/\{([^}+]+)\+?\}/g)) requestParameters[`method.request.path.${name}`] ??= true;
      if (Object.keys(requestParameters).length) method.requestParameters = requestParameters;
      if (Object.keys(requestModels).length) method.requestModels = requestModels;

      const methodResponses = readMethodResponses(kind, doc, op, rawPath, key, warnings, modelFromRef);
      if (Object.keys(methodResponses).length) method.methodResponses = methodResponses;

      const validator = stringOr(op['x-amazon-apigateway-request-validator']) ?? defaultValidator;
      if (validator) {
        if (validatorNames.has(validator)) method.validatorName = validator;
        else if (validator !== defaultValidator) errors.push(`Invalid x-amazon-apigateway-request-validator '${validator}' on '${where}': it is not defined in x-amazon-apigateway-request-validators.`);
      }

      const integration = op['x-amazon-apigateway-integration'];
      if (integration !== undefined) {
        const converted = readIntegration(integration, verb, path, errors, warnings);
        if (converted) {
          method.methodIntegration = converted;
          const problems = [
            ...integrationProblems(method, converted),
            ...Object.values(converted.integrationResponses ?? {}).flatMap((r) => integrationResponseProblems(method, r)),
          ];
          for (const problem of problems) errors.push(`Unable to put integration on '${verb}' for resource at path '${path}': ${problem}`);
        }
      }
      methods[verb] = method;
    }
    paths.set(path, methods);
  }

  const authorizers = readAuthorizers(kind, doc, errors);
  const gatewayResponses = readGatewayResponses(doc, errors);
  const models: Omit<Model, 'id'>[] = [];
  if (isObject(definitions)) {
    for (const [name, schema] of Object.entries(definitions)) {
      if (!MODEL_NAME.test(name)) {
        warnings.push(`Model name '${name}' is not alphanumeric; API Gateway cannot create it, so the model is ignored.`);
        continue;
      }
      if (!isObject(schema)) {
        errors.push(`Invalid model '${name}': its schema must be an object.`);
        continue;
      }
      const rewritten = rewriteRefs(schema, modelRefPrefix, modelUrl);
      models.push({
        name,
        contentType: 'application/json',
        description: stringOr(schema.description),
        schema: JSON.stringify(rewritten),
      });
    }
  }

  if (errors.length) throw badRequestError(`Errors found during import:\n\t${errors.join('\n\t')}`);

  const policy = doc['x-amazon-apigateway-policy'];
  const endpoint = isObject(doc['x-amazon-apigateway-endpoint-configuration']) ? doc['x-amazon-apigateway-endpoint-configuration'] : undefined;
  const keySource = stringOr(doc['x-amazon-apigateway-api-key-source'])?.toUpperCase();
  if (keySource && keySource !== 'HEADER' && keySource !== 'AUTHORIZER') {
    warnings.push(`Invalid x-amazon-apigateway-api-key-source '${keySource}': use HEADER or AUTHORIZER; HEADER is used.`);
  }
  const binary = doc['x-amazon-apigateway-binary-media-types'];
  return {
    name: typeof info.title === 'string' && info.title.trim() ? info.title : options.apiId,
    description: stringOr(info.description),
    version: info.version === undefined ? undefined : String(info.version),
    apiKeySource: keySource === 'AUTHORIZER' ? 'AUTHORIZER' : keySource === 'HEADER' ? 'HEADER' : undefined,
    policy: policy === undefined ? undefined : typeof policy === 'string' ? policy : JSON.stringify(policy),
    binaryMediaTypes: Array.isArray(binary) ? binary.map(String) : undefined,
    endpointTypes: endpoint && Array.isArray(endpoint.types) ? endpoint.types.map((t) => String(t).toUpperCase()) : undefined,
    disableExecuteApiEndpoint: endpoint && typeof endpoint.disableExecuteApiEndpoint === 'boolean' ? endpoint.disableExecuteApiEndpoint : undefined,
    paths,
    models,
    validators,
    authorizers,
    gatewayResponses,
    warnings,
  };
}

/** An error text when the path cannot be an API Gateway resource path. */
export function checkResourcePath(path: string): string | undefined {
  if (!path.startsWith('/')) return 'a resource path must start with "/".';
  if (path === '/') return undefined;
  const parts = path.slice(1).split('/');
  for (const part of parts) {
    if (!part) return 'a resource path cannot contain an empty segment ("//" or a trailing "/").';
    if (!PATH_PART.test(part)) {
      return `path part '${part}' is invalid: resource path parts only allow a-zA-Z0-9._-:~ and curly braces at the beginning and the end, with an optional plus sign before the closing brace.`;
    }
  }
  const greedy = parts.findIndex((p) => p.endsWith('+}'));
  if (greedy !== -1 && greedy !== parts.length - 1) return 'a greedy path variable ({name+}) must be the last part of the path.';
  return undefined;
}

function declaredBasePath(kind: ParsedDocument['kind'], doc: JsonObject): string | undefined {
  if (kind === 'swagger2') return stringOr(doc.basePath);
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0] : undefined;
  if (!server || typeof server.url !== 'string') return undefined;
  const variables = isObject(server.variables) ? server.variables : {};
  // API Gateway's convention: a `basePath` server variable is the base path, referenced or not.
  const basePathVariable = variables.basePath;
  if (isObject(basePathVariable) && typeof basePathVariable.default === 'string') return `/${basePathVariable.default.replace(/^\/+/, '')}`;
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    return isObject(variable) && variable.default !== undefined ? String(variable.default) : '';
  });
  try {
    return new URL(url, 'https://placeholder.invalid').pathname;
  } catch {
    return undefined;
  }
}

function readValidators(doc: JsonObject, errors: string[]): ImportedValidator[] {
  const raw = doc['x-amazon-apigateway-request-validators'];
  if (raw === undefined) return [];
  if (!isObject(raw)) {
    errors.push('Invalid x-amazon-apigateway-request-validators: it must map validator names to {validateRequestBody, validateRequestParameters}.');
    return [];
  }
  return Object.entries(raw).map(([name, value]) => ({
    name,
    validateRequestBody: isObject(value) && value.validateRequestBody === true,
    validateRequestParameters: isObject(value) && value.validateRequestParameters === true,
  }));
}

function readMethodResponses(
  kind: ParsedDocument['kind'],
  doc: JsonObject,
  op: JsonObject,
  rawPath: string,
  key: string,
  warnings: string[],
  modelFromRef: (schema: unknown, where: string) => string | undefined,
): Record<string, MethodResponse> {
  const out: Record<string, MethodResponse> = {};
  // AWS imports an operation without responses silently (no method responses, no warning).
  if (op.responses === undefined) return out;
  if (!isObject(op.responses)) return out;
  for (const [code, value] of Object.entries(op.responses)) {
    if (!/^[1-5]\d\d$/.test(code)) continue; // "default" has no API Gateway equivalent
    const response = isObject(value) ? resolveRef(doc, value) : undefined;
    if (!response) continue;
    if (typeof response.description !== 'string') {
      warnings.push(`Parse issue: attribute paths.'${rawPath}'(${key}).responses.${code}.description is missing`);
    }
    const methodResponse: MethodResponse = { statusCode: code };
    if (isObject(response.headers) && Object.keys(response.headers).length) {
      methodResponse.responseParameters = Object.fromEntries(Object.keys(response.headers).map((h) => [`method.response.header.${h}`, false]));
    }
    const models: Record<string, string> = {};
    const where = `${key.toUpperCase()} ${rawPath} response ${code}`;
    if (kind === 'swagger2') {
      const model = modelFromRef(response.schema, where);
      if (model) for (const type of mediaTypes(op.produces ?? doc.produces)) models[type] = model;
    } else if (isObject(response.content)) {
      for (const [type, media] of Object.entries(response.content)) {
        const model = isObject(media) ? modelFromRef(media.schema, where) : undefined;
        if (model) models[type] = model;
      }
    }
    if (Object.keys(models).length) methodResponse.responseModels = models;
    out[code] = methodResponse;
  }
  return out;
}
