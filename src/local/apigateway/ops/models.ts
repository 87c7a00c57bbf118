// Models and request validators of a REST API.
import { badRequestError, conflictError, notFoundError } from '../errors.js';
import { newId } from '../ids.js';
import type { Model, RequestValidator, RestApi } from '../model.js';
import { boolValue, pathSegments, patchOperations, requireValue, unsupportedPatch, optionalValue } from '../patch.js';
import { page, route, type Route } from '../router.js';
import { str, type OpsContext } from './context.js';

export function modelRoutes({ store }: OpsContext): Route[] {
  const modelNamed = (api: RestApi, name: string): Model => {
    const model = Object.values(api.models).find((m) => m.name === name);
    if (!model) throw notFoundError('model name', name);
    return model;
  };
  const validatorOf = (api: RestApi, id: string): RequestValidator => {
    const validator = api.requestValidators[id];
    if (!validator) throw notFoundError('Request Validator', id);
    return validator;
  };

  return [
    route('GET', '/restapis/{restapi_id}/models', 'GetModels', (r) => {
      const api = store.api(r.params.restapi_id!);
      return { body: page(Object.values(api.models).sort((a, b) => a.name.localeCompare(b.name)), r.query) };
    }),
    route('GET', '/restapis/{restapi_id}/models/{model_name}', 'GetModel', (r) => ({
      body: modelNamed(store.api(r.params.restapi_id!), r.params.model_name!),
    })),
    route('POST', '/restapis/{restapi_id}/models', 'CreateModel', (r) => {
      const api = store.api(r.params.restapi_id!);
      const body = r.json();
      const name = str(body.name);
      const contentType = str(body.contentType);
      if (!name || !/^[a-zA-Z0-9]+$/.test(name)) throw badRequestError(`Invalid model name '${name ?? ''}': model names are alphanumeric.`);
      if (!contentType) throw badRequestError('CreateModel needs a "contentType" such as application/json.');
      if (Object.values(api.models).some((m) => m.name === name)) throw conflictError('Model name already exists for this REST API');
      const schema = str(body.schema);
      if (schema === undefined) throw badRequestError('Model schema must have at least 1 property or array items defined');
      checkedSchema(name, schema);
      const model: Model = { id: newId(), name, contentType, description: str(body.description) || undefined, schema };
      api.models[model.id] = model;
      store.save();
      return { status: 201, body: model };
    }),
    route('PATCH', '/restapis/{restapi_id}/models/{model_name}', 'UpdateModel', (r) => {
      const model = modelNamed(store.api(r.params.restapi_id!), r.params.model_name!);
      const draft = { ...model };
      for (const op of patchOperations(r.json())) {
        const [field] = pathSegments(op.path);
        if (field === 'description') draft.description = optionalValue(op) || undefined;
        else if (field === 'schema') draft.schema = checkedSchema(model.name, requireValue(op));
        else throw unsupportedPatch(op, `model ${model.name}`);
      }
      Object.assign(model, draft);
      store.save();
      return { body: model };
    }),
    route('DELETE', '/restapis/{restapi_id}/models/{model_name}', 'DeleteModel', (r) => {
      const api = store.api(r.params.restapi_id!);
      const model = modelNamed(api, r.params.model_name!);
      const user = methodUsing(api, model.name);
      if (user) throw conflictError(`Cannot delete model '${model.name}', is referenced in method request: ${user}`);
      delete api.models[model.id];
      store.save();
      return { status: 202 };
    }),

    route('GET', '/restapis/{restapi_id}/requestvalidators', 'GetRequestValidators', (r) => {
      const api = store.api(r.params.restapi_id!);
      return { body: page(Object.values(api.requestValidators), r.query) };
    }),
    route('GET', '/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}', 'GetRequestValidator', (r) => ({
      body: validatorOf(store.api(r.params.restapi_id!), r.params.requestvalidator_id!),
    })),
    route('POST', '/restapis/{restapi_id}/requestvalidators', 'CreateRequestValidator', (r) => {
      // AWS answers an unknown API here with 400, not 404.
      if (!store.data.restApis[r.params.restapi_id!]) throw badRequestError('Invalid REST API identifier specified');
      const api = store.api(r.params.restapi_id!);
      const body = r.json();
      const validator: RequestValidator = {
        id: newId(),
        name: str(body.name) ?? '',
        validateRequestBody: body.validateRequestBody === true,
        validateRequestParameters: body.validateRequestParameters === true,
      };
      if (validator.name && Object.values(api.requestValidators).some((v) => v.name === validator.name)) {
        throw conflictError(`Validator with name '${validator.name}' already exists for this REST API`);
      }
      api.requestValidators[validator.id] = validator;
      store.save();
      return { status: 201, body: validator };
    }),
    route('PATCH', '/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}', 'UpdateRequestValidator', (r) => {
      const validator = validatorOf(store.api(r.params.restapi_id!), r.params.requestvalidator_id!);
      const draft = { ...validator };
      for (const op of patchOperations(r.json())) {
        const [field] = pathSegments(op.path);
        if (op.op !== 'replace') throw badRequestError(`Invalid patch path  '${op.path}' specified for op '${op.op}'. Please choose supported operations`);
        if (field === 'name') {
          if (!op.value) throw badRequestError('Request Validator name cannot be blank');
          draft.name = op.value;
        } else if (field === 'validateRequestBody' || field === 'validateRequestParameters') draft[field] = String(op.value).toLowerCase() === 'true';
        else {
          throw badRequestError(
            `Invalid patch path  '${op.path}' specified for op 'replace'. Must be one of: [/name, /validateRequestParameters, /validateRequestBody]`,
          );
        }
      }
      Object.assign(validator, draft);
      store.save();
      return { body: validator };
    }),
    route('DELETE', '/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}', 'DeleteRequestValidator', (r) => {
      const api = store.api(r.params.restapi_id!);
      const validator = validatorOf(api, r.params.requestvalidator_id!);
      delete api.requestValidators[validator.id];
      store.save();
      return { status: 202 };
    }),
  ];
}

/** The first method whose request models name the model, as AWS words it: `{path}/{verb}`. */
function methodUsing(api: RestApi, name: string): string | undefined {
  for (const resource of Object.values(api.resources)) {
    for (const [verb, method] of Object.entries(resource.resourceMethods)) {
      if (Object.values(method.requestModels ?? {}).includes(name)) return `${resource.path}/${verb}`;
    }
  }
  return undefined;
}

/** A model schema must be JSON text; AWS refuses anything else at create/update time. */
function checkedSchema(name: string, schema: string): string {
  try {
    JSON.parse(schema);
    return schema;
  } catch (err) {
    throw badRequestError(`Invalid model schema specified for '${name}': ${(err as Error).message}`);
  }
}
