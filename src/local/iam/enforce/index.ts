// IAM enforcement in front of the services wired so far (DynamoDB, Lambda ListFunctions/Invoke).
// 'enforce' refuses what IAM would refuse, 'audit' serves it but records the decision, 'off'
// checks nothing (and costs nothing: the DynamoDB body is not even buffered).
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { CloudContext } from '../../context.js';
import type { AwsResponse } from '../../protocol/request.js';
import type { Authorization } from '../authorize.js';
import { dynamodbPermissions, type RequiredPermission } from './dynamodb.js';
import { lambdaPermission } from './lambda.js';

export type IamMode = 'enforce' | 'audit' | 'off';

export interface IamDecisionRecord extends Authorization {
  service: string;
  /** 'audit' decisions that would have denied were served anyway. */
  mode: IamMode;
}

/** Decisions kept for inspection (newest last); older ones are dropped past this. */
const MAX_DECISIONS = 1000;
const DYNAMODB_MAX_BODY = 16 * 1024 * 1024;

export interface IamEnforcer {
  readonly mode: IamMode;
  /** DynamoDB: reads the body, decides; answers a refusal, or a request to hand dynalite instead of the consumed one. */
  dynamodb(req: IncomingMessage, accessKeyId: string | undefined, region: string): Promise<{ refusal?: AwsResponse; request: IncomingMessage }>;
  /** Lambda (rest-json): a refusal, or undefined to serve the request. */
  lambda(method: string, path: string, query: URLSearchParams, accessKeyId: string | undefined, region: string): AwsResponse | undefined;
  decisions(): IamDecisionRecord[];
}

async function readAll(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > DYNAMODB_MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The consumed request again, for dynalite: same method, URL and headers, the body replayed. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from([body]), { headers: req.headers, method: req.method, url: req.url, rawHeaders: req.rawHeaders, socket: req.socket, httpVersion: req.httpVersion }) as unknown as IncomingMessage;
}

function dynamodbRefusal(message: string): AwsResponse {
  // DynamoDB's access denial: 400 with the coral AccessDeniedException type.
  return {
    status: 400,
    operation: 'AccessDenied',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'AccessDeniedException' },
    body: JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: message }),
  };
}

function lambdaRefusal(message: string, action: string): AwsResponse {
  return {
    status: 403,
    operation: action === 'lambda:InvokeFunction' ? 'Invoke' : action.slice('lambda:'.length),
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' },
    body: JSON.stringify({ Type: 'User', Message: message }),
  };
}

export function createIamEnforcer(ctx: CloudContext, mode: IamMode): IamEnforcer {
  const recorded: IamDecisionRecord[] = [];

  /** The first refused permission, after recording every decision made. */
  function decide(service: string, accessKeyId: string | undefined, permissions: RequiredPermission[]): Authorization | undefined {
    const iam = ctx.ports.iam;
    if (!iam) return undefined;
    for (const permission of permissions) {
      const result = iam.authorize(accessKeyId, permission.action, permission.resources);
      if (result.root) continue;
      recorded.push({ ...result, service, mode });
      if (recorded.length > MAX_DECISIONS) recorded.shift();
      if (!result.allowed) return result;
    }
    return undefined;
  }

  return {
    mode,
    async dynamodb(req, accessKeyId, region) {
      if (mode === 'off' || ctx.ports.iam?.resolvePrincipal(accessKeyId).kind === 'root') return { request: req };
      const body = await readAll(req);
      if (!body) return { request: req, refusal: dynamodbRefusal('Request size exceeded the DynamoDB limit.') };
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // dynalite answers the malformed body with DynamoDB's own error.
      }
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const denied = decide('dynamodb', accessKeyId, dynamodbPermissions(operation, parsed, region, ctx.accountId));
      const request = replay(req, body);
      return denied && mode === 'enforce' ? { request, refusal: dynamodbRefusal(denied.message!) } : { request };
    },
    lambda(method, path, query, accessKeyId, region) {
      if (mode === 'off') return undefined;
      const permission = lambdaPermission(method, path, query, region, ctx.accountId);
      if (!permission) return undefined;
      const denied = decide('lambda', accessKeyId, [permission]);
      return denied && mode === 'enforce' ? lambdaRefusal(denied.message!, denied.action) : undefined;
    },
    decisions: () => [...recorded],
  };
}
