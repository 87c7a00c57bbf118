// Wire formats. query = IAM/STS (form in, XML out); json = X-Amz-Target JSON 1.1
// (EventBridge, Logs); rest-json = Lambda and API Gateway.
import { randomUUID } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import { AwsServiceError } from './errors.js';
import type { AwsResponse } from './request.js';

export type Protocol = 'query' | 'json' | 'rest-json';

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });
const XMLNS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

/** Query-protocol success: <OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>. */
export function xmlResult(service: 'iam' | 'sts', operation: string, result: unknown): AwsResponse {
  const requestId = randomUUID();
  const doc = {
    [`${operation}Response`]: {
      '@_xmlns': XMLNS[service],
      ...(result === undefined ? {} : { [`${operation}Result`]: result }),
      ResponseMetadata: { RequestId: requestId },
    },
  };
  return {
    status: 200,
    operation,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: xml.build(doc) as string,
  };
}

/** Query-protocol lists are <member> elements. */
export const members = <T>(items: T[]) => ({ member: items });

export function jsonResult(operation: string, body: unknown, status = 200, contentType = 'application/json'): AwsResponse {
  return {
    status,
    operation,
    headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID() },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function renderError(protocol: Protocol, operation: string, err: unknown): AwsResponse {
  const error = err instanceof AwsServiceError ? err : internalFailure(operation, err);
  const requestId = randomUUID();
  if (protocol === 'query') {
    const doc = {
      ErrorResponse: {
        Error: { Type: error.fault, Code: error.code, Message: error.message },
        RequestId: requestId,
      },
    };
    return { status: error.status, operation, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: xml.build(doc) as string };
  }
  const body: Record<string, unknown> =
    error.body ?? (protocol === 'json'
      ? { __type: error.code, message: error.message, ...error.extra }
      : { message: error.message, Message: error.message, Type: error.fault === 'Sender' ? 'User' : 'Service', ...error.extra });
  return {
    status: error.status,
    operation,
    headers: {
      'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
      'x-amzn-errortype': error.code,
      'x-amzn-requestid': requestId,
    },
    body: JSON.stringify(body),
  };
}

/**
 * An error no service model meant to throw: logged with its stack for the developer, answered
 * as AWS's generic 500 for this request alone (the message names no internal path).
 */
export function internalFailure(operation: string, err: unknown): AwsServiceError {
  console.error(`local cloud: unexpected error in ${operation}:`, err instanceof Error ? err.stack : err);
  return new AwsServiceError('InternalFailure', `The local cloud failed to serve ${operation} because of an internal error (logged on its stderr). The request changed nothing.`, 500);
}

/** Form body of a query-protocol request as a flat map (Tags.member.1.Key style keys kept). */
export function parseForm(body: Buffer, query: URLSearchParams): Map<string, string> {
  const params = new Map<string, string>(query);
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  return params;
}

/** Collects `Prefix.member.N.Field` entries into an array of records. */
export function formList(params: Map<string, string>, prefix: string): Record<string, string>[] {
  const items = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)(?:\\.(.+))?$`);
  for (const [key, value] of params) {
    const m = re.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    const entry = items.get(index) ?? {};
    entry[m[2] ?? ''] = value;
    items.set(index, entry);
  }
  return [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** Parses a JSON body, answering AWS's SerializationException for bad JSON. */
export function parseJsonBody<T = Record<string, unknown>>(body: Buffer): T {
  if (body.length === 0) return {} as T;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.', 400);
  }
}
