// Every control-plane request is checked against its operation's input shape (botocore's model)
// before any service model sees it, and refused in the service's own words: a body that is not a
// JSON object or holds a value of the wrong type is a serialization fault, a broken constraint a
// validation error ("1 validation error detected: ...; ...").
import { AwsServiceError } from '../errors.js';
import { parseForm } from '../render.js';
import type { AwsRequest } from '../request.js';
import { isObject, nestingDepth, ShapeChecker, withoutNullMembers } from './check.js';
import { queryInput } from './query.js';
import { matchRestOperation, restLocatedMembers } from './rest-json.js';
import { serviceShapes, type ServiceShapes, type Shape } from './shapes.js';

/** No control-plane input of any served operation is nested deeper than this. */
export const MAX_CONTROL_PLANE_DEPTH = 64;

interface ErrorStyle {
  validation: string;
  serialization: string;
  /** How the serialization message starts (Lambda's differs). */
  serializationPrefix?: string;
  /** The error body, where the service's differs from the default (Lambda's modeled `Type`/`message`). */
  body?: (code: string, message: string) => Record<string, unknown>;
}

const STYLES: Record<string, ErrorStyle> = {
  lambda: {
    validation: 'ValidationException',
    serialization: 'InvalidRequestContentException',
    serializationPrefix: 'Could not parse request body into json: ',
    body: (code, message) => (code === 'ValidationException' ? { message } : { Type: 'User', message }),
  },
  apigateway: { validation: 'ValidationException', serialization: 'SerializationException' },
  events: { validation: 'ValidationException', serialization: 'SerializationException' },
  logs: { validation: 'InvalidParameterException', serialization: 'SerializationException' },
  iam: { validation: 'ValidationError', serialization: 'ValidationError' },
  sts: { validation: 'ValidationError', serialization: 'ValidationError' },
  dynamodb: { validation: 'ValidationException', serialization: 'SerializationException' },
};

export interface CheckedRequest {
  operation: string;
  input: Record<string, unknown>;
  /** The JSON body without its null members, when it had any: what the service is given. */
  cleanedBody?: unknown;
}

/**
 * Throws the service's AWS-shaped error when the request does not fit its operation's input
 * shape. Answers undefined (and lets the service answer its own unknown-operation error) when the
 * operation is not in the model; otherwise the decoded input.
 */
export function validateRequest(service: string, req: AwsRequest): CheckedRequest | undefined {
  const model = /^[a-z0-9-]+$/.test(service) ? serviceShapes(service) : undefined;
  const style = STYLES[service];
  if (!model || !style) return undefined;
  const found = locate(model, req, style);
  if (!found) return undefined;
  if (cleaned.has(req.body)) found.cleanedBody = cleaned.get(req.body);
  const inputShape = model.operations[found.operation]!.input;
  if (!inputShape) return found;
  const checker = new ShapeChecker(model.shapes);
  checker.check(found.input, inputShape, '');
  const { typeFault, violations } = checker.result;
  if (typeFault) throw serializationError(style, typeFault);
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error detected' : `${violations.length} validation errors detected`;
    throw styled(style, new AwsServiceError(style.validation, `${count}: ${violations.join('; ')}`, 400));
  }
  return found;
}

function locate(model: ServiceShapes, req: AwsRequest, style: ErrorStyle): CheckedRequest | undefined {
  if (model.protocol === 'query') {
    const params = parseForm(req.body, req.query);
    const operation = params.get('Action') ?? '';
    if (!Object.hasOwn(model.operations, operation)) return undefined;
    const shape = model.operations[operation]!.input;
    return { operation, input: shape ? queryInput(model.shapes, shape, params) : {} };
  }
  if (model.protocol === 'json') {
    const operation = req.target?.split('.')[1] ?? '';
    if (!Object.hasOwn(model.operations, operation)) return undefined;
    return { operation, input: jsonObject(req.body, style) };
  }
  const match = matchRestOperation(model, req);
  if (!match) return undefined;
  const shapeName = model.operations[match.name]!.input;
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  if (!shape) return { operation: match.name, input: {} };
  return { operation: match.name, input: { ...restBody(model.shapes, shape, req, style), ...restLocatedMembers(model.shapes, shape, match, req) } };
}

/** The members a rest-json body carries: the JSON object, unless the payload is a raw blob. */
function restBody(shapes: Record<string, Shape>, input: Shape, req: AwsRequest, style: ErrorStyle): Record<string, unknown> {
  if (input.payload) {
    const payload = shapes[input.members?.[input.payload]?.shape ?? ''];
    // Invoke's Payload, ImportRestApi's body: raw bytes, present or not, never JSON-checked here.
    if (payload?.type !== 'structure') return req.body.length > 0 ? { [input.payload]: req.body } : {};
    return { [input.payload]: jsonObject(req.body, style) };
  }
  const hasBodyMembers = Object.values(input.members ?? {}).some((ref) => ref.location === undefined);
  return hasBodyMembers ? jsonObject(req.body, style) : {};
}

function jsonObject(body: Buffer, style: ErrorStyle): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError(style, 'The request body is not valid JSON.');
  }
  if (!isObject(value)) throw serializationError(style, `The request body must be a JSON object; found ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}.`);
  if (nestingDepth(value, MAX_CONTROL_PLANE_DEPTH) > MAX_CONTROL_PLANE_DEPTH) {
    throw serializationError(style, `The request body is nested deeper than ${MAX_CONTROL_PLANE_DEPTH} levels.`);
  }
  const stripped = withoutNullMembers(value);
  if (stripped.dropped) cleaned.set(body, stripped.value);
  return stripped.value as Record<string, unknown>;
}

/** Bodies that had null members, with their cleaned form (kept only for this request's check). */
const cleaned = new WeakMap<Buffer, unknown>();

function serializationError(style: ErrorStyle, detail: string): AwsServiceError {
  return styled(style, new AwsServiceError(style.serialization, `${style.serializationPrefix ?? ''}${detail}`, 400));
}

function styled(style: ErrorStyle, error: AwsServiceError): AwsServiceError {
  return style.body ? error.withBody(style.body(error.code, error.message)) : error;
}
