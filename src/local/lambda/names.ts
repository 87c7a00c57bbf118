// Function names, ARNs and qualifiers: a function may be named by its name, a partial ARN
// (123456789012:function:name) or a full ARN, each optionally with :qualifier.
import { AwsServiceError } from '../protocol/errors.js';

export interface FunctionRef {
  name: string;
  qualifier?: string;
}

const NAME = '[a-zA-Z0-9_-]{1,64}';
const QUALIFIER = '(\\$LATEST|[a-zA-Z0-9_-]{1,128})';
const FULL = new RegExp(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:(${NAME})(?::${QUALIFIER})?$`);
const PARTIAL = new RegExp(`^\\d{12}:function:(${NAME})(?::${QUALIFIER})?$`);
const PLAIN = new RegExp(`^(${NAME})(?::${QUALIFIER})?$`);

export function parseFunctionRef(ref: string): FunctionRef {
  const match = FULL.exec(ref) ?? PARTIAL.exec(ref) ?? PLAIN.exec(ref);
  if (!match) {
    throw new AwsServiceError('ValidationException',
      `1 validation error detected: Value '${ref}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`, 400);
  }
  return { name: match[1]!, qualifier: match[2] };
}

/** Combines a qualifier from the name/ARN with one given separately (query or argument). */
export function resolveQualifier(ref: FunctionRef, explicit: string | undefined | null): string | undefined {
  const given = explicit ?? undefined;
  if (ref.qualifier && given && ref.qualifier !== given) {
    throw new AwsServiceError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.', 400);
  }
  return ref.qualifier ?? given;
}

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

export const logGroupName = (name: string) => `/aws/lambda/${name}`;
