// The contract every emulated service folder fulfils (src/local/<service>/index.ts).
import type { CloudContext } from './context.js';
import type { Protocol } from './protocol/render.js';
import type { AwsRequest, AwsResponse } from './protocol/request.js';

export interface LocalService {
  /** Signing name in the SigV4 credential scope: iam, sts, lambda, apigateway, events, logs. */
  readonly name: string;
  readonly protocol: Protocol;
  /** Serves one control-plane request; throws AwsServiceError for AWS-style errors. */
  handle(req: AwsRequest): Promise<AwsResponse>;
  /** Rewrites an error answer made outside handle (input validation) into the service's own body shape. */
  shapeError?(answer: AwsResponse): AwsResponse;
  /** Stops timers and child processes. */
  close?(): Promise<void>;
}

export type ServiceFactory = (ctx: CloudContext) => LocalService;
