// IAM enforcement in front of every emulated service: each operation's permissions (action and
// resource ARNs as AWS authorizes them) are evaluated for the caller; 'enforce' refuses what IAM
// would refuse, 'audit' serves it but records the would-be denial, 'off' checks nothing (and costs
// nothing: the DynamoDB body is not even buffered). Every non-root decision is recorded.
import type { IncomingMessage } from 'node:http';
import type { CloudContext } from '../../context.js';
import { AwsServiceError } from '../../protocol/errors.js';
import type { AwsRequest, AwsResponse } from '../../protocol/request.js';
import { RevisionMemo } from '../../persist/revision-memo.js';
import { authorizeService, type Authorization, type AuthorizeOptions } from '../authorize.js';
import type { ContextValue, PolicyDocument } from '../evaluate/index.js';
import { apigatewayPermissions } from './apigateway.js';
import { dynamodbPermissions } from './dynamodb.js';
import { DynamoDbConditionKeys } from './dynamodb-keys.js';
import { eventsPermissions } from './events.js';
import { iamPermissions } from './iam.js';
import { lambdaPermissions } from './lambda.js';
import { logsPermissions } from './logs.js';
import type { OperationCall, RequiredPermission } from './permission.js';
import { stsPermissions } from './sts.js';

export type IamMode = 'enforce' | 'audit' | 'off';
export const IAM_MODES: readonly IamMode[] = ['enforce', 'audit', 'off'];

export interface IamDecisionRecord extends Authorization {
  service: string;
  /** The operation served (GetItem, Invoke, PUT /restapis/...); 'Invoke' for a service principal's call. */
  operation: string;
  /** 'audit' decisions that would have denied were served anyway. */
  mode: IamMode;
  /** Epoch ms of the decision (the cloud's clock). */
  time: number;
  /** The aws:SourceArn a service principal called from (API Gateway's execute-api ARN, a rule ARN). */
  sourceArn?: string;
}

/** A decision as kept: built by assignment, as an object spread with added fields costs about
 *  30 times more in this V8 and runs several times per invocation. */
function decisionRecord(result: Authorization, service: string, operation: string, mode: IamMode, time: number, sourceArn?: string): IamDecisionRecord {
  const record = Object.assign({}, result) as IamDecisionRecord;
  record.service = service;
  record.operation = operation;
  record.mode = mode;
  record.time = time;
  if (sourceArn !== undefined) record.sourceArn = sourceArn;
  return record;
}

/** Decisions kept for inspection (newest last); older ones are dropped past this. */
const MAX_DECISIONS = 20_000;
const DYNAMODB_MAX_BODY = 16 * 1024 * 1024;

export interface IamEnforcer {
  readonly mode: IamMode;
  /** DynamoDB: reads the body, decides; answers a refusal, or the body it read (the request is consumed then) for dynalite. */
  dynamodb(req: IncomingMessage, accessKeyId: string | undefined, region: string): Promise<{ refusal?: AwsResponse; body?: Buffer }>;
  /** A control-plane operation (input already decoded and checked): throws the service's AccessDenied when refused. */
  control(service: string, operation: string, input: Record<string, unknown>, req: AwsRequest): void;
  /** A call a service makes with a principal's credentials (Lambda writing logs as the function's role): whether to go ahead.
   *  With `reusable`, a decision is reused while no state changes, for up to a second (IAM's own
   *  changes take seconds to reach AWS's services): Lambda asks it on every invocation. */
  permits(service: string, operation: string, accessKeyId: string | undefined, permissions: RequiredPermission[], reusable?: boolean): boolean;
  /** The same, answering the refusal (undefined when the call may go ahead). */
  refusal(service: string, operation: string, accessKeyId: string | undefined, permissions: RequiredPermission[]): Authorization | undefined;
  /** A service principal calling on a resource under its resource policy; answers whether to go ahead (and the decision).
   *  `policy` must be derived from tracked state; with sameAnswerWhileStateHolds (no time condition)
   *  the evaluation is reused until any state changes. */
  servicePrincipal(call: { service: string; principal: string; action: string; resource: string; sourceArn: string; policy: PolicyDocument | undefined; policyName: string; sameAnswerWhileStateHolds?: boolean }): Authorization & { go: boolean };
  decisions(): IamDecisionRecord[];
  clearDecisions(): void;
}

/** The whole body (undefined past the limit), by events: cheaper than an async iterator per request. */
function readAll(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= DYNAMODB_MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > DYNAMODB_MAX_BODY ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
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

/** Each service's access-denied error: code and HTTP status as AWS answers them. */
function refusal(service: string, message: string): AwsServiceError {
  switch (service) {
    case 'iam':
    case 'sts':
      return new AwsServiceError('AccessDenied', message, 403);
    case 'logs':
    case 'events':
      return new AwsServiceError('AccessDeniedException', message, 400);
    default: // lambda, apigateway
      return new AwsServiceError('AccessDeniedException', message, 403);
  }
}

export function createIamEnforcer(ctx: CloudContext, mode: IamMode): IamEnforcer {
  let recorded: IamDecisionRecord[] = [];
  const keep = (entry: IamDecisionRecord) => {
    recorded.push(entry);
    if (recorded.length > MAX_DECISIONS) recorded = recorded.slice(-MAX_DECISIONS / 2);
  };

  /** The first refused permission, after recording every decision made. */
  function decide(service: string, operation: string, accessKeyId: string | undefined, permissions: RequiredPermission[], options?: (p: RequiredPermission) => AuthorizeOptions | undefined, context?: Record<string, ContextValue>, reusable = false): Authorization | undefined {
    const iam = ctx.ports.iam;
    if (!iam) return undefined;
    for (const permission of permissions) {
      const evaluate = () => iam.authorize(accessKeyId, permission.action, permission.resources, context, options?.(permission));
      const result = reusable && !options && !context
        ? reusedDecisions.get(`${accessKeyId}\u0000${permission.action}\u0000${permission.resources.join('\u0000')}`, evaluate, ctx.clock.now())
        : evaluate();
      if (result.root) return undefined; // the account owner: nothing else to evaluate
      keep(decisionRecord(result, service, operation, mode, ctx.clock.now()));
      if (!result.allowed) return result;
    }
    return undefined;
  }

  const isRoot = (accessKeyId: string | undefined) => !ctx.ports.iam || ctx.ports.iam.resolvePrincipal(accessKeyId).kind === 'root';

  function permissionsOf(service: string, call: OperationCall): RequiredPermission[] {
    switch (service) {
      case 'lambda': return lambdaPermissions(call);
      case 'apigateway': return apigatewayPermissions(call);
      case 'logs': return logsPermissions(call);
      case 'events': return eventsPermissions(call);
      case 'iam': return iamPermissions(call, { arnOf: (kind, name) => ctx.ports.iam?.arnOf(kind, name) });
      case 'sts': return stsPermissions(call);
      default: return [];
    }
  }

  /** The resource's own policy where the service has one: a function policy, a role's trust policy. */
  function resourcePolicyOf(service: string, input: Record<string, unknown>): (p: RequiredPermission) => AuthorizeOptions | undefined {
    return (permission) => {
      if (service === 'lambda' && permission.action.startsWith('lambda:') && typeof input.FunctionName === 'string') {
        const document = ctx.ports.lambda?.functionPolicy(input.FunctionName, typeof input.Qualifier === 'string' ? input.Qualifier : undefined);
        return document ? { resourcePolicy: { name: `function-policy:${permission.resources[0]}`, document } } : undefined;
      }
      if (service === 'sts' && permission.action === 'sts:AssumeRole') {
        // No trust policy (no such role): nothing trusts the caller.
        const document = ctx.ports.iam?.trustPolicy(permission.resources[0]!) ?? { Version: '2012-10-17', Statement: [] };
        return { resourcePolicy: { name: `trust-policy:${permission.resources[0]}`, document }, resourcePolicyRequired: true };
      }
      return undefined;
    };
  }

  const serviceDecisions = new RevisionMemo<Authorization>();
  const reusedDecisions = new RevisionMemo<Authorization>(1_000, 1_000);
  const dynamodbKeys = new DynamoDbConditionKeys(() => ctx.ports.dynamodb, () => ctx.clock.now());

  return {
    mode,
    async dynamodb(req, accessKeyId, region) {
      if (mode === 'off' || isRoot(accessKeyId)) return {};
      const body = await readAll(req);
      if (!body) return { refusal: dynamodbRefusal('Request size exceeded the DynamoDB limit.') };
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // dynalite answers the malformed body with DynamoDB's own error.
      }
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      dynamodbKeys.observe(operation, parsed);
      const context = await dynamodbKeys.contextOf(operation, parsed);
      const denied = decide('dynamodb', operation, accessKeyId, dynamodbPermissions(operation, parsed, region, ctx.accountId), undefined, context);
      // The body goes on as read: reading it again from a replayed stream cost the call event-loop turns.
      return denied && mode === 'enforce' ? { body, refusal: dynamodbRefusal(denied.message!) } : { body };
    },
    control(service, operation, input, req) {
      if (mode === 'off' || isRoot(req.accessKeyId)) return;
      const principal = ctx.ports.iam?.resolvePrincipal(req.accessKeyId);
      const call: OperationCall = {
        operation, input, region: req.region, accountId: ctx.accountId, method: req.method, path: req.path,
        ...(principal?.kind === 'user' ? { callerUserName: principal.arn.slice(principal.arn.lastIndexOf('/') + 1) } : {}),
      };
      const label = service === 'apigateway' ? `${req.method} ${req.path}` : operation;
      const denied = decide(service, label, req.accessKeyId, permissionsOf(service, call), resourcePolicyOf(service, input));
      if (denied && mode === 'enforce') throw refusal(service, denied.message!);
    },
    permits(service, operation, accessKeyId, permissions, reusable) {
      if (mode === 'off' || isRoot(accessKeyId)) return true;
      return !(decide(service, operation, accessKeyId, permissions, undefined, undefined, reusable) && mode === 'enforce');
    },
    refusal(service, operation, accessKeyId, permissions) {
      if (mode === 'off' || isRoot(accessKeyId)) return undefined;
      const denied = decide(service, operation, accessKeyId, permissions);
      return denied && mode === 'enforce' ? denied : undefined;
    },
    servicePrincipal(call) {
      const evaluate = () => authorizeService(call.principal, call.action, call.resource, { 'aws:SourceArn': call.sourceArn, 'aws:SourceAccount': call.sourceArn.split(':')[4] ?? '' },
        call.policy && { name: call.policyName, document: call.policy });
      const result = call.sameAnswerWhileStateHolds
        ? serviceDecisions.get(`${call.principal}\u0000${call.action}\u0000${call.resource}\u0000${call.sourceArn}\u0000${call.policyName}`, evaluate)
        : evaluate();
      if (mode !== 'off') keep(decisionRecord(result, call.service, call.action.slice(call.action.indexOf(':') + 1), mode, ctx.clock.now(), call.sourceArn));
      return Object.assign({}, result, { go: result.allowed || mode === 'audit' });
    },
    decisions: () => [...recorded],
    clearDecisions: () => {
      recorded = [];
    },
  };
}
