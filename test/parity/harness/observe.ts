// Turns an SDK v3 call into the boto3-shaped response the recordings hold: the output's members
// with `ResponseMetadata` for a success; `Error {Code, Message}` plus the error body's own fields
// for a failure. The raw error body is read off the wire by a middleware, so what is compared is
// what the local cloud sent, not what the SDK made of it.
import { Readable } from 'node:stream';

export type BotoShaped = Record<string, unknown>;

interface RawResponse {
  statusCode: number;
  body: string;
}

interface MiddlewareClient {
  middlewareStack: {
    addRelativeTo(middleware: unknown, options: { relation: 'after'; toMiddleware: string; name: string }): void;
  };
}

const lastRaw = new WeakMap<object, RawResponse>();

/** Installs (once) the middleware that keeps the client's last raw response. */
export function captureRaw(client: MiddlewareClient): void {
  if (lastRaw.has(client)) return;
  lastRaw.set(client, { statusCode: 0, body: '' });
  client.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<{ response: { statusCode: number; body: unknown } }>) => async (args: unknown) => {
      const result = await next(args);
      const bytes = await readAll(result.response.body);
      lastRaw.set(client, { statusCode: result.response.statusCode, body: bytes.toString('utf8') });
      result.response.body = Readable.from([bytes]);
      return result;
    },
    { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'parityRawCapture' },
  );
}

async function readAll(body: unknown): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export interface SendingClient extends MiddlewareClient {
  send(command: never): Promise<unknown>;
}

/** Sends the command and returns the boto3-shaped answer, success or error. */
export async function observe(client: SendingClient, command: unknown): Promise<BotoShaped> {
  captureRaw(client);
  try {
    const output = (await client.send(command as never)) as Record<string, unknown>;
    return successShape(output);
  } catch (error) {
    const raw = lastRaw.get(client);
    if (!isServiceError(error) || !raw) throw error;
    return errorShape(error, raw);
  }
}

function successShape(output: Record<string, unknown>): BotoShaped {
  const { $metadata, ...members } = output as { $metadata?: { httpStatusCode?: number } };
  const shaped: BotoShaped = {};
  for (const [key, value] of Object.entries(members)) if (value !== undefined) shaped[key] = value;
  shaped.ResponseMetadata = { HTTPHeaders: {}, HTTPStatusCode: $metadata?.httpStatusCode };
  return shaped;
}

interface ServiceError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && '$metadata' in error;
}

function errorShape(error: ServiceError, raw: RawResponse): BotoShaped {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw.body ? JSON.parse(raw.body) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = { '<raw body>': raw.body };
  }
  // botocore takes the code from the error-type header or `__type`/`code`; they are not fields.
  const { __type: _type, code: _code, ...bodyFields } = body;
  // botocore lifts body fields to the top only for errors its model declares; the SDK likewise
  // builds a class of the error's own name for those alone (else <Service>ServiceException).
  const modeled = error.constructor.name === error.name;
  const fields = modeled ? bodyFields : {};
  // botocore reads the message from the body only: a body without one (Lambda's 403) gives null.
  const message = bodyFields.message ?? bodyFields.Message ?? (raw.body ? null : error.message);
  return {
    Error: { Code: error.name, Message: message },
    ...fields,
    ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: error.$metadata.httpStatusCode ?? raw.statusCode },
  };
}
