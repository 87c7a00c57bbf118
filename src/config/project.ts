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

// Deployed names, in one place so the validator checks the lengths of the names deploy uses.

/** Lambda function name (AWS limit 64). */
export function functionName(project: Pick<LoadedProject, 'config' | 'stage'>, key: string): string {
  return resourceName(project, key);
}

/** Name of the least-privilege role the engine makes for a function when `role` is unset: the function's own name (AWS limit 64). */
export function functionRoleName(project: Pick<LoadedProject, 'config' | 'stage'>, key: string): string {
  return resourceName(project, key);
}

/** DynamoDB table name: the table's `name`, else `${project}-${stage}-${key}` (AWS limit 255). */
export function tableName(project: Pick<LoadedProject, 'config' | 'stage'>, key: string): string {
  return project.config.tables?.[key]?.name ?? resourceName(project, key);
}

/** API Gateway REST API name (AWS limit 1024). */
export function apiName(project: Pick<LoadedProject, 'config' | 'stage'>, key: string): string {
  return resourceName(project, key);
}
