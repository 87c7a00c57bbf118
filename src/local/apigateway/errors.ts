// API Gateway's error texts, in one place so every operation words them the same way.
import { AwsServiceError } from '../protocol/errors.js';

export const notFoundError = (what: string, id?: string) =>
  new AwsServiceError('NotFoundException', `Invalid ${what} identifier specified${id === undefined ? '' : `: ${id}`}`, 404);

export const badRequestError = (message: string) => new AwsServiceError('BadRequestException', message, 400);
export const conflictError = (message: string) => new AwsServiceError('ConflictException', message, 409);

/** 429 with the Retry-After header the SDK's TooManyRequestsException carries. */
export class TooManyRequestsError extends AwsServiceError {
  constructor(readonly retryAfterSeconds: number) {
    super('TooManyRequestsException', 'Too Many Requests', 429);
  }
}
