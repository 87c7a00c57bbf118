// Lambda's error bodies as AWS sends them: each modeled error carries `Type` and its message
// under the member name its shape uses (`Message` for ResourceNotFoundException, `message` for
// InvalidParameterValueException, ...); a ValidationException (not modeled) carries the message only.
import { AwsServiceError } from '../protocol/errors.js';

const CAPITAL_MESSAGE = new Set([
  'ResourceNotFoundException', 'CodeSigningConfigNotFoundException', 'ResourceInUseException', 'ServiceException',
  'InvalidZipFileException', 'InvalidRuntimeException', 'NoPublishedVersionException', 'RecursiveInvocationException',
]);
const LOWER_MESSAGE = new Set([
  'InvalidParameterValueException', 'InvalidRequestContentException', 'PreconditionFailedException', 'ResourceConflictException',
  'RequestTooLargeException', 'PolicyLengthExceededException', 'ProvisionedConcurrencyConfigNotFoundException',
  'UnsupportedMediaTypeException', 'TooManyRequestsException', 'CodeStorageExceededException', 'ResourceNotReadyException',
]);

export function lambdaErrorBody(error: AwsServiceError): Record<string, unknown> {
  const type = error.status >= 500 ? 'Service' : 'User';
  if (CAPITAL_MESSAGE.has(error.code)) return { Type: type, Message: error.message, ...error.extra };
  if (LOWER_MESSAGE.has(error.code)) return { Type: type, message: error.message, ...error.extra };
  return { message: error.message, ...error.extra };
}

/** Gives a Lambda error its AWS body (unless it was given one). */
export function shapeLambdaError(err: unknown): unknown {
  if (err instanceof AwsServiceError && !err.body) err.withBody(lambdaErrorBody(err));
  return err;
}
