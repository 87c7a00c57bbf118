// State and rules shared by the Lambda operations: lookups with AWS's errors, the rendered
// FunctionConfiguration, role and runtime checks, and the runtime host that runs the code.
import { createHash, randomUUID } from 'node:crypto';
import { retiredRuntimeMessage, runtimeInfo, SUPPORTED_RUNTIMES } from '../../aws/runtimes.js';
import type { CloudContext } from '../context.js';
import { AwsServiceError, badRequest, conflict, notFound } from '../protocol/errors.js';
import { RuntimeHost, type FunctionSpec } from '../runtimes/index.js';
import { changeInProgress, LATEST, type AliasRecord, type FunctionRecord, type VersionRecord } from './model.js';
import { functionArn, logGroupName } from './names.js';
import { LambdaStore } from './store.js';

export const DEFAULT_STATE_DELAY_MS = 10;

/** Runtimes AWS refuses as no longer supported. */
const AWS_RETIRED_RUNTIMES = [
  'java8', 'go1.x', 'provided', 'ruby2.5', 'ruby2.7', 'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x',
  'python2.7', 'python3.6', 'python3.7', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet5.0',
];

/** The runtimes AWS accepts, in the order its refusal lists them. */
const AWS_RUNTIMES = [
  'nodejs20.x', 'python3.14', 'provided.al2023', 'python3.12', 'python3.13', 'nodejs24.x', 'nodejs22.x', 'java25', 'python3.10', 'python3.11',
  'java21', 'ruby3.3', 'ruby3.4', 'ruby3.2', 'python3.8', 'python3.9', 'java17', 'nodejs16.x', 'dotnet10', 'dotnet8', 'java11', 'dotnet6',
  'nodejs18.x', 'provided.al2', 'java8.al2',
];

export interface ResolvedQualifier {
  version: VersionRecord;
  /** Selects the resource policy: '' for the function itself ($LATEST), else the version or alias. */
  policyKey: string;
  alias?: AliasRecord;
}

/** A stable stand-in for the runtime version AWS reports (one per runtime, as AWS's per release). */
function runtimeVersionArn(region: string, runtime: string): string {
  return `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(runtime).digest('hex')}`;
}
/** Lambda's execution-role sessions: 12 hours, renewed for new environments an hour before. */
const EXECUTION_SESSION_SECONDS = 12 * 3600;
const CREDENTIAL_RENEW_MS = 3600_000;

export class LambdaCore {
  readonly store: LambdaStore;
  readonly runtimes: RuntimeHost;
  private readonly specs = new Map<string, FunctionSpec>();
  /** Spec key -> when its execution credentials expire (epoch ms). */
  private readonly credentialExpiry = new Map<string, number>();

  constructor(readonly ctx: CloudContext) {
    this.store = new LambdaStore(ctx.stateDir);
    this.runtimes = new RuntimeHost({ ...ctx.runtimes, clock: ctx.clock });
  }

  get stateDelayMs(): number {
    return this.ctx.faults.lambdaStateDelayMs ?? DEFAULT_STATE_DELAY_MS;
  }

  now(): number {
    return this.ctx.clock.now();
  }

  arn(fn: FunctionRecord, qualifier?: string): string {
    return functionArn(fn.region, this.ctx.accountId, fn.name, qualifier);
  }

  /** The ARN of a function that may not exist (for messages). */
  arnOf(name: string, region: string, qualifier?: string): string {
    return functionArn(region, this.ctx.accountId, name, qualifier);
  }

  /** The function, or AWS's 404 naming it (with the qualifier asked for, as AWS does). */
  requireFunction(name: string, region: string, qualifier?: string): FunctionRecord {
    const fn = this.store.find(name);
    if (!fn) throw notFound('ResourceNotFoundException', `Function not found: ${functionArn(region, this.ctx.accountId, name, qualifier)}`);
    return fn;
  }

  /** A version number, an alias or $LATEST (or nothing); 404 as AWS when it does not exist. */
  resolve(fn: FunctionRecord, qualifier: string | undefined): ResolvedQualifier {
    if (!qualifier || qualifier === LATEST) return { version: fn.latest, policyKey: '' };
    const version = Object.hasOwn(fn.versions, qualifier) ? fn.versions[qualifier] : undefined;
    if (version) return { version, policyKey: qualifier };
    const alias = Object.hasOwn(fn.aliases, qualifier) ? fn.aliases[qualifier] : undefined;
    if (alias) {
      const target = this.resolve(fn, alias.functionVersion).version;
      return { version: target, policyKey: qualifier, alias };
    }
    throw notFound('ResourceNotFoundException', `Function not found: ${this.arn(fn, qualifier)}`);
  }

  /** The FunctionConfiguration shape of GetFunctionConfiguration, CreateFunction, ListVersions... */
  configuration(fn: FunctionRecord, v: VersionRecord, options: { qualifyLatest?: boolean; justChanged?: boolean; unqualified?: boolean; listed?: boolean } = {}): Record<string, unknown> {
    // The answer to the change itself always says Pending/InProgress, as AWS's does.
    const busy = options.justChanged || changeInProgress(v, this.now(), this.stateDelayMs);
    // As AWS answers: a create is Pending (no LastUpdateStatus yet); an update in progress reads
    // "The function is being created." / Creating, the very words AWS sends.
    const state =
      busy && v.change === 'create'
        ? { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' }
        : busy
          ? { State: 'Active', LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating' }
          : { State: 'Active', LastUpdateStatus: 'Successful' };
    const qualified = options.unqualified ? false : v.version !== LATEST || options.qualifyLatest;
    return {
      FunctionName: fn.name,
      FunctionArn: this.arn(fn, qualified ? v.version : undefined),
      Runtime: v.runtime,
      // Lists (ListFunctions, ListVersionsByFunction) leave out the runtime version and the state.
      ...(options.listed ? {} : { RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(fn.region, v.runtime) } }),
      Role: v.role,
      Handler: v.handler,
      CodeSize: v.codeSize,
      Description: v.description,
      Timeout: v.timeout,
      MemorySize: v.memorySize,
      LastModified: v.lastModified,
      CodeSha256: v.codeSha256,
      Version: v.version,
      ...(v.environment ? { Environment: { Variables: v.environment } } : {}),
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: v.revisionId,
      ...(options.listed ? {} : state),
      PackageType: 'Zip',
      Architectures: v.architectures,
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: logGroupName(fn.name) },
    };
  }

  /** ResourceConflictException while a create or update of $LATEST has not completed. */
  assertNoChangeInProgress(fn: FunctionRecord): void {
    const latest = fn.latest;
    if (!changeInProgress(latest, this.now(), this.stateDelayMs)) return;
    if (latest.change === 'create') {
      throw conflict('ResourceConflictException', 'The operation cannot be performed at this time. The function is currently in the following state: Pending');
    }
    throw conflict('ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${this.arn(fn)}`);
  }

  assertRevision(expected: string | undefined, actual: string): void {
    if (expected && expected !== actual) {
      throw new AwsServiceError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', 412);
    }
  }

  checkRuntime(runtime: unknown): string {
    if (typeof runtime !== 'string' || runtime === '') {
      throw badRequest('InvalidParameterValueException', 'Runtime and Handler are mandatory parameters for functions created with deployment packages.');
    }
    const info = runtimeInfo(runtime);
    if (info?.retired || AWS_RETIRED_RUNTIMES.includes(runtime)) {
      // AWS's own words for a runtime it no longer takes (python3.9 and nodejs20.x are retired here sooner: the
      // local cloud's own list, with the runtimes it does run).
      throw badRequest('InvalidParameterValueException', AWS_RETIRED_RUNTIMES.includes(runtime)
        ? `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`
        : retiredRuntimeMessage(runtime));
    }
    if (!info && !AWS_RUNTIMES.includes(runtime)) {
      throw badRequest('InvalidParameterValueException',
        `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${AWS_RUNTIMES.join(', ')}] or be a valid ARN`);
    }
    if (!info) {
      throw badRequest('InvalidParameterValueException',
        `Value ${runtime} at 'runtime' is not supported by the local cloud, which runs Node.js and Python functions: ${SUPPORTED_RUNTIMES.join(', ')}.`);
    }
    return runtime;
  }

  /** A role that does not exist, or is too new under the IAM-propagation fault, cannot be assumed. */
  checkRole(role: unknown): string {
    if (typeof role !== 'string' || !/^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/.test(role)) {
      throw new AwsServiceError('ValidationException',
        `1 validation error detected: Value '${String(role)}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`, 400);
    }
    if (this.ctx.ports.iam && !this.ctx.ports.iam.roleAssumable(role)) {
      throw badRequest('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.');
    }
    return role;
  }

  /** What the runtime needs to run this version; cached so the invoke path stays lean. */
  spec(fn: FunctionRecord, v: VersionRecord, taskRoot: string, region: string): FunctionSpec {
    const key = `${fn.name}:${v.version}:${v.revisionId}`;
    let spec = this.specs.get(key);
    // Warm environments keep their credentials; a new environment gets fresh ones before they lapse.
    if (spec && (this.credentialExpiry.get(key) ?? Infinity) - this.now() < CREDENTIAL_RENEW_MS) {
      this.runtimes.retire((k) => k === key);
      spec = undefined;
    }
    if (!spec) {
      const credentials = this.executionCredentials(fn, v, key);
      spec = {
        key,
        runtime: v.runtime,
        handler: v.handler,
        taskRoot,
        functionName: fn.name,
        version: v.version,
        memorySize: v.memorySize,
        timeoutSeconds: v.timeout,
        logGroupName: logGroupName(fn.name),
        environment: {
          AWS_REGION: region,
          AWS_DEFAULT_REGION: region,
          // Handler SDK calls (DynamoDB, Lambda, API Gateway) reach this local cloud.
          AWS_ENDPOINT_URL: this.ctx.url,
          ...(v.environment ?? {}),
          ...credentials,
        },
      };
      this.specs.set(key, spec);
    }
    return spec;
  }

  /**
   * As the Lambda runtime: temporary credentials of the execution role (session named after the
   * function) in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, so the handler's
   * calls are authorized as assumed-role/<role>/<function>. Without STS, the local root keys.
   */
  private executionCredentials(fn: FunctionRecord, v: VersionRecord, key: string): Record<string, string> {
    const session = this.ctx.ports.sts?.issueServiceSession(v.role, fn.name, EXECUTION_SESSION_SECONDS);
    if (session) {
      this.credentialExpiry.set(key, session.expiresAtMs);
      return { AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey, AWS_SESSION_TOKEN: session.sessionToken };
    }
    const root = this.ctx.credentials[0];
    return root ? { AWS_ACCESS_KEY_ID: root.accessKeyId, AWS_SECRET_ACCESS_KEY: root.secretAccessKey } : {};
  }

  /** The access key the function's current environments call with (for the logs it writes as its role). */
  executionAccessKey(spec: FunctionSpec): string | undefined {
    return spec.environment.AWS_ACCESS_KEY_ID;
  }

  /** Forget warm workers of $LATEST (changed) or of the whole function (deleted). */
  retireWorkers(name: string, version?: string): number {
    const prefix = version ? `${name}:${version}:` : `${name}:`;
    const workers = this.runtimes.retire((key) => key.startsWith(prefix));
    for (const key of this.specs.keys()) if (key.startsWith(prefix)) this.specs.delete(key);
    return workers;
  }

  /** A worker of the version's code started now, so the next invocation finds it warm (a swap, not a cold start). */
  async prewarm(fn: FunctionRecord, v: VersionRecord): Promise<void> {
    const taskRoot = await this.store.taskRoots.prepare(v.codeSha256, () => this.store.loadCode(v.codeSha256));
    // The function may have changed again or gone meanwhile: warm only what is still current.
    if (this.store.functions[fn.name]?.latest !== v) return;
    this.runtimes.prewarm(this.spec(fn, v, taskRoot, fn.region));
  }

  newRevision(): string {
    return randomUUID();
  }

  close(): void {
    this.runtimes.close();
  }
}
