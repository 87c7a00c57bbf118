// REST APIs: create, read, update (patch), delete, and import/put of Swagger or OpenAPI documents.
import { badRequestError } from '../errors.js';
import { newId } from '../ids.js';
import { basePathMode } from '../import/basepath.js';
import { convertDocument } from '../import/convert.js';
import { parseDocument } from '../import/parse.js';
import { applyImport, type ImportMode } from '../import/apply.js';
import type { Model, RestApi } from '../model.js';
import { boolValue, pathSegments, patchOperations, requireValue, unsupportedPatch, optionalValue } from '../patch.js';
import { page, route, type OpRequest, type Route } from '../router.js';
import { restApiView } from '../view.js';
import { str, stringRecord, type OpsContext } from './context.js';

const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];

export function restApiRoutes({ ctx, store, quota }: OpsContext): Route[] {
  const quotaKey = (r: OpRequest) => `${ctx.accountId}:${r.req.region}`;

  function newApi(name: string, region: string): RestApi {
    const rootId = newId();
    return {
      id: newId(),
      name,
      region,
      createdDate: store.nowSeconds(),
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'] },
      tags: {},
      rootResourceId: rootId,
      resources: { [rootId]: { id: rootId, path: '/', resourceMethods: {} } },
      models: {},
      requestValidators: {},
      deployments: {},
      stages: {},
    };
  }

  function importInto(api: RestApi, r: OpRequest, mode: ImportMode): void {
    const parsed = parseDocument(r.req.body);
    const imported = convertDocument(parsed, { apiId: api.id, basepath: basePathMode(r.query.get('basepath')) });
    // Notes about what the local cloud does not emulate are not AWS warnings: they never fail an import.
    const awsWarnings = imported.warnings.filter((warning) => !warning.includes('the local cloud'));
    if (r.query.get('failonwarnings') === 'true' && awsWarnings.length) {
      throw badRequestError(`Warnings found during import:\n\t${awsWarnings.join('\n\t')}`);
    }
    applyImport(api, imported, mode);
    const types = r.query.get('endpointConfigurationTypes');
    if (types) api.endpointConfiguration = { types: types.split(',').map((t) => t.trim().toUpperCase()) };
  }

  return [
    route('POST', '/restapis', 'CreateRestApi', (r) => {
      if (r.query.get('mode') === 'import') {
        quota.check('ImportRestApi', quotaKey(r));
        const api = newApi('', r.req.region);
        // Converted before anything is stored: a bad document leaves no empty API behind.
        importInto(api, r, 'import');
        store.data.restApis[api.id] = api;
        store.save();
        return { status: 201, body: restApiView(api) };
      }
      const body = r.json();
      const name = str(body.name);
      if (!name) throw badRequestError('CreateRestApi needs a "name".');
      if (body.description === '') throw badRequestError('Description cannot be an empty string');
      const api = newApi(name, r.req.region);
      api.description = str(body.description);
      api.version = str(body.version);
      api.policy = str(body.policy);
      if (Array.isArray(body.binaryMediaTypes) && body.binaryMediaTypes.length) api.binaryMediaTypes = body.binaryMediaTypes.map(String);
      if (typeof body.minimumCompressionSize === 'number') api.minimumCompressionSize = compressionSize(String(body.minimumCompressionSize));
      if (typeof body.disableExecuteApiEndpoint === 'boolean') api.disableExecuteApiEndpoint = body.disableExecuteApiEndpoint;
      const keySource = str(body.apiKeySource);
      if (keySource && keySource !== 'HEADER' && keySource !== 'AUTHORIZER') throw badRequestError(`Invalid apiKeySource '${keySource}': use HEADER or AUTHORIZER.`);
      if (keySource) api.apiKeySource = keySource as RestApi['apiKeySource'];
      const endpoint = body.endpointConfiguration as { types?: unknown } | undefined;
      if (endpoint && Array.isArray(endpoint.types)) {
        const types = endpoint.types.map(String);
        const bad = types.find((t) => !ENDPOINT_TYPES.includes(t));
        if (bad) throw badRequestError(`Invalid endpoint type '${bad}': use EDGE, REGIONAL or PRIVATE.`);
        api.endpointConfiguration = { types };
      }
      api.tags = stringRecord(body.tags);
      for (const model of defaultModels()) api.models[model.id] = model;
      store.data.restApis[api.id] = api;
      store.save();
      return { status: 201, body: restApiView(api) };
    }),

    route('GET', '/restapis', 'GetRestApis', (r) => ({
      body: page(Object.values(store.data.restApis).sort((a, b) => a.createdDate - b.createdDate).map(restApiView), r.query),
    })),

    route('GET', '/restapis/{restapi_id}', 'GetRestApi', (r) => {
      const api = store.api(r.params.restapi_id!);
      // GetRestApi alone answers the tag map even when it is empty.
      return { body: { ...restApiView(api), tags: api.tags } };
    }),

    route('PUT', '/restapis/{restapi_id}', 'PutRestApi', (r) => {
      // The document is read before the API is looked up: a bad one is a 400 even for an unknown id.
      parseDocument(r.req.body);
      const api = store.api(r.params.restapi_id!);
      quota.check('PutRestApi', quotaKey(r));
      const mode = (r.query.get('mode') ?? 'merge').toLowerCase();
      if (mode !== 'merge' && mode !== 'overwrite') throw badRequestError(`Invalid mode '${mode}': use merge or overwrite.`);
      // Work on a copy so a failing document changes nothing.
      const draft = draftOf(api);
      importInto(draft, r, mode);
      Object.assign(api, draft);
      store.save();
      return { body: { ...restApiView(api), tags: api.tags } };
    }),

    route('PATCH', '/restapis/{restapi_id}', 'UpdateRestApi', (r) => {
      const api = store.api(r.params.restapi_id!);
      const draft = draftOf(api);
      for (const op of patchOperations(r.json())) {
        const [field, ...rest] = pathSegments(op.path);
        switch (field) {
          case 'name':
            draft.name = requireValue(op);
            break;
          case 'description':
          case 'version':
          case 'policy':
            draft[field] = optionalValue(op);
            break;
          case 'apiKeySource': {
            const value = requireValue(op);
            if (value !== 'HEADER' && value !== 'AUTHORIZER') throw badRequestError(`Invalid apiKeySource '${value}': use HEADER or AUTHORIZER.`);
            draft.apiKeySource = value;
            break;
          }
          case 'minimumCompressionSize':
            if (op.op !== 'replace') throw badRequestError('Invalid patch operation specified. Must be one of: [replace]');
            draft.minimumCompressionSize = !op.value ? undefined : compressionSize(op.value);
            break;
          case 'disableExecuteApiEndpoint':
            draft.disableExecuteApiEndpoint = boolValue(op);
            break;
          case 'binaryMediaTypes': {
            if (!rest.length) throw badRequestError(`Invalid patch path ${op.path}`);
            const type = rest.join('/');
            const types = new Set(draft.binaryMediaTypes ?? []);
            if (op.op === 'add') types.add(type);
            else if (op.op === 'remove') types.delete(type);
            else if (op.op === 'replace') {
              types.delete(type);
              types.add(requireValue(op));
            } else throw unsupportedPatch(op, 'a REST API');
            draft.binaryMediaTypes = types.size ? [...types] : undefined;
            break;
          }
          case 'endpointConfiguration':
            if (rest[0] === 'types') {
              const value = requireValue(op);
              if (!ENDPOINT_TYPES.includes(value)) throw badRequestError(`Invalid endpoint type '${value}': use EDGE, REGIONAL or PRIVATE.`);
              draft.endpointConfiguration = { types: [value] };
              break;
            }
            throw unsupportedPatch(op, 'a REST API');
          default:
            throw unsupportedPatch(op, 'a REST API');
        }
      }
      Object.assign(api, draft);
      store.save();
      // UpdateRestApi alone answers the tag map even when it is empty.
      return { body: { ...restApiView(api), tags: api.tags } };
    }),

    route('DELETE', '/restapis/{restapi_id}', 'DeleteRestApi', (r) => {
      const api = store.api(r.params.restapi_id!);
      quota.check('DeleteRestApi', quotaKey(r));
      delete store.data.restApis[api.id];
      for (const plan of Object.values(store.data.usagePlans)) {
        plan.apiStages = plan.apiStages.filter((s) => s.apiId !== api.id);
      }
      store.save();
      return { status: 202 };
    }),
  ];
}

/** minimumCompressionSize: a whole number of bytes up to 10 MiB. */
function compressionSize(text: string): number {
  const size = Number(text);
  if (!/^\d+$/.test(text.trim()) || size > 10485760) throw badRequestError('Invalid minimum compression size, must be between 0 and 10485760');
  return size;
}

/** A copy to change and then assign back; deployments and stages stay the live objects. */
function draftOf(api: RestApi): RestApi {
  const { deployments, stages, ...rest } = api;
  return { ...structuredClone(rest), deployments, stages };
}

/** A REST API made by CreateRestApi starts with the Empty and Error models, as on AWS. */
function defaultModels(): Model[] {
  return [
    {
      id: newId(),
      name: 'Empty',
      contentType: 'application/json',
      description: 'This is a default empty schema model',
      schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' }),
    },
    {
      id: newId(),
      name: 'Error',
      contentType: 'application/json',
      description: 'This is a default error schema model',
      schema: JSON.stringify({
        $schema: 'http://json-schema.org/draft-04/schema#',
        title: 'Error Schema',
        type: 'object',
        properties: { message: { type: 'string' } },
      }),
    },
  ];
}
