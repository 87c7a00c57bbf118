// Resources, methods, method responses, integrations and integration responses.
import { AwsServiceError } from '../../protocol/errors.js';
import { badRequestError, conflictError, notFoundError } from '../errors.js';
import { newId } from '../ids.js';
import { checkResourcePath } from '../import/convert.js';
import { integrationProblems, integrationResponseProblems } from '../mappings.js';
import type { Integration, IntegrationResponse, Method, MethodResponse, Resource, RestApi } from '../model.js';
import { boolValue, numberValue, pathSegments, patchMap, patchOperations, requireValue, unsupportedPatch, type PatchOperation, optionalValue } from '../patch.js';
import { page, route, type OpRequest, type Route } from '../router.js';
import { methodView, resourceView } from '../view.js';
import { str, stringRecord, type OpsContext } from './context.js';

const METHOD_PATH = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}';
const VERBS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'ANY'];
const INTEGRATION_TYPES = ['AWS', 'AWS_PROXY', 'MOCK', 'HTTP', 'HTTP_PROXY'];
const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];

export function resourceRoutes({ store }: OpsContext): Route[] {
  const target = (r: OpRequest) => {
    const api = store.api(r.params.restapi_id!);
    const resource = store.resource(api, r.params.resource_id!);
    return { api, resource };
  };
  const methodOf = (r: OpRequest) => {
    const { api, resource } = target(r);
    return { api, resource, method: store.method(resource, r.params.http_method!) };
  };
  const integrationOf = (r: OpRequest) => {
    const found = methodOf(r);
    const integration = found.method.methodIntegration;
    if (!integration) throw notFoundError('Integration', `${found.method.httpMethod} on ${found.resource.path}`);
    return { ...found, integration };
  };
  const saved = <T>(body: T, status = 200) => {
    store.save();
    return { status, body };
  };

  return [
    route('GET', '/restapis/{restapi_id}/resources', 'GetResources', (r) => {
      const api = store.api(r.params.restapi_id!);
      const embed = r.query.getAll('embed').join(',').includes('methods');
      const resources = Object.values(api.resources).sort((a, b) => a.path.localeCompare(b.path));
      return { body: page(resources.map((res) => resourceView(res, embed)), r.query) };
    }),
    route('GET', '/restapis/{restapi_id}/resources/{resource_id}', 'GetResource', (r) => {
      const embed = r.query.getAll('embed').join(',').includes('methods');
      return { body: resourceView(target(r).resource, embed) };
    }),
    route('POST', '/restapis/{restapi_id}/resources/{parent_id}', 'CreateResource', (r) => {
      const api = store.api(r.params.restapi_id!);
      const parent = store.resource(api, r.params.parent_id!);
      const pathPart = str(r.json().pathPart);
      if (!pathPart) throw badRequestError('CreateResource needs a "pathPart".');
      const path = parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`;
      const problem = checkResourcePath(path);
      if (problem) throw badRequestError(`Invalid pathPart '${pathPart}': ${problem}`);
      if (Object.values(api.resources).some((res) => res.parentId === parent.id && res.pathPart === pathPart)) {
        throw conflictError(`Another resource with the same parent already has this name: ${pathPart}`);
      }
      const variableSibling = pathPart.startsWith('{')
        ? Object.values(api.resources).find((res) => res.parentId === parent.id && res.pathPart?.startsWith('{'))
        : undefined;
      if (variableSibling) {
        throw badRequestError(`A sibling (${variableSibling.pathPart}) of this resource already has a variable path part -- only one is allowed`);
      }
      const resource: Resource = { id: newId(), parentId: parent.id, pathPart, path, resourceMethods: {} };
      api.resources[resource.id] = resource;
      return saved(resourceView(resource, false), 201);
    }),
    route('DELETE', '/restapis/{restapi_id}/resources/{resource_id}', 'DeleteResource', (r) => {
      const { api, resource } = target(r);
      if (resource.id === api.rootResourceId) throw badRequestError('Cannot delete the root resource of a REST API.');
      for (const res of Object.values(api.resources)) {
        if (res.path === resource.path || res.path.startsWith(`${resource.path}/`)) delete api.resources[res.id];
      }
      return saved(undefined, 202);
    }),

    route('PUT', METHOD_PATH, 'PutMethod', (r) => {
      const { api, resource } = target(r);
      const verb = r.params.http_method!.toUpperCase();
      if (!VERBS.includes(verb)) throw badRequestError(`Invalid HTTP method '${r.params.http_method}': use one of ${VERBS.join(', ')}.`);
      if (resource.resourceMethods[verb]) throw conflictError('Method already exists for this resource');
      const body = r.json();
      const authorizationType = str(body.authorizationType);
      if (!authorizationType) throw badRequestError('PutMethod needs an "authorizationType" (NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS).');
      if ((authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS') && !api.authorizers?.[str(body.authorizerId) ?? '']) throw invalidAuthorizer();
      rejectDuplicateParameterNames(body.requestParameters);
      for (const name of Object.values(stringRecord(body.requestModels))) {
        if (!Object.values(api.models).some((m) => m.name === name)) throw badRequestError(`Invalid model identifier specified: ${name}`);
      }
      const method: Method = {
        httpMethod: verb,
        authorizationType,
        authorizerId: str(body.authorizerId),
        apiKeyRequired: body.apiKeyRequired === true,
        requestValidatorId: validatorId(api, str(body.requestValidatorId)),
        operationName: str(body.operationName),
        requestParameters: booleanRecord(body.requestParameters),
        requestModels: optionalRecord(body.requestModels),
      };
      resource.resourceMethods[verb] = method;
      return saved(methodView(method), 201);
    }),
    route('GET', METHOD_PATH, 'GetMethod', (r) => ({ body: methodView(methodOf(r).method) })),
    route('PATCH', METHOD_PATH, 'UpdateMethod', (r) => {
      const { api, method } = methodOf(r);
      const draft = structuredClone(method);
      for (const op of patchOperations(r.json())) patchMethod(api, draft, op);
      const custom = draft.authorizationType === 'CUSTOM' || draft.authorizationType === 'COGNITO_USER_POOLS';
      if (custom && !api.authorizers?.[draft.authorizerId ?? '']) throw invalidAuthorizer();
      // An authorizer id on a method that uses none is dropped, as on AWS.
      if (!custom) delete draft.authorizerId;
      Object.assign(method, draft);
      for (const key of Object.keys(method) as (keyof Method)[]) if (draft[key] === undefined) delete method[key];
      return saved(methodView(method));
    }),
    route('DELETE', METHOD_PATH, 'DeleteMethod', (r) => {
      const { resource, method } = methodOf(r);
      delete resource.resourceMethods[method.httpMethod];
      return saved(undefined, 204);
    }),

    route('PUT', `${METHOD_PATH}/responses/{status_code}`, 'PutMethodResponse', (r) => {
      const { method } = methodOf(r);
      const statusCode = statusCodeOf(r);
      const body = r.json();
      // Maps given empty stay empty maps in AWS's answer.
      const response: MethodResponse = {
        statusCode,
        responseParameters: booleanRecord(body.responseParameters) ?? (isRecord(body.responseParameters) ? {} : undefined),
        responseModels: optionalRecord(body.responseModels) ?? (isRecord(body.responseModels) ? {} : undefined),
      };
      method.methodResponses = { ...(method.methodResponses ?? {}), [statusCode]: response };
      return saved(response, 201);
    }),
    route('GET', `${METHOD_PATH}/responses/{status_code}`, 'GetMethodResponse', (r) => {
      const response = methodOf(r).method.methodResponses?.[r.params.status_code!];
      if (!response) throw notFoundError('Response status code', r.params.status_code);
      return { body: response };
    }),
    route('PATCH', `${METHOD_PATH}/responses/{status_code}`, 'UpdateMethodResponse', (r) => {
      const { method } = methodOf(r);
      const response = method.methodResponses?.[r.params.status_code!];
      if (!response) throw notFoundError('Response status code', r.params.status_code);
      const draft = structuredClone(response);
      for (const op of patchOperations(r.json())) {
        const [field, ...rest] = pathSegments(op.path);
        const key = rest.join('/');
        if (field === 'responseParameters') {
          if (!key.startsWith('method.response.header.') || (op.op === 'remove' && draft.responseParameters?.[key] === undefined)) {
            throw new AwsServiceError('NotFoundException', 'Invalid parameter name specified', 404);
          }
          draft.responseParameters = patchMap(draft.responseParameters, key, op, () => (op.value === undefined ? false : boolValue(op)));
        } else if (field === 'responseModels') {
          if (!key.includes('/') || (op.op === 'remove' && draft.responseModels?.[key] === undefined)) {
            throw new AwsServiceError('NotFoundException', 'Content-Type specified was not found', 404);
          }
          draft.responseModels = patchMap(draft.responseModels, key, op, () => requireValue(op));
        } else throw badRequestError(`Invalid patch path ${op.path}`);
      }
      method.methodResponses![response.statusCode] = draft;
      // AWS answers UpdateMethodResponse with 201.
      return saved(draft, 201);
    }),
    route('DELETE', `${METHOD_PATH}/responses/{status_code}`, 'DeleteMethodResponse', (r) => {
      const { method } = methodOf(r);
      if (!method.methodResponses?.[r.params.status_code!]) throw notFoundError('Response status code', r.params.status_code);
      delete method.methodResponses[r.params.status_code!];
      return saved(undefined, 204);
    }),

    route('PUT', `${METHOD_PATH}/integration`, 'PutIntegration', (r) => {
      const { resource, method } = methodOf(r);
      const body = r.json();
      const type = str(body.type)?.toUpperCase();
      if (!type || !INTEGRATION_TYPES.includes(type)) {
        throw badRequestError(`Invalid integration type '${String(body.type ?? '')}': use one of ${INTEGRATION_TYPES.join(', ')}.`);
      }
      const httpMethod = str(body.httpMethod)?.toUpperCase();
      if (type !== 'MOCK' && !httpMethod) throw badRequestError('Enumeration value for HttpMethod must be non-empty');
      if (type !== 'MOCK' && !str(body.uri)) throw badRequestError(`Invalid integration URI specified: a ${type} integration needs a "uri".`);
      const passthrough = (str(body.passthroughBehavior) ?? 'WHEN_NO_MATCH').toUpperCase();
      if (!PASSTHROUGH.includes(passthrough)) throw badRequestError(`Invalid passthroughBehavior '${passthrough}': use ${PASSTHROUGH.join(', ')}.`);
      const integration: Integration = {
        type: type as Integration['type'],
        // A MOCK integration keeps no HTTP method, as on AWS.
        httpMethod: type === 'MOCK' ? undefined : httpMethod,
        uri: str(body.uri),
        credentials: str(body.credentials),
        requestParameters: optionalRecord(body.requestParameters),
        requestTemplates: optionalRecord(body.requestTemplates),
        passthroughBehavior: passthrough as Integration['passthroughBehavior'],
        contentHandling: str(body.contentHandling),
        timeoutInMillis: typeof body.timeoutInMillis === 'number' ? body.timeoutInMillis : 29000,
        cacheNamespace: str(body.cacheNamespace) ?? resource.id,
        cacheKeyParameters: Array.isArray(body.cacheKeyParameters) ? body.cacheKeyParameters.map(String) : [],
        connectionType: str(body.connectionType),
        connectionId: str(body.connectionId),
      };
      rejectProblems(integrationProblems(method, integration));
      method.methodIntegration = integration;
      return saved(integration, 201);
    }),
    route('GET', `${METHOD_PATH}/integration`, 'GetIntegration', (r) => ({ body: integrationOf(r).integration })),
    route('PATCH', `${METHOD_PATH}/integration`, 'UpdateIntegration', (r) => {
      const { method, integration } = integrationOf(r);
      const draft = structuredClone(integration);
      for (const op of patchOperations(r.json())) patchIntegration(draft, op);
      rejectProblems(integrationProblems(method, draft));
      method.methodIntegration = draft;
      return saved(draft);
    }),
    route('DELETE', `${METHOD_PATH}/integration`, 'DeleteIntegration', (r) => {
      const { method } = integrationOf(r);
      delete method.methodIntegration;
      return saved(undefined, 204);
    }),

    route('PUT', `${METHOD_PATH}/integration/responses/{status_code}`, 'PutIntegrationResponse', (r) => {
      const { method, integration } = integrationOf(r);
      const statusCode = statusCodeOf(r);
      const body = r.json();
      const response: IntegrationResponse = {
        statusCode,
        selectionPattern: str(body.selectionPattern),
        responseParameters: optionalRecord(body.responseParameters),
        responseTemplates: responseTemplatesOf(body.responseTemplates),
        contentHandling: str(body.contentHandling),
      };
      rejectProblems(integrationResponseProblems(method, response));
      integration.integrationResponses = { ...(integration.integrationResponses ?? {}), [statusCode]: response };
      return saved(response, 201);
    }),
    route('GET', `${METHOD_PATH}/integration/responses/{status_code}`, 'GetIntegrationResponse', (r) => {
      const response = integrationOf(r).integration.integrationResponses?.[r.params.status_code!];
      if (!response) throw notFoundError('Response status code', r.params.status_code);
      return { body: response };
    }),
    route('PATCH', `${METHOD_PATH}/integration/responses/{status_code}`, 'UpdateIntegrationResponse', (r) => {
      const { method, integration } = integrationOf(r);
      const response = integration.integrationResponses?.[r.params.status_code!];
      if (!response) throw notFoundError('Response status code', r.params.status_code);
      const draft = structuredClone(response);
      for (const op of patchOperations(r.json())) {
        const [field, ...rest] = pathSegments(op.path);
        const key = rest.join('/');
        if (field === 'selectionPattern' || field === 'contentHandling') draft[field] = optionalValue(op);
        else if (field === 'responseTemplates') draft.responseTemplates = patchMap(draft.responseTemplates, key, op, () => op.value ?? '');
        else if (field === 'responseParameters') draft.responseParameters = patchMap(draft.responseParameters, key, op, () => requireValue(op));
        else throw unsupportedPatch(op, `integration response ${response.statusCode}`);
      }
      rejectProblems(integrationResponseProblems(method, draft));
      integration.integrationResponses![response.statusCode] = draft;
      return saved(draft);
    }),
    route('DELETE', `${METHOD_PATH}/integration/responses/{status_code}`, 'DeleteIntegrationResponse', (r) => {
      const { integration } = integrationOf(r);
      if (!integration.integrationResponses?.[r.params.status_code!]) throw notFoundError('Response status code', r.params.status_code);
      delete integration.integrationResponses[r.params.status_code!];
      return saved(undefined, 204);
    }),
  ];
}

const invalidAuthorizer = () =>
  badRequestError('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.');

/** method.request.{querystring,header,path}.NAME: one NAME may appear under one location only. */
function rejectDuplicateParameterNames(parameters: unknown): void {
  if (!parameters || typeof parameters !== 'object') return;
  const bad = Object.keys(parameters).find((key) => !/^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^.]/.test(key));
  if (bad !== undefined) {
    throw badRequestError(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${bad}]`);
  }
  const names = Object.keys(parameters).map((key) => key.split('.').slice(3).join('.'));
  if (new Set(names).size !== names.length) throw badRequestError('Parameter names must be unique across querystring, header and path');
}

function rejectProblems(problems: string[]): void {
  if (problems.length) throw badRequestError(problems.join(' '));
}

function statusCodeOf(r: OpRequest): string {
  const code = r.params.status_code!;
  if (!/^[1-5]\d\d$/.test(code)) throw badRequestError(`Invalid status code '${code}': use an HTTP status code such as 200.`);
  return code;
}

function validatorId(api: RestApi, id: string | undefined): string | undefined {
  if (id && !api.requestValidators[id]) throw badRequestError('Invalid Request Validator identifier specified');
  return id || undefined;
}

const METHOD_SCALARS = ['apiKeyRequired', 'authorizationType', 'authorizerId', 'operationName', 'requestValidatorId'];

function patchMethod(api: RestApi, method: Method, op: PatchOperation): void {
  const [field, ...rest] = pathSegments(op.path);
  const key = rest.join('/');
  if (field && METHOD_SCALARS.includes(field) && op.op !== 'replace') throw badRequestError('Invalid patch operation specified. Must be one of: [replace]');
  if ((field === 'requestParameters' || field === 'requestModels') && rest.length !== 1) throw badRequestError(`Invalid patch path ${op.path}`);
  switch (field) {
    case 'apiKeyRequired':
      // Java's Boolean.parseBoolean: anything but "true" is false.
      method.apiKeyRequired = String(op.value).toLowerCase() === 'true';
      return;
    case 'authorizationType':
      method.authorizationType = requireValue(op);
      return;
    case 'authorizerId':
    case 'operationName':
      method[field] = optionalValue(op);
      return;
    case 'requestValidatorId':
      method.requestValidatorId = validatorId(api, optionalValue(op));
      return;
    case 'requestParameters':
      method.requestParameters = patchMap(method.requestParameters, key, op, () => (op.value === undefined ? false : boolValue(op)));
      return;
    case 'requestModels':
      method.requestModels = patchMap(method.requestModels, key, op, () => requireValue(op));
      return;
    case 'httpMethod':
      throw badRequestError(`Invalid patch path ${op.path}`);
    case 'methodResponses':
      if (op.op === 'remove' && rest.length === 1) {
        if (method.methodResponses) delete method.methodResponses[rest[0]!];
        return;
      }
      break;
  }
  throw unsupportedPatch(op, `method ${method.httpMethod}`);
}

function patchIntegration(integration: Integration, op: PatchOperation): void {
  const [field, ...rest] = pathSegments(op.path);
  const key = rest.join('/');
  switch (field) {
    case 'uri':
    case 'credentials':
    case 'contentHandling':
    case 'cacheNamespace':
    case 'connectionType':
    case 'connectionId':
      integration[field] = optionalValue(op);
      return;
    case 'httpMethod':
      integration.httpMethod = requireValue(op).toUpperCase();
      return;
    case 'type': {
      const type = requireValue(op).toUpperCase();
      if (!INTEGRATION_TYPES.includes(type)) throw badRequestError(`Invalid integration type '${type}'.`);
      integration.type = type as Integration['type'];
      return;
    }
    case 'passthroughBehavior': {
      const value = requireValue(op).toUpperCase();
      if (!PASSTHROUGH.includes(value)) throw badRequestError(`Invalid passthroughBehavior '${value}': use ${PASSTHROUGH.join(', ')}.`);
      integration.passthroughBehavior = value as Integration['passthroughBehavior'];
      return;
    }
    case 'timeoutInMillis':
      integration.timeoutInMillis = numberValue(op);
      return;
    case 'requestTemplates':
      integration.requestTemplates = patchMap(integration.requestTemplates, key, op, () => op.value ?? '');
      return;
    case 'requestParameters':
      integration.requestParameters = patchMap(integration.requestParameters, key, op, () => requireValue(op));
      return;
    case 'cacheKeyParameters': {
      const params = new Set(integration.cacheKeyParameters ?? []);
      if (op.op === 'add') params.add(key);
      else if (op.op === 'remove') params.delete(key);
      else break;
      integration.cacheKeyParameters = [...params];
      return;
    }
  }
  throw unsupportedPatch(op, 'an integration');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Integration response templates: keys are content types; an empty template is answered as null. */
function responseTemplatesOf(value: unknown): Record<string, string | null> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  for (const [contentType] of entries) {
    if (!contentType.includes('/')) throw badRequestError(`Validation Result: warnings : [], errors : [Invalid content type specified: ${contentType}]`);
  }
  return entries.length ? Object.fromEntries(entries.map(([type, template]) => [type, template ? String(template) : null])) : undefined;
}

function booleanRecord(value: unknown): Record<string, boolean> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value).map(([k, v]) => [k, v === true || v === 'true'] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function optionalRecord(value: unknown): Record<string, string> | undefined {
  const record = stringRecord(value);
  return Object.keys(record).length ? record : undefined;
}
