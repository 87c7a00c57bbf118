// The data-plane request as the server hands it to the gateway.
import type { IncomingHttpHeaders } from 'node:http';
import type { LogSink } from '../ports.js';

export interface GatewayRequest {
  method: string;
  apiId: string;
  stage: string;
  /**
   * Resource path after the stage, always starting with one "/" (leading slashes collapse, as on
   * AWS), percent-decoded except `%2B`, which AWS keeps encoded (recorded).
   */
  path: string;
  /** The path after the stage as sent, leading slashes kept (requestContext.path shows it). */
  pathAsSent?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Path exactly as received (for SigV4 verification), and the Host header. */
  rawPath: string;
  rawQuery: string;
  host: string;
  sourceIp: string;
  /** Header names and values as sent (Node's rawHeaders), so proxy events keep the client's letter case. */
  rawHeaders?: string[];
  /** Told the log events of each function the request invokes (integration, authorizer). */
  onLogs?: LogSink;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer | string;
}
