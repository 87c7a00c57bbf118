// The contract between load (src/config), build (src/build) and deploy (src/deploy).
import type { ProjectConfig } from './types.js';

export type ApiDefinitionFormat = 'swagger2' | 'openapi3';

export interface LoadedApi {
  key: string;
  /** Absolute path of the definition file. */
  file: string;
  format: ApiDefinitionFormat;
  /** The parsed document with every x-amazon-apigateway-* extension kept, markers unreplaced. */
  document: Record<string, unknown>;
  /** Function keys whose `$KEYARN$` markers the definition holds. */
  functionMarkers: string[];
  /** API Gateway stage names (config `stages` keys, or [stage]). */
  stageNames: string[];
}

export interface LoadedProject {
  /** Absolute path of discovery.config.json. */
  configPath: string;
  /** Folder of the config file; config paths are relative to it. */
  rootDir: string;
  /** The validated config, with defaults applied (memory 128, timeout 10, export names). */
  config: ProjectConfig;
  /** The --stage value (default "dev"). */
  stage: string;
  apis: Record<string, LoadedApi>;
}

/** `${project}-${stage}-${key}`: every resource name carries project and stage. */
export function resourceName(project: Pick<LoadedProject, 'config' | 'stage'>, key: string): string {
  return `${project.config.project}-${project.stage}-${key}`;
}
