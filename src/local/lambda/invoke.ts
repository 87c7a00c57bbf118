// Invoke: RequestResponse (the handler's answer), Event (202, runs in the background) and
// DryRun (204), with the caller's resource-policy check used by API Gateway and EventBridge.
import { randomUUID } from 'node:crypto';
import { AwsServiceError, badRequest } from '../protocol/errors.js';
import type { InvocationOutcome } from '../runtimes/index.js';
import type { LambdaCore } from './core.js';
import { changeInProgress, LATEST, type FunctionRecord, type VersionRecord } from './model.js';
import { logGroupName } from './names.js';
import { invokeAllowed } from './permissions.js';
import { policyDocument } from './policy.js';
import type { PolicyDocument } from '../iam/evaluate/index.js';
import { logGroupArn, logStreamArn } from '../iam/enforce/logs.js';
import type { FunctionSpec } from '../runtimes/types.js';
import type { LogSink } from '../ports.js';
import { RevisionMemo } from '../persist/revision-memo.js';

export const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
export const MAX_ASYNC_PAYLOAD = 1024 * 1024;
const TAIL_BYTES = 4096;

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export interface InvokeRequest {
  fn: FunctionRecord;
  qualifier?: string;
  payload: Buffer;
  invocationType: InvocationType;
  tail?: boolean;
  clientContext?: string;
  region: string;
  caller?: { principal: string; sourceArn: string };
  /** JSON serialised in this process (the gateway's proxy event): known valid, not parsed again. */
  serialisedJson?: boolean;
  /** Told the invocation's log events once written. */
  onLogs?: LogSink;
}

export interface InvokeAnswer {
  statusCode: number;
  payload: Buffer;
  functionError?: string;
  executedVersion: string;
  /** Base64 of the last 4 KB of the invocation's log (X-Amz-Log-Type: Tail). */
  logResult?: string;
}

export async function invokeFunction(core: LambdaCore, req: InvokeRequest): Promise<InvokeAnswer> {
  const { fn } = req;
  const limit = req.invocationType === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (req.payload.length > limit) {
    throw new AwsServiceError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`, 413);
  }
  const resolved = core.resolve(fn, req.qualifier);
  if (req.caller && !callerAllowed(core, req, resolved.policyKey)) {
    const target = core.arn(fn, resolved.policyKey || undefined);
    throw new AwsServiceError('AccessDeniedException',
      `${req.caller.principal} is not authorized to perform: lambda:InvokeFunction on resource: ${target} from ${req.caller.sourceArn}: no statement in the function's resource policy${resolved.policyKey ? ` for qualifier ${resolved.policyKey}` : ''} allows it. Add one with AddPermission (Principal ${req.caller.principal}, SourceArn matching ${req.caller.sourceArn}).`,
      403);
  }
  const version = pickVersion(fn, resolved.version, resolved.alias?.routingConfig?.AdditionalVersionWeights);
  // As AWS: a function still being created (State Pending) cannot be invoked; wait for Active.
  if (version.version === LATEST && version.change === 'create' && changeInProgress(version, core.now(), core.stateDelayMs)) {
    throw new AwsServiceError('ResourceConflictException', 'The operation cannot be performed at this time. The function is currently in the following state: Pending', 409);
  }
  if (req.invocationType === 'DryRun') return { statusCode: 204, payload: Buffer.alloc(0), executedVersion: version.version };
  const event = req.serialisedJson ? req.payload.toString('utf8') : parseEvent(req.payload);

  const run = runVersion(core, fn, version, event, req);
  if (req.invocationType === 'Event') {
    run.catch(() => {}); // failures of async invocations are only logged, as on AWS
    return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: version.version };
  }
  const outcome = await run;
  let payload = Buffer.from(outcome.payload);
  let functionError = outcome.functionError;
  if (payload.length > MAX_SYNC_PAYLOAD) {
    payload = Buffer.from(JSON.stringify({ errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_PAYLOAD} bytes).`, errorType: 'Function.ResponseSizeTooLarge' }));
    functionError = 'Unhandled';
  }
  return {
    statusCode: 200,
    payload,
    functionError,
    executedVersion: version.version,
    logResult: req.tail ? logTail(outcome) : undefined,
  };
}

async function runVersion(core: LambdaCore, fn: FunctionRecord, version: VersionRecord, event: string, req: InvokeRequest): Promise<InvocationOutcome> {
  const taskRoot = await core.store.taskRoots.prepare(version.codeSha256, () => core.store.loadCode(version.codeSha256));
  const spec = core.spec(fn, version, taskRoot, fn.region);
  const outcome = await core.runtimes.invoke(spec, {
    requestId: randomUUID(),
    payload: event,
    invokedFunctionArn: core.arn(fn, req.qualifier),
    clientContext: req.clientContext,
  });
  writeLogs(core, fn, spec, outcome);
  req.onLogs?.(fn.name, outcome.logEvents);
  return outcome;
}

/**
 * The function policy decides a service principal's call (API Gateway, EventBridge), with its
 * aws:SourceArn; the decision is recorded with the statement that made it. Without the IAM
 * enforcer (never in a running cloud) the policy is still checked.
 */
function callerAllowed(core: LambdaCore, req: InvokeRequest, policyKey: string): boolean {
  const caller = req.caller!;
  const enforcer = core.ctx.ports.iamEnforcement;
  if (!enforcer) return invokeAllowed(core, req.fn, req.qualifier, caller.principal, caller.sourceArn);
  const resource = core.arn(req.fn, policyKey || undefined);
  const { policy, timeless } = functionPoliciesOf(core).get(resource, () => {
    const statements = req.fn.policies[policyKey]?.statements ?? [];
    const text = statements.length ? policyDocument(statements) : undefined;
    return { policy: text === undefined ? undefined : (JSON.parse(text) as PolicyDocument), timeless: !text || !TIME_CONDITION.test(text) };
  });
  return enforcer.servicePrincipal({
    service: 'lambda', principal: caller.principal, action: 'lambda:InvokeFunction', resource, sourceArn: caller.sourceArn, policy, policyName: `function-policy:${resource}`, sameAnswerWhileStateHolds: timeless,
  }).go;
}

/** Parsed function policies by ARN, per local cloud (a process may run several with the same
 *  ARNs), while the state they come from holds: asked on every invocation. */
const functionPolicies = new WeakMap<LambdaCore, RevisionMemo<{ policy: PolicyDocument | undefined; timeless: boolean }>>();
function functionPoliciesOf(core: LambdaCore) {
  let memo = functionPolicies.get(core);
  if (!memo) functionPolicies.set(core, (memo = new RevisionMemo()));
  return memo;
}
/** Conditions on the time of the call: their answer can change with no state changing. */
const TIME_CONDITION = /Date|EpochTime|CurrentTime/;

/**
 * As on AWS, Lambda writes the function's logs with its execution role: CreateLogGroup and
 * CreateLogStream when missing, PutLogEvents each time; the decisions are recorded (the advisor
 * counts them as used). Unlike AWS, a role that may not still gets its logs here: losing them
 * would hide the one thing a developer reads, and the denial is in /_local/calls for the advisor.
 */
function writeLogs(core: LambdaCore, fn: FunctionRecord, spec: FunctionSpec, outcome: InvocationOutcome): void {
  const logs = core.ctx.ports.logs;
  if (!logs) return;
  const group = logGroupName(fn.name);
  const stream = outcome.logStreamName;
  const enforcer = core.ctx.ports.iamEnforcement;
  if (enforcer && enforcer.mode !== 'off') {
    const accessKey = core.executionAccessKey(spec);
    const { accountId } = core.ctx;
    const needs: Array<[string, string]> = [];
    if (!logs.exists(group)) needs.push(['logs:CreateLogGroup', logGroupArn(fn.region, accountId, group)]);
    if (!logs.exists(group, stream)) needs.push(['logs:CreateLogStream', logStreamArn(fn.region, accountId, group, stream)]);
    needs.push(['logs:PutLogEvents', logStreamArn(fn.region, accountId, group, stream)]);
    for (const [action, resource] of needs) enforcer.permits('logs', action.slice('logs:'.length), accessKey, [{ action, resources: [resource] }], true);
  }
  logs.append(group, stream, outcome.logEvents);
}

function parseEvent(payload: Buffer): string {
  if (payload.length === 0) return '{}';
  const text = payload.toString('utf8');
  try {
    JSON.parse(text);
  } catch (err) {
    throw badRequest('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`);
  }
  return text;
}

/** An alias with AdditionalVersionWeights sends that share of invocations to the other version. */
function pickVersion(fn: FunctionRecord, primary: VersionRecord, weights: Record<string, number> | undefined): VersionRecord {
  if (!weights) return primary;
  let roll = Math.random();
  for (const [version, weight] of Object.entries(weights)) {
    if (roll < weight && fn.versions[version]) return fn.versions[version]!;
    roll -= weight;
  }
  return primary;
}

function logTail(outcome: InvocationOutcome): string {
  const text = Buffer.from(outcome.logEvents.map((e) => `${e.message}\n`).join(''));
  return text.subarray(Math.max(0, text.length - TAIL_BYTES)).toString('base64');
}
