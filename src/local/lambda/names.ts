// Function names, ARNs and qualifiers: a function may be named by its name, a partial ARN
// (123456789012:function:name) or a full ARN, each optionally with :qualifier, read as AWS reads
// them (its FunctionName pattern, with the groups named). The shape check before the model has
// already refused what the pattern refuses; what passes it is looked up, and a name AWS could
// never have created (65+ characters) is simply not found, as on AWS.
import { AwsServiceError, notFound } from '../protocol/errors.js';

export interface FunctionRef {
  name: string;
  qualifier?: string;
  /** The region a full ARN names (checked against the request's region). */
  region?: string;
  /** The account an ARN names. */
  account?: string;
}

/** AWS's pattern for FunctionName (recorded in its validation messages). */
export const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
const REF = new RegExp(
  '^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(?<region>(?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\\d{1}):)?' +
    '(?:(?<account>\\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9-_.]+)(?::(?<qualifier>\\$LATEST(?:\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$',
);

export function parseFunctionRef(ref: string): FunctionRef {
  const groups = REF.exec(ref)?.groups;
  if (!groups) {
    throw new AwsServiceError('ValidationException',
      `1 validation error detected: Value '${ref}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`, 400);
  }
  return { name: groups.name!, qualifier: groups.qualifier, region: groups.region, account: groups.account };
}

/** AWS answers a function ARN of another region with this, whatever the function. */
export function assertReachable(ref: FunctionRef, region: string): void {
  if (ref.region && ref.region !== region) {
    throw notFound('ResourceNotFoundException', `Functions from '${ref.region}' are not reachable in this region ('${region}')`);
  }
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
