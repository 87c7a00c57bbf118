// One error type for every emulated service; each protocol renders it the way AWS does.

export class AwsServiceError extends Error {
  constructor(
    /** AWS error code, e.g. ResourceNotFoundException, NoSuchEntity. */
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** 'Sender' or 'Receiver' for query-protocol (IAM/STS) error documents. */
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
    /** Extra top-level fields some errors carry (Lambda's Type, etc.). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }

  /** The exact rest-json error body, for a service whose bodies differ from the default (Lambda's). */
  body?: Record<string, unknown>;

  withBody(body: Record<string, unknown>): this {
    this.body = body;
    return this;
  }
}

export const notFound = (code: string, message: string) => new AwsServiceError(code, message, 404);
export const badRequest = (code: string, message: string) => new AwsServiceError(code, message, 400);
export const conflict = (code: string, message: string) => new AwsServiceError(code, message, 409);
