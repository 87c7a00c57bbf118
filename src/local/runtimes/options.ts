// What the user can choose about the runtimes, and where each choice comes from when not given:
// the startLocalCloud option, else an environment variable, else a default.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RuntimeOptions {
  /** A Node binary per runtime, e.g. { 'nodejs22.x': '/opt/node22/bin/node' } (env DISCOVERY_NODE_PATH_NODEJS22X). */
  nodePaths?: Record<string, string>;
  /** Where fetched Node binaries and the Python "lambda site" live (env DISCOVERY_CACHE_DIR). */
  cacheDir?: string;
  /** npm registry the Node binaries come from (env DISCOVERY_NPM_REGISTRY, else npm_config_registry, else registry.npmjs.org). */
  registry?: string;
  /** false: never fetch a Node binary; runtimes without one run on the host's Node (env DISCOVERY_NODE_DOWNLOAD=0). */
  nodeDownload?: boolean;
  /** Live workers across all functions; past it the least recently used idle one is ended (env DISCOVERY_MAX_WARM_WORKERS). */
  maxWarmWorkers?: number;
  /** The python3 that runs Python functions (env DISCOVERY_PYTHON). */
  python?: string;
  /** Where one-time notices go (fallbacks, downloads). Default: stderr. */
  notice?: (line: string) => void;
}

/**
 * 50 warm functions fit in 1 GiB: an idle Node worker measures about 48 MB VmRSS (40 of it the
 * node binary's pages, shared between workers but counted in each), a Python one about 12-20 MB
 * (scripts/bench-workers.mjs), so 16 Node workers stay near 780 MB; the rest start cold.
 */
export const DEFAULT_MAX_WARM_WORKERS = 16;

export type ResolvedRuntimeOptions = Required<Omit<RuntimeOptions, 'nodePaths'>> & { nodePaths: Record<string, string> };

export function resolveRuntimeOptions(options: RuntimeOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedRuntimeOptions {
  return {
    nodePaths: { ...nodePathsFromEnv(env), ...options.nodePaths },
    cacheDir: options.cacheDir ?? env.DISCOVERY_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'discovery-cli', 'runtimes'),
    registry: options.registry ?? env.DISCOVERY_NPM_REGISTRY ?? env.npm_config_registry ?? 'https://registry.npmjs.org/',
    nodeDownload: options.nodeDownload ?? !['0', 'false', 'off', 'no'].includes((env.DISCOVERY_NODE_DOWNLOAD ?? '').toLowerCase()),
    maxWarmWorkers: options.maxWarmWorkers ?? positive(env.DISCOVERY_MAX_WARM_WORKERS) ?? DEFAULT_MAX_WARM_WORKERS,
    python: options.python ?? env.DISCOVERY_PYTHON ?? 'python3',
    notice: options.notice ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}

/** The environment variable naming a runtime's Node binary: nodejs22.x -> DISCOVERY_NODE_PATH_NODEJS22X. */
export const nodePathVariable = (runtime: string) => `DISCOVERY_NODE_PATH_${runtime.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;

function nodePathsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^DISCOVERY_NODE_PATH_NODEJS(\d+)X$/.exec(name);
    if (match && value) paths[`nodejs${match[1]}.x`] = value;
  }
  return paths;
}

function positive(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Parses `--node-path nodejs22.x=/path/to/node`; undefined when malformed. */
export function parseNodePath(value: string): [runtime: string, path: string] | undefined {
  const match = /^(nodejs\d+\.x)=(.+)$/.exec(value);
  return match ? [match[1]!, match[2]!] : undefined;
}
