// CreateFunction, GetFunction(Configuration), UpdateFunctionCode/Configuration, ListFunctions,
// DeleteFunction.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { AwsServiceError, badRequest, conflict } from '../protocol/errors.js';
import { ZipRejectedError } from '../runtimes/index.js';
import type { LambdaCore } from './core.js';
import { LATEST, lambdaTimestamp, type FunctionRecord, type VersionRecord } from './model.js';
import { assertReachable, parseFunctionRef } from './names.js';
import { paginate } from './paging.js';
import { publishVersion } from './versions.js';

/** Lambda's limit for a zip uploaded directly (not through S3). */
export const MAX_ZIP_BYTES = 50 * 1024 * 1024;
/** What AWS checks in fact: the request, whose ZipFile is that zip in base64 (4/3 of 50 MB). */
export const MAX_CODE_REQUEST_BYTES = 69_905_067;

interface CodeInput {
  ZipFile?: string;
  S3Bucket?: string;
  ImageUri?: string;
}

interface ConfigInput {
  Runtime?: string;
  Role?: string;
  Handler?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
  RevisionId?: string;
}

export interface CreateFunctionInput extends ConfigInput {
  FunctionName?: string;
  Code?: CodeInput;
  Publish?: boolean;
  Tags?: Record<string, string>;
  Architectures?: string[];
  PackageType?: string;
}

export interface UpdateCodeInput extends CodeInput {
  Publish?: boolean;
  DryRun?: boolean;
  RevisionId?: string;
  Architectures?: string[];
}

const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

export async function createFunction(core: LambdaCore, input: CreateFunctionInput, region: string): Promise<Record<string, unknown>> {
  const name = createdName(core, input.FunctionName, region);
  if (input.PackageType && input.PackageType !== 'Zip') throw badRequest('InvalidParameterValueException', 'The local cloud runs Zip packages only (PackageType Zip).');
  const runtime = core.checkRuntime(input.Runtime);
  if (typeof input.Handler !== 'string' || !input.Handler) {
    throw badRequest('InvalidParameterValueException', 'Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  const role = core.checkRole(input.Role);
  checkLimits(input);
  if (core.store.find(name)) throw conflict('ResourceConflictException', `Function already exist: ${name}`);
  const code = await acceptCode(core, input.Code, 'CreateFunction');
  try {
    // A concurrent CreateFunction of the same name may have won while the zip was unpacked.
    if (core.store.find(name)) throw conflict('ResourceConflictException', `Function already exist: ${name}`);
    const now = core.now();
    const fn: FunctionRecord = {
      name,
      region,
      latest: {
        version: LATEST,
        runtime,
        role,
        handler: input.Handler,
        description: input.Description ?? '',
        timeout: input.Timeout ?? 3,
        memorySize: input.MemorySize ?? 128,
        environment: input.Environment?.Variables,
        architectures: input.Architectures ?? ['x86_64'],
        ...code,
        lastModified: lambdaTimestamp(now),
        revisionId: core.newRevision(),
        changedAt: now,
        change: 'create',
      },
      versions: {},
      lastVersion: 0,
      aliases: {},
      policies: {},
      tags: { ...(input.Tags ?? {}) },
    };
    core.store.functions[name] = fn;
    const published = input.Publish ? publishVersion(core, fn) : undefined;
    core.store.save();
    // With Publish, AWS answers version 1's configuration under the unqualified FunctionArn.
    return core.configuration(fn, published ?? fn.latest, { justChanged: true, unqualified: true });
  } finally {
    core.store.releaseCode(code.codeSha256); // kept if recorded, removed if this create failed
  }
}

/** The name CreateFunction creates: FunctionName may be a name, a partial or a full ARN (of this region and account). */
function createdName(core: LambdaCore, given: unknown, region: string): string {
  if (typeof given !== 'string') throw validation("Value null at 'functionName' failed to satisfy constraint: Member must not be null");
  const ref = parseFunctionRef(given);
  assertReachable(ref, region);
  if (ref.account && ref.account !== core.ctx.accountId) throw new AwsServiceError('AccessDeniedException', '', 403).withBody({});
  if (ref.name.length > 64) {
    throw badRequest('InvalidParameterValueException', `1 validation error detected: Value '${ref.name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
  }
  return ref.name;
}

export function getFunction(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined): Record<string, unknown> {
  const { version } = core.resolve(fn, qualifier);
  return {
    Configuration: configurationOf(core, fn, qualifier),
    Code: { RepositoryType: 'S3', Location: pathToFileURL(core.store.codeFile(version.codeSha256)).href },
    ...(Object.keys(fn.tags).length > 0 ? { Tags: { ...fn.tags } } : {}),
  };
}

export async function updateFunctionCode(core: LambdaCore, fn: FunctionRecord, input: UpdateCodeInput): Promise<Record<string, unknown>> {
  core.assertRevision(input.RevisionId, fn.latest.revisionId);
  if (!input.DryRun) core.assertNoChangeInProgress(fn);
  const code = await acceptCode(core, input, 'UpdateFunctionCode');
  try {
    if (input.DryRun) return core.configuration(fn, { ...fn.latest, ...code });
    core.assertNoChangeInProgress(fn); // again: another update may have landed while the zip was unpacked
    applyUpdate(core, fn, { ...code, ...(input.Architectures ? { architectures: input.Architectures } : {}) });
    const published = input.Publish ? publishVersion(core, fn) : undefined;
    core.store.save();
    return core.configuration(fn, published ?? fn.latest, { justChanged: true });
  } finally {
    core.store.releaseCode(code.codeSha256); // the previous code stays; unused new code goes
  }
}

export function updateFunctionConfiguration(core: LambdaCore, fn: FunctionRecord, input: ConfigInput): Record<string, unknown> {
  core.assertRevision(input.RevisionId, fn.latest.revisionId);
  checkLimits(input);
  const changes: Partial<VersionRecord> = {};
  if (input.Runtime !== undefined) changes.runtime = core.checkRuntime(input.Runtime);
  if (input.Role !== undefined) changes.role = core.checkRole(input.Role);
  if (input.Handler !== undefined) changes.handler = input.Handler;
  if (input.Description !== undefined) changes.description = input.Description;
  if (input.Timeout !== undefined) changes.timeout = input.Timeout;
  if (input.MemorySize !== undefined) changes.memorySize = input.MemorySize;
  if (input.Environment !== undefined) changes.environment = input.Environment.Variables;
  core.assertNoChangeInProgress(fn);
  applyUpdate(core, fn, changes);
  core.store.save();
  return core.configuration(fn, fn.latest, { justChanged: true });
}

export function listFunctions(core: LambdaCore, query: URLSearchParams): Record<string, unknown> {
  const all = query.get('FunctionVersion') === 'ALL';
  const configs: Record<string, unknown>[] = [];
  for (const fn of Object.values(core.store.functions).sort((a, b) => a.name.localeCompare(b.name))) {
    // With FunctionVersion=ALL, $LATEST is listed under its qualified ARN, as its versions are.
    configs.push(core.configuration(fn, fn.latest, { listed: true, qualifyLatest: all }));
    if (all) for (const v of Object.values(fn.versions)) configs.push(core.configuration(fn, v, { listed: true }));
  }
  const { items, nextMarker } = paginate(configs, query);
  return { Functions: items, ...(nextMarker ? { NextMarker: nextMarker } : {}) };
}

/** GetFunctionConfiguration: a version's or alias's configuration (an alias answers with its ARN). */
export function configurationOf(core: LambdaCore, fn: FunctionRecord, qualifier: string | undefined): Record<string, unknown> {
  const resolved = core.resolve(fn, qualifier);
  const config = core.configuration(fn, resolved.version, { qualifyLatest: qualifier === LATEST });
  return resolved.alias ? { ...config, FunctionArn: core.arn(fn, resolved.alias.name) } : config;
}

export function deleteFunction(core: LambdaCore, name: string, region: string, qualifier: string | undefined): void {
  // As AWS: the qualifier is judged before the function is looked up.
  if (qualifier === LATEST) throw badRequest('InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.');
  if (qualifier !== undefined && /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(qualifier)) throw badRequest('InvalidParameterValueException', 'Deletion of aliases is not currently supported.');
  const fn = core.requireFunction(name, region);
  if (!qualifier) {
    delete core.store.functions[fn.name];
    core.retireWorkers(fn.name);
    core.store.save();
    return;
  }
  if (!Object.hasOwn(fn.versions, qualifier)) return; // AWS answers 204 for a version already gone
  const users = Object.values(fn.aliases).filter((a) => a.functionVersion === qualifier || a.routingConfig?.AdditionalVersionWeights?.[qualifier] !== undefined);
  if (users.length > 0) {
    throw conflict('ResourceConflictException', `Unable to delete version because the following aliases reference it: [${users.map((a) => a.name).join(', ')}]`);
  }
  delete fn.versions[qualifier];
  delete fn.policies[qualifier];
  core.retireWorkers(fn.name, qualifier);
  core.store.save();
}

function applyUpdate(core: LambdaCore, fn: FunctionRecord, changes: Partial<VersionRecord>): void {
  const now = core.now();
  fn.latest = { ...fn.latest, ...changes, lastModified: lambdaTimestamp(now), revisionId: core.newRevision(), changedAt: now, change: 'update' };
  // A function in use gets a worker of its new code at once: the warm worker is swapped, not lost.
  if (core.retireWorkers(fn.name, LATEST) > 0) void core.prewarm(fn, fn.latest).catch(() => undefined);
}

/**
 * Size-checks, decodes and unpacks (which validates) the zip, then keeps it by sha. A refused zip
 * leaves nothing on disk (see TaskRoots), and nothing is recorded before this succeeds.
 */
async function acceptCode(core: LambdaCore, code: CodeInput | undefined, operation: string): Promise<{ codeSha256: string; codeSize: number }> {
  if (!code || typeof code.ZipFile !== 'string') {
    const other = code?.S3Bucket ? 'S3Bucket/S3Key' : code?.ImageUri ? 'ImageUri' : undefined;
    throw badRequest('InvalidParameterValueException',
      other ? `The local cloud accepts code as ZipFile only, not ${other}: upload the zip bytes directly.` : 'Please provide a source for function code (ZipFile).');
  }
  const tooLarge = () => new AwsServiceError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_CODE_REQUEST_BYTES} bytes for the ${operation} operation`, 413);
  if (code.ZipFile.length > MAX_CODE_REQUEST_BYTES) throw tooLarge(); // before decoding it
  const zip = Buffer.from(code.ZipFile, 'base64');
  if (zip.length > MAX_ZIP_BYTES) throw tooLarge();
  const codeSha256 = createHash('sha256').update(zip).digest('base64');
  core.store.holdCode(codeSha256); // released by the caller once it has recorded the code, or failed
  try {
    await core.store.taskRoots.prepare(codeSha256, () => zip);
    return core.store.saveCode(zip);
  } catch (err) {
    core.store.releaseCode(codeSha256);
    if (err instanceof ZipRejectedError) throw badRequest('InvalidParameterValueException', err.message);
    throw err;
  }
}

function checkLimits(input: ConfigInput): void {
  if (input.Timeout !== undefined && (!Number.isInteger(input.Timeout) || input.Timeout < 1 || input.Timeout > 900)) {
    throw validation(`Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value between 1 and 900`);
  }
  if (input.MemorySize !== undefined && (!Number.isInteger(input.MemorySize) || input.MemorySize < 128 || input.MemorySize > 10240)) {
    throw validation(`Value '${input.MemorySize}' at 'memorySize' failed to satisfy constraint: Member must have value between 128 and 10240`);
  }
  // A process environment cannot hold a NUL: accepted, it would fail every later invoke.
  if (Object.values(input.Environment?.Variables ?? {}).some((value) => String(value).includes('\u0000'))) {
    throw badRequest('InvalidParameterValueException', 'Lambda was unable to configure your environment variables because a value contains a null character (\\u0000).');
  }
  const reserved = Object.keys(input.Environment?.Variables ?? {}).filter((key) => RESERVED_VARIABLES.has(key));
  if (reserved.length > 0) {
    throw badRequest('InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`);
  }
}

const validation = (message: string) => new AwsServiceError('ValidationException', `1 validation error detected: ${message}`, 400);
