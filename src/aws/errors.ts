// AWS errors turned into messages a user can act on: what failed, on what, and the remedy.
import { SUPPORTED_RUNTIMES } from './runtimes.js';
import { errorName, httpStatusOf } from './retry.js';

/** Lambda's limit for a zip sent in the CreateFunction/UpdateFunctionCode request itself. */
export const DIRECT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export class AwsCallError extends Error {
  constructor(
    message: string,
    readonly operation: string,
    readonly resource: string | undefined,
    readonly code: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'AwsCallError';
  }
}

export interface CallLabel {
  /** e.g. "lambda:CreateFunction" (the IAM action name). */
  operation: string;
  resource?: string;
  /** Endpoint override in use, to explain connection failures. */
  endpointUrl?: string;
}

export function describeAwsError(err: unknown, label: CallLabel): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const name = errorName(err);
  const raw = (err as { message?: string })?.message ?? String(err);
  const on = label.resource ? ` on ${label.resource}` : '';
  const make = (text: string) => new AwsCallError(text, label.operation, label.resource, name, err);

  if (name === 'CredentialsProviderError' || /Could not load credentials|credential.*not.*found/i.test(raw)) {
    return make('No AWS credentials found. Set AWS_PROFILE or pass --profile, export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --local for the local cloud.');
  }
  if (/Region is missing|region.*not.*configured/i.test(raw)) {
    return make('No AWS region. Pass --region, set "region" in discovery.config.json, or export AWS_REGION.');
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired'].includes(name) || /security token.*expired/i.test(raw)) {
    return make(`The AWS session token has expired (${label.operation}). Refresh your credentials (e.g. aws sso login, or a new session from your CI role) and run again.`);
  }
  if (['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature'].includes(name)) {
    return make(`AWS rejected the credentials (${name}) on ${label.operation}. Check the access key, secret and profile in use (aws sts get-caller-identity).`);
  }
  if (/AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/i.test(name) || httpStatusOf(err) === 403 && /not authorized/i.test(raw)) {
    return make(`Access denied: the caller may not ${label.operation}${on}. Grant "${label.operation}"${label.resource ? ` on ${label.resource}` : ''} to the deploying identity. AWS said: ${raw}`);
  }
  if (name === 'InvalidParameterValueException' && /runtime/i.test(raw) && /no longer supported|deprecated/i.test(raw)) {
    return make(`The runtime of ${label.resource ?? 'the function'} is retired; AWS refuses it. Set "runtime" in discovery.config.json to one of: ${SUPPORTED_RUNTIMES.join(', ')}.`);
  }
  if (name === 'RequestEntityTooLargeException' || httpStatusOf(err) === 413) {
    return make(`The deployment package of ${label.resource ?? 'a function'} exceeds Lambda's ${DIRECT_UPLOAD_LIMIT_BYTES / 1024 / 1024} MB direct-upload limit. Make the bundle smaller (drop "files", mark large modules external) and deploy again.`);
  }
  if (/CloudWatch Logs role ARN must be set/i.test(raw)) {
    return make(`API Gateway cannot write access logs${on}: this account and region have no CloudWatch Logs role for API Gateway. Set one once (aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=ROLE_ARN), or remove "accessLog"/"loggingLevel" from the stage in discovery.config.json.`);
  }
  const code = (err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') {
    const where = label.endpointUrl ?? 'the AWS endpoint';
    return make(`No answer from ${where} for ${label.operation}${on}: ${raw} Check that the endpoint is the one you meant and that it is up, or allow more time with --read-timeout / --connect-timeout (seconds).`);
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || /ECONNREFUSED|ENOTFOUND/.test(raw)) {
    const where = label.endpointUrl ?? 'the AWS endpoint';
    return make(`Cannot reach ${where} (${code ?? 'connection refused'}) for ${label.operation}. ${label.endpointUrl ? 'Is the local cloud running? Start it with `discovery-cli local start`, or use --local.' : 'Check the network and region.'}`);
  }
  return make(`${label.operation}${on} failed: ${name}: ${raw}`);
}

export function isNotFound(err: unknown): boolean {
  const name = errorName(err);
  return ['ResourceNotFoundException', 'NoSuchEntity', 'NoSuchEntityException', 'NotFoundException', 'NotFound',
    'ResourceNotFound'].includes(name) || httpStatusOf(err) === 404;
}
