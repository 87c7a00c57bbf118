// Checks a DynamoDB request before dynalite sees it. dynalite parses and validates inside its
// request's 'end' callback, so what it throws there (a `null` body, an `L` nested a thousand
// deep overflowing its recursive checks) escapes every request chain and ends the process.
// Refused here as DynamoDB refuses them; the rest of the validation stays dynalite's, which
// mirrors DynamoDB's own messages.
import { nestingDepth, ShapeChecker } from '../protocol/validate/check.js';
import { serviceShapes } from '../protocol/validate/shapes.js';

/** DynamoDB's limit: a document type nests at most 32 levels. */
export const MAX_ATTRIBUTE_NESTING = 32;
/** Past this JSON depth a body cannot be a valid request at all: refused without a deeper walk. */
const MAX_JSON_DEPTH = 2 * MAX_ATTRIBUTE_NESTING + 16;

export interface DynamoDbRefusal {
  status: number;
  body: { __type: string; message: string };
}

const serialization = (message: string): DynamoDbRefusal => ({ status: 400, body: { __type: 'com.amazon.coral.service#SerializationException', message } });
const nestingExceeded = (): DynamoDbRefusal => ({ status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'Nesting Levels have exceeded supported limits' } });

/** Undefined when the body may go on to dynalite (bad JSON too: dynalite answers that itself). */
export function checkDynamoDbBody(body: Buffer, target: string | undefined): DynamoDbRefusal | undefined {
  if (body.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return err instanceof SyntaxError ? undefined : serialization('The request body could not be parsed.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return serialization(`Start of structure or map expected; found ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}.`);
  }
  if (nestingDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return nestingExceeded();
  if (attributeNesting(value) > MAX_ATTRIBUTE_NESTING) return nestingExceeded();
  return nullElement(value, target);
}

/** dynalite's checks throw on a null element of a list or map (`"RequestItems":{"t":[null]}`). */
function nullElement(value: unknown, target: string | undefined): DynamoDbRefusal | undefined {
  const shapes = serviceShapes('dynamodb');
  const operation = target?.split('.')[1] ?? '';
  const input = shapes && Object.hasOwn(shapes.operations, operation) ? shapes.operations[operation]!.input : undefined;
  if (!shapes || !input) return undefined;
  const checker = new ShapeChecker(shapes.shapes);
  checker.check(value, input, '');
  return checker.result.nullElement ? serialization(checker.result.nullElement) : undefined;
}

/**
 * The deepest chain of L/M attribute values anywhere in the body (1 = a scalar attribute value).
 * Any object with an L array or M map counts as one level, wherever it sits: a request holds
 * attribute values under many members (Item, Key, ExpressionAttributeValues, RequestItems...).
 */
function attributeNesting(root: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    const nested = Array.isArray(record.L) ? record.L : isMap(record.M) ? Object.values(record.M) : undefined;
    if (nested && !Array.isArray(node)) {
      deepest = Math.max(deepest, level + 1);
      for (const child of nested) stack.push([child, level + 1]);
      continue;
    }
    for (const child of Object.values(record)) stack.push([child, level]);
  }
  return deepest + 1;
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
