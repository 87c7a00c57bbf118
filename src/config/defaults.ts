// Defaults the config leaves implicit, made explicit once so every later stage reads one value.
import { runtimeInfo } from '../aws/runtimes.js';
import type { FunctionConfig, ProjectConfig } from './types.js';

export const DEFAULT_MEMORY_MB = 128;
export const DEFAULT_TIMEOUT_SECONDS = 10;

export function defaultExport(runtime: string): string {
  const language = runtimeInfo(runtime)?.language ?? (runtime.startsWith('python') ? 'python' : 'nodejs');
  return language === 'python' ? 'lambda_handler' : 'handler';
}

export function applyDefaults(config: ProjectConfig): ProjectConfig {
  const functions: Record<string, FunctionConfig> = {};
  for (const [key, fn] of Object.entries(config.functions)) {
    functions[key] = {
      ...fn,
      export: fn.export ?? defaultExport(fn.runtime),
      memory: fn.memory ?? DEFAULT_MEMORY_MB,
      timeout: fn.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    };
  }
  return { ...config, functions };
}
