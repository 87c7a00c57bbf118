// What every cross-check reads: the config (defaults applied), where it lives, the problem
// collector, and how to name places in the config file.
import type { ProjectConfig } from '../types.js';
import type { Problems } from '../problems.js';
import type { LoadedApi } from '../project.js';

export interface CheckContext {
  config: ProjectConfig;
  stage: string;
  rootDir: string;
  /** The config file as shown to the user. */
  configFile: string;
  problems: Problems;
  /** Loaded API definitions (those that loaded without problems). */
  apis: Record<string, LoadedApi>;
  /** JSON pointer into the config file, with its line when known. */
  at(...path: (string | number)[]): string;
  /** A path as shown to the user (relative to the cwd when inside it). */
  show(path: string): string;
}
