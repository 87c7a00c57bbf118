// Request validators: required parameters (path, querystring, header) and the body against the
// method's request model, a JSON Schema draft-04 as API Gateway uses.
import AjvDraft04Module from 'ajv-draft-04';
import type { Options, ValidateFunction } from 'ajv';
import type { Method, Model, RequestValidator } from '../apigateway/model.js';
import { GatewayError } from './responses.js';

/** The part of Ajv this module uses. */
interface AjvInstance {
  addSchema(schema: object, key: string): unknown;
  getSchema(key: string): ValidateFunction | undefined;
}
type Validate = ValidateFunction;
// The package is CommonJS: under NodeNext its class may sit one level down, at .default.
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as new (options?: Options) => AjvInstance;

export interface ValidationInput {
  apiId: string;
  method: Method;
  validator: RequestValidator | undefined;
  models: Record<string, Model>;
  pathParameters: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  body: string;
}

const MODEL_URL = (apiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;

/** One Ajv per snapshot's model set; each model compiled on first use. */
const compiledModels = new WeakMap<Record<string, Model>, { ajv: AjvInstance; validators: Map<string, Validate | Error> }>();

function modelValidator(apiId: string, models: Record<string, Model>, name: string): Validate | Error | undefined {
  let entry = compiledModels.get(models);
  if (!entry) {
    const ajv = new AjvDraft04({ strict: false, allErrors: false, validateSchema: false });
    for (const model of Object.values(models)) {
      const schema = parseSchema(model);
      if (schema instanceof Error) continue;
      try {
        ajv.addSchema(schema, MODEL_URL(apiId, model.name));
      } catch {
        // A model that does not compile is reported when a method uses it.
      }
    }
    entry = { ajv, validators: new Map() };
    compiledModels.set(models, entry);
  }
  let validate: Validate | Error | undefined = entry.validators.get(name);
  if (!validate) {
    const model = Object.values(models).find((m) => m.name === name);
    if (!model) return undefined;
    try {
      validate = entry.ajv.getSchema(MODEL_URL(apiId, name)) ?? new Error(`Model ${name} has no valid JSON schema.`);
    } catch (err) {
      validate = new Error(`Model ${name} does not compile: ${(err as Error).message}`);
    }
    entry.validators.set(name, validate);
  }
  return validate;
}

function parseSchema(model: Model): Record<string, unknown> | Error {
  if (!model.schema) return new Error(`Model ${model.name} has no schema.`);
  try {
    const schema = JSON.parse(model.schema) as Record<string, unknown>;
    // The $id is the model URL; a draft-04 "id" or a $schema of another draft would clash.
    const { $schema: _schema, id: _id, $id: _dollarId, ...rest } = schema;
    return rest;
  } catch (err) {
    return new Error(`Model ${model.name} schema is not JSON: ${(err as Error).message}`);
  }
}

export function validateRequest(input: ValidationInput): void {
  const { validator, method } = input;
  if (!validator) return;
  if (validator.validateRequestParameters && method.requestParameters) {
    const missing: string[] = [];
    for (const [name, required] of Object.entries(method.requestParameters)) {
      if (!required) continue;
      const m = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(name);
      if (!m) continue;
      const [, where, param] = m as unknown as [string, string, string];
      const present =
        where === 'path' ? Boolean(input.pathParameters[param])
        : where.endsWith('querystring') ? input.query.has(param)
        : input.headers[param.toLowerCase()] !== undefined;
      if (!present) missing.push(param);
    }
    if (missing.length > 0) {
      throw new GatewayError('BAD_REQUEST_PARAMETERS', `Missing required request parameters: [${missing.join(', ')}]`);
    }
  }
  if (validator.validateRequestBody && method.requestModels) {
    const modelName = method.requestModels[input.contentType] ?? method.requestModels['application/json'];
    if (!modelName || modelName === 'Empty') return;
    const validate = modelValidator(input.apiId, input.models, modelName);
    if (!validate) return;
    if (validate instanceof Error) throw new GatewayError('BAD_REQUEST_BODY', undefined, validate.message);
    let document: unknown;
    try {
      document = JSON.parse(input.body);
    } catch {
      throw new GatewayError('BAD_REQUEST_BODY', undefined, `The body is not JSON; model ${modelName} expects a JSON document.`);
    }
    if (!validate(document)) {
      const first = validate.errors?.[0];
      throw new GatewayError('BAD_REQUEST_BODY', undefined, first ? `${first.instancePath || '/'} ${first.message ?? 'is invalid'} (model ${modelName})` : `Does not match model ${modelName}`);
    }
  }
}
