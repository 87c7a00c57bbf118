// The load stage: loadProject reads, validates and cross-checks a project before any AWS call.
export { loadProject, DEFAULT_CONFIG_FILE, DEFAULT_STAGE, STAGE_PATTERN, type LoadOptions } from './load.js';
export { ConfigError, formatProblem, type ConfigProblem } from './problems.js';
export { findReferences, resolveReferences, referenceSites, REFERENCE_FORMS, type Reference } from './references.js';
export { apiName, functionName, functionRoleName, resourceName, tableName } from './project.js';
export type { LoadedApi, LoadedProject, ApiDefinitionFormat } from './project.js';
export type * from './types.js';
