// discovery-cli as a library: the deploy engine's commands and its plain-data parts.
export { deploy, teardown, status, type RunOptions, type RunResult, type TeardownOptions, type TargetFlags, type ProgressEvent } from './deploy/run.js';
export { plan as planDeploy, topologicalOrder, type PlanInput } from './deploy/planner.js';
export { execute, ExecutionError, InjectedAbort, type ExecuteOptions } from './deploy/executor.js';
export { desiredState, type DesiredInput } from './deploy/desired.js';
export { readRemoteState } from './deploy/remote-reader.js';
export { emptyRemoteState, lookupFor, type RemoteState, type Lookup } from './deploy/remote-state.js';
export { summarize, hasChanges, type Plan, type PlanStep, type StepAction } from './deploy/plan.js';
export { buildReport, type DeployReport } from './deploy/report.js';
export { acquireLock, readState, statePath, lockPath, LockError, type StateFile } from './deploy/state.js';
export type { Resource, ResourceKind, DesiredState, Orphan } from './deploy/model.js';
export { Aws, type AwsOptions } from './aws/clients.js';
export { resolveTarget, stageUrl, type Target, type TargetOptions } from './aws/target.js';
export { partitionOf, type Partition } from './aws/partition.js';
export { AwsCallError } from './aws/errors.js';
export { classify, withRetries, DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryClock } from './aws/retry.js';
export { loadProject } from './config/load.js';
export { buildProject } from './build/build.js';
