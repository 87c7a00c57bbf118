// What the day-to-day commands (invoke, logs) need before their first call: the validated
// project (no build) and the target it was deployed to, with an AWS layer for it.
import type { AwsApi } from '../aws/api/index.js';
import type { Aws } from '../aws/clients.js';
import type { LoadedProject } from '../config/project.js';
import type { TargetFlags } from '../deploy/run.js';
import { UsageError } from './errors.js';

export interface ProjectTarget {
  project: LoadedProject;
  /** The typed AWS layer every call goes through. */
  api: AwsApi;
  /** Its clients; destroy() when done. */
  aws: Aws;
}

export async function openProjectTarget(flags: TargetFlags): Promise<ProjectTarget> {
  const { loadProject } = await import('../config/load.js');
  const { targetFor } = await import('../deploy/run.js');
  const { Aws } = await import('../aws/clients.js');
  const { SdkApi } = await import('../aws/api/index.js');
  const project = await loadProject({ configPath: flags.configPath, stage: flags.stage, cwd: flags.cwd });
  const { stderrTrace } = await import('../aws/trace.js');
  const aws = new Aws(await targetFor(flags, project), { trace: flags.verbose ? stderrTrace : undefined });
  return { project, aws, api: new SdkApi(aws) };
}

/** The config's function key, or a usage error that lists the keys there are. */
export function requireFunctionKey(project: LoadedProject, key: string): string {
  const keys = Object.keys(project.config.functions ?? {});
  if (keys.includes(key)) return key;
  throw new UsageError(`function "${key}" is not in ${project.configPath}. Fix: use one of ${keys.join(', ') || '(none: add one under "functions")'}`);
}
