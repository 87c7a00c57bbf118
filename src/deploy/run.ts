// The pipeline, one direction: load -> build -> (target) -> read remote -> plan -> execute ->
// record -> report. Load and build finish before the first AWS call.
import { withChain, type CallRecord } from '../aws/call-log.js';
import { SdkApi } from '../aws/api/index.js';
import { Aws, type AwsOptions } from '../aws/clients.js';
import { stderrTrace } from '../aws/trace.js';
import { LOCAL_CREDENTIALS, resolveTarget, type StaticCredentials, type Target } from '../aws/target.js';
import type { BuiltProject } from '../build/types.js';
import { diskCacheWritten } from '../cache/disk-cache.js';
import type { LoadedProject } from '../config/project.js';
import { desiredState } from './desired.js';
import { execute, type ExecuteOptions } from './executor.js';
import type { DesiredState } from './model.js';
import type { Plan, PlanStep } from './plan.js';
import { plan as makePlan } from './planner.js';
import { readRemoteState } from './remote-reader.js';
import { lookupFor } from './remote-state.js';
import { buildReport, targetLabel, type DeployReport } from './report.js';
import { acquireRemoteLock } from './lock/remote.js';
import { acquireLock, lockPath, pidAlive, readState, stateFileFor, StateRecorder, type LockOptions } from './state.js';

export type ProgressEvent =
  | { type: 'phase'; message: string }
  | { type: 'step'; phase: 'start' | 'done'; step: PlanStep }
  | { type: 'retry'; message: string }
  /** Something the user should know that is not progress (a background process left running). */
  | { type: 'notice'; message: string };

export interface TargetFlags {
  configPath?: string;
  stage?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** Use the local cloud (started detached when none answers). */
  local?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  credentials?: StaticCredentials;
  /** Every AWS call on stderr with its duration (--verbose). */
  verbose?: boolean;
  /** Seconds; default 60 each, as the AWS CLI. */
  connectTimeoutSeconds?: number;
  readTimeoutSeconds?: number;
}

export interface RunOptions extends TargetFlags {
  dryRun?: boolean;
  aws?: AwsOptions;
  lock?: LockOptions;
  progress?: (event: ProgressEvent) => void;
  /** Test hook: stop after this many steps, as if killed. */
  abortAfterSteps?: number;
  concurrency?: number;
  /** The caller handles Ctrl-C (dev: it lets a started apply finish); otherwise SIGINT releases the lock and exits 130. */
  callerHandlesSigint?: boolean;
}

export interface RunResult {
  report: DeployReport;
  plan: Plan;
  /** Every AWS call made, with its depth in the chain of dependent calls. */
  calls: CallRecord[];
  criticalPathDepth: number;
  wallMs: number;
  /** Where the time went: load+build, reading the target, applying the plan. */
  phases: { buildMs: number; readMs: number; applyMs: number };
  /** The validated project the run used. */
  project?: LoadedProject;
}

async function loadAndBuild(flags: TargetFlags, build: boolean): Promise<{ project: LoadedProject; built?: BuiltProject }> {
  const { loadProject } = await import('../config/load.js');
  const project = await loadProject({ configPath: flags.configPath, stage: flags.stage, cwd: flags.cwd });
  if (!build) return { project };
  const { buildProject } = await import('../build/build.js');
  return { project, built: await buildProject(project) };
}

export async function targetFor(flags: TargetFlags & { progress?: (event: ProgressEvent) => void }, project: LoadedProject): Promise<Target> {
  const env = flags.env ?? process.env;
  let endpointUrl = flags.endpointUrl;
  if (flags.local) {
    const { ensureLocalCloud } = await import('../local/daemon.js');
    const port = Number(env.DISCOVERY_LOCAL_PORT ?? 4577);
    const local = await ensureLocalCloud({ port });
    endpointUrl = local.url;
    // It outlives this command, so the URLs keep answering: say so, and how to stop it.
    if (local.started && local.server) {
      flags.progress?.({ type: 'notice', message: `Started a local cloud in the background at ${local.url} (pid ${local.server.pid}, state in ${local.server.stateDir}); it keeps running after this command. Stop it with: npx discovery-cli local stop` });
    }
  }
  const target = await resolveTarget({
    region: flags.region, configRegion: project.config.region, profile: flags.profile, endpointUrl, local: flags.local, credentials: flags.credentials, env,
    connectTimeoutSeconds: flags.connectTimeoutSeconds, readTimeoutSeconds: flags.readTimeoutSeconds,
  });
  // The local cloud takes fixed test credentials; do not require real ones to talk to it.
  if (target.kind === 'local' && !target.credentials && !target.profile && !env.AWS_ACCESS_KEY_ID) target.credentials = LOCAL_CREDENTIALS;
  return target;
}

function awsFor(target: Target, options: RunOptions): Aws {
  return new Aws(target, {
    ...options.aws,
    trace: options.aws?.trace ?? (options.verbose ? stderrTrace : undefined),
    onRetry: (info) => {
      options.aws?.onRetry?.(info);
      const err = info.error as { name?: string; message?: string };
      options.progress?.({ type: 'retry', message: `${info.errorClass}: ${err?.name ?? 'error'} (${err?.message ?? ''}); retry ${info.attempt} in ${Math.round(info.delayMs / 100) / 10} s` });
    },
  });
}

/** How long a deploy waits for another run of its stage, unless --lock-timeout says otherwise. */
const DEFAULT_LOCK_WAIT_MS = 600_000;

/**
 * The stage lock: the local file first (another run from this checkout), then the lock item in the
 * target account (another checkout or CI runner). Its calls go through their own client, so the
 * deploy's call log and critical path count only the deploy's calls.
 */
export async function withLock<T>(project: LoadedProject, target: Target, options: RunOptions, command: string, fn: () => Promise<T>): Promise<T> {
  if (options.dryRun) return fn();
  const envWait = Number((options.env ?? process.env).DISCOVERY_LOCK_WAIT_SECONDS);
  const waitMs = options.lock?.waitMs ?? (Number.isFinite(envWait) && envWait >= 0 ? envWait * 1000 : DEFAULT_LOCK_WAIT_MS);
  const releaseFile = await acquireLock(lockPath(project.configPath, project.stage), { ...options.lock, waitMs, command });
  const lockAws = awsFor(target, options);
  let releaseRemote: (() => Promise<void>) | undefined;
  const onSignal = () => {
    releaseFile();
    void (releaseRemote?.() ?? Promise.resolve()).catch(() => undefined).finally(() => process.exit(130));
  };
  if (!options.callerHandlesSigint) process.once('SIGINT', onSignal);
  try {
    releaseRemote = await acquireRemoteLock(new SdkApi(lockAws), `${project.config.project}/${project.stage}`, {
      waitMs, command, clock: options.lock?.clock, pollMs: options.lock?.pollMs, isAlive: options.lock?.isAlive ?? pidAlive,
      onWait: (h) => options.progress?.({ type: 'phase', message: `Waiting for the ${h.command} of stage ${project.stage} that holds its lock (pid ${h.pid} on ${h.host}, since ${h.startedAt})` }),
    });
    return await fn();
  } finally {
    process.off('SIGINT', onSignal);
    try {
      await releaseRemote?.();
    } finally {
      releaseFile();
      lockAws.destroy();
    }
  }
}

export async function deploy(options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  progress({ type: 'phase', message: 'Loading and building the project' });
  const { project, built } = await loadAndBuild(options, true);
  const buildMs = Math.round(performance.now() - started);
  const target = await targetFor(options, project);
  return withLock(project, target, options, 'deploy', async () => {
    const aws = awsFor(target, options);
    try {
      const previous = readState(stateFileFor(project.configPath, project.stage, { target: targetLabel(target), region: target.region }));
      return await withChain(async () => {
        progress({ type: 'phase', message: `Reading what exists in ${target.endpointUrl ?? target.region} (stage ${project.stage})` });
        const readStarted = performance.now();
        const remote = await readRemoteState(aws, lookupFor(project), previous?.tables ?? []);
        const desired = desiredState({ built: built!, target, accountId: remote.accountId });
        const plan = makePlan({ project: desired.project, stage: desired.stage, region: desired.region, resources: desired.resources, remote, artifacts: desired.artifacts, onAws: target.kind === 'aws', pendingInvokes: previous?.pendingInvokes });
        const applyStarted = performance.now();
        let outputs = plan.outputs;
        if (!options.dryRun) {
          outputs = await run(plan, desired, target, aws, project, options, 'deploy');
        }
        const report = buildReport(desired, plan, outputs, target);
        const phases = { buildMs, readMs: Math.round(applyStarted - readStarted), applyMs: Math.round(performance.now() - applyStarted) };
        return { report, plan, calls: aws.log.calls, criticalPathDepth: aws.log.criticalPathDepth(), wallMs: Math.round(performance.now() - started), phases, project };
      });
    } finally {
      aws.destroy();
      // The run ends with what it cached on disk (written off the event loop while it ran).
      await diskCacheWritten();
    }
  });
}

export interface TeardownOptions extends RunOptions {
  deleteData?: boolean;
}

export async function teardown(options: TeardownOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  progress({ type: 'phase', message: 'Loading the project' });
  const { project } = await loadAndBuild(options, false);
  const buildMs = Math.round(performance.now() - started);
  const target = await targetFor(options, project);
  return withLock(project, target, options, 'teardown', async () => {
    const aws = awsFor(target, options);
    try {
      const previous = readState(stateFileFor(project.configPath, project.stage, { target: targetLabel(target), region: target.region }));
      return await withChain(async () => {
        progress({ type: 'phase', message: `Finding what stage ${project.stage} has in ${target.endpointUrl ?? target.region}` });
        const readStarted = performance.now();
        const remote = await readRemoteState(aws, { ...lookupFor(project), tablesByTag: true }, previous?.tables ?? []);
        const applyStarted = performance.now();
        const plan = makePlan({
          project: project.config.project, stage: project.stage, region: target.region, resources: [], remote,
          sweep: { deleteData: options.deleteData }, teardown: true,
        });
        if (!options.dryRun) await run(plan, undefined, target, aws, project, options, 'teardown');
        const report = buildReport(undefined, plan, {}, target);
        const phases = { buildMs, readMs: Math.round(applyStarted - readStarted), applyMs: Math.round(performance.now() - applyStarted) };
        return { report, plan, calls: aws.log.calls, criticalPathDepth: aws.log.criticalPathDepth(), wallMs: Math.round(performance.now() - started), phases };
      });
    } finally {
      aws.destroy();
      // The run ends with what it cached on disk (written off the event loop while it ran).
      await diskCacheWritten();
    }
  });
}

async function run(plan: Plan, desired: DesiredState | undefined, target: Target, aws: Aws, project: LoadedProject, options: RunOptions, command: 'deploy' | 'teardown') {
  const progress = options.progress ?? (() => undefined);
  const where = { target: targetLabel(target), region: plan.region, accountId: plan.accountId };
  const recorder = new StateRecorder(stateFileFor(project.configPath, project.stage, where), { project: plan.project, stage: plan.stage, ...where });
  if (command === 'deploy') {
    recorder.recordExisting(plan.steps, plan.outputs);
    // Recorded before any call: a deploy killed after its last resource still invokes next time.
    recorder.markPending(plan.steps.filter((s) => s.kind === 'invokeAfterDeploy' && s.action !== 'noop').map((s) => s.id));
  }
  const todo = plan.steps.filter((s) => s.action !== 'noop').length;
  // Fault injection for tests: die abruptly (no cleanup, lock left behind) after N steps.
  const killAfter = Number((options.env ?? process.env).DISCOVERY_FAULT_KILL_AFTER_STEPS) || undefined;
  let finished = 0;
  progress({ type: 'phase', message: todo ? `Applying ${todo} change${todo === 1 ? '' : 's'}` : 'Nothing to change' });
  const executeOptions: ExecuteOptions = {
    concurrency: options.concurrency,
    abortAfterSteps: options.abortAfterSteps,
    onStepStart: (step) => progress({ type: 'step', phase: 'start', step }),
    onStepDone: (step, outputs) => {
      recorder.record(step, outputs);
      progress({ type: 'step', phase: 'done', step });
      if (++finished === killAfter) process.kill(process.pid, 'SIGKILL');
    },
  };
  const result = await execute(plan, { api: new SdkApi(aws), artifacts: desired?.artifacts ?? { zips: {}, apiBodies: {} } }, executeOptions);
  recorder.finish(command === 'deploy' ? plan.steps.filter((s) => s.action !== 'delete').map((s) => s.id) : [], !!(options as TeardownOptions).deleteData);
  return result.outputs;
}

/** `status`: what is deployed and how it differs from the config (a deploy's plan, not run). */
export async function status(options: RunOptions = {}): Promise<RunResult> {
  return deploy({ ...options, dryRun: true });
}
