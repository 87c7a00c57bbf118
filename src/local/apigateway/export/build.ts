// GetExport: a stage's deployed API as Swagger 2.0 or OpenAPI 3.0, optionally with the
// x-amazon-apigateway-* extensions, such that importing the export rebuilds the same tree.
import type { Deployment, Integration, Method, RestApi, Stage } from '../model.js';
import { authorizerSecurity } from './authorizers.js';

export type ExportKind = 'swagger' | 'oas30';
type Json = Record<string, unknown>;

export interface ExportOptions {
  kind: ExportKind;
  /** From the `extensions` parameter: integrations, apigateway, authorizers, postman. */
  extensions: Set<string>;
  region: string;
}

const MODEL_URL = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/]+)$/;

export function buildExport(api: RestApi, stage: Stage, deployment: Deployment, options: ExportOptions): Json {
  const oas3 = options.kind === 'oas30';
  const withIntegrations = options.extensions.has('integrations') || options.extensions.has('apigateway');
  const withApiGateway = options.extensions.has('apigateway');
  const { snapshot } = deployment;
  const refPrefix = oas3 ? '#/components/schemas/' : '#/definitions/';
  const validatorNames = new Map(Object.values(snapshot.requestValidators).map((v) => [v.id, v.name]));
  const securitySchemes: Json = {};

  const paths: Json = {};
  for (const resource of Object.values(snapshot.resources).sort((a, b) => a.path.localeCompare(b.path))) {
    const verbs = Object.entries(resource.resourceMethods);
    if (!verbs.length) continue;
    const item: Json = {};
    for (const [verb, method] of verbs) {
      item[verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()] = operation(method);
    }
    paths[resource.path] = item;
  }

  function operation(method: Method): Json {
    const op: Json = {};
    if (method.operationName) op.operationId = method.operationName;
    const parameters = Object.entries(method.requestParameters ?? {}).flatMap(([name, required]) => {
      const m = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(name);
      if (!m) return [];
      const location = m[1] === 'querystring' ? 'query' : m[1]!;
      const parameter: Json = { name: m[2], in: location, required: location === 'path' ? true : required };
      if (oas3) parameter.schema = { type: 'string' };
      else parameter.type = 'string';
      return [parameter];
    });
    const requestModels = Object.entries(method.requestModels ?? {});
    if (requestModels.length && !oas3) {
      op.consumes = requestModels.map(([type]) => type);
      parameters.push({ in: 'body', name: requestModels[0]![1], required: true, schema: { $ref: `${refPrefix}${requestModels[0]![1]}` } });
    }
    if (requestModels.length && oas3) {
      op.requestBody = {
        content: Object.fromEntries(requestModels.map(([type, model]) => [type, { schema: { $ref: `${refPrefix}${model}` } }])),
        required: true,
      };
    }
    if (parameters.length) op.parameters = parameters;

    const responses: Json = {};
    for (const [code, response] of Object.entries(method.methodResponses ?? {})) {
      const out: Json = { description: `${code} response` };
      const models = Object.entries(response.responseModels ?? {});
      if (models.length && oas3) {
        out.content = Object.fromEntries(models.map(([type, model]) => [type, { schema: { $ref: `${refPrefix}${model}` } }]));
      } else if (models.length) {
        out.schema = { $ref: `${refPrefix}${models[0]![1]}` };
        op.produces = models.map(([type]) => type);
      }
      const headers = Object.keys(response.responseParameters ?? {})
        .map((p) => /^method\.response\.header\.(.+)$/.exec(p)?.[1])
        .filter((h): h is string => Boolean(h));
      if (headers.length) out.headers = Object.fromEntries(headers.map((h) => [h, oas3 ? { schema: { type: 'string' } } : { type: 'string' }]));
      responses[code] = out;
    }
    op.responses = responses;

    const security: Json[] = [];
    if (method.apiKeyRequired) {
      securitySchemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
      security.push({ api_key: [] });
    }
    if (method.authorizationType === 'AWS_IAM') {
      securitySchemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
      security.push({ sigv4: [] });
    }
    const byAuthorizer = authorizerSecurity(method, snapshot.authorizers, options.extensions.has('authorizers') || withApiGateway, securitySchemes);
    if (byAuthorizer) security.push(byAuthorizer);
    if (security.length) op.security = security;
    if (withApiGateway && method.requestValidatorId && validatorNames.has(method.requestValidatorId)) {
      op['x-amazon-apigateway-request-validator'] = validatorNames.get(method.requestValidatorId);
    }
    if (withIntegrations && method.methodIntegration) op['x-amazon-apigateway-integration'] = integration(method.methodIntegration);
    return op;
  }

  const schemas: Json = {};
  for (const model of Object.values(snapshot.models).sort((a, b) => a.name.localeCompare(b.name))) {
    schemas[model.name] = rewriteModelRefs(parseSchema(model.schema), refPrefix);
  }

  const doc: Json = oas3
    ? {
        openapi: '3.0.1',
        info: { title: api.name, ...(api.description ? { description: api.description } : {}), version: api.version ?? isoDate(deployment.createdDate) },
        servers: [
          {
            url: `https://${api.id}.execute-api.${options.region}.amazonaws.com/{basePath}`,
            variables: { basePath: { default: stage.stageName } },
          },
        ],
        paths,
        components: { schemas, ...(Object.keys(securitySchemes).length ? { securitySchemes } : {}) },
      }
    : {
        swagger: '2.0',
        info: { ...(api.description ? { description: api.description } : {}), version: api.version ?? isoDate(deployment.createdDate), title: api.name },
        host: `${api.id}.execute-api.${options.region}.amazonaws.com`,
        basePath: `/${stage.stageName}`,
        schemes: ['https'],
        paths,
        ...(Object.keys(securitySchemes).length ? { securityDefinitions: securitySchemes } : {}),
        definitions: schemas,
      };
  if (withApiGateway && snapshot.gatewayResponses && Object.keys(snapshot.gatewayResponses).length) {
    doc['x-amazon-apigateway-gateway-responses'] = Object.fromEntries(Object.entries(snapshot.gatewayResponses).map(([type, { responseType: _t, ...rest }]) => [type, rest]));
  }
  if (withApiGateway) {
    const validators = Object.values(snapshot.requestValidators);
    if (validators.length) {
      doc['x-amazon-apigateway-request-validators'] = Object.fromEntries(
        validators.map((v) => [v.name, { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters }]),
      );
    }
    if (snapshot.policy) doc['x-amazon-apigateway-policy'] = parseSchema(snapshot.policy);
    if (snapshot.binaryMediaTypes?.length) doc['x-amazon-apigateway-binary-media-types'] = snapshot.binaryMediaTypes;
    if (snapshot.apiKeySource !== 'HEADER') doc['x-amazon-apigateway-api-key-source'] = snapshot.apiKeySource;
  }
  return doc;
}

function integration(source: Integration): Json {
  const out: Json = { type: source.type.toLowerCase() };
  if (source.httpMethod) out.httpMethod = source.httpMethod;
  if (source.uri) out.uri = source.uri;
  if (source.credentials) out.credentials = source.credentials;
  if (source.requestParameters) out.requestParameters = source.requestParameters;
  if (source.requestTemplates) out.requestTemplates = source.requestTemplates;
  if (source.integrationResponses) {
    out.responses = Object.fromEntries(
      Object.values(source.integrationResponses).map((r) => [
        r.selectionPattern ?? 'default',
        {
          statusCode: r.statusCode,
          ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
          ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
          ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
        },
      ]),
    );
  }
  out.passthroughBehavior = (source.passthroughBehavior ?? 'WHEN_NO_MATCH').toLowerCase();
  if (source.contentHandling) out.contentHandling = source.contentHandling;
  if (source.timeoutInMillis !== undefined) out.timeoutInMillis = source.timeoutInMillis;
  if (source.cacheNamespace) out.cacheNamespace = source.cacheNamespace;
  if (source.cacheKeyParameters?.length) out.cacheKeyParameters = source.cacheKeyParameters;
  return out;
}

function parseSchema(text: string | undefined): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function rewriteModelRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteModelRefs(v, prefix));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const match = k === '$ref' && typeof v === 'string' ? MODEL_URL.exec(v) : null;
      return [k, match ? `${prefix}${match[1]}` : rewriteModelRefs(v, prefix)];
    }),
  );
}

const isoDate = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
