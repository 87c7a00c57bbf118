// The local cloud as a background server: start it detached, find it again through
// <state-dir>/server.json, ask its health, stop it. `deploy --local` uses ensureLocalCloud().
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultOptions } from './faults.js';

export const DEFAULT_STATE_DIR = '.discovery/local';
const DEFAULT_PORT = 4577;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const POLL_MS = 100;

/** What <state-dir>/server.json holds while a local cloud runs. */
export interface ServerInfo {
  pid: number;
  port: number;
  url: string;
  startedAt: string;
  host: string;
  stateDir: string;
}

export interface HealthInfo {
  status: string;
  services: string[];
  accountId: string;
  region: string;
  pid: number;
  stateDir: string;
}

/** Everything `local start` accepts, so a detached start passes the same settings on. */
export interface DaemonStartOptions {
  port?: number;
  host?: string;
  stateDir?: string;
  allowRemote?: boolean;
  faults?: FaultOptions;
  accessKeyId?: string;
  /** Host names and web origins the gate lets in besides this machine's (see gate/). */
  allowHosts?: string[];
  allowOrigins?: string[];
  /** A Node binary per runtime (--node-path nodejs22.x=/path/to/node). */
  nodePaths?: Record<string, string>;
  /** Live workers across all functions (--max-warm-workers). */
  maxWarmWorkers?: number;
  /** IAM enforcement of non-root callers (default enforce). */
  iam?: 'enforce' | 'audit' | 'off';
  /** Handed to the child through its environment, never on its command line. */
  secretAccessKey?: string;
  timeoutMs?: number;
}

export const SECRET_ENV = 'DISCOVERY_LOCAL_SECRET_ACCESS_KEY';

const serverFile = (stateDir: string) => join(resolve(stateDir), 'server.json');
export const serverLogFile = (stateDir: string) => join(resolve(stateDir), 'server.log');

export function readServerInfo(stateDir: string): ServerInfo | undefined {
  try {
    return JSON.parse(readFileSync(serverFile(stateDir), 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
}

export function writeServerInfo(info: ServerInfo): void {
  const file = serverFile(info.stateDir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Removes server.json, but only when it still describes `pid` (a newer server may own it). */
export function removeServerInfo(stateDir: string, pid?: number): void {
  const info = readServerInfo(stateDir);
  if (!info || pid === undefined || info.pid === pid) rmSync(serverFile(stateDir), { force: true });
}

/** GET /_local/health; undefined when nothing (or not a local cloud) answers. */
export async function checkHealth(url: string, timeoutMs = 1_000): Promise<HealthInfo | undefined> {
  try {
    const res = await fetch(`${url}/_local/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as Partial<HealthInfo>;
    return body.status === 'running' && Array.isArray(body.services) ? (body as HealthInfo) : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The package's bin/discovery-cli.js, found from this module in src/ (tests) or dist/src/. */
export function cliEntryPoint(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'bin', 'discovery-cli.js');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find bin/discovery-cli.js above ${fileURLToPath(import.meta.url)}; is the package installed completely?`);
    dir = parent;
  }
}

/** The `local start` arguments that reproduce these options (secret excluded). */
export function startArguments(options: DaemonStartOptions): string[] {
  const args = ['local', 'start', '--port', String(options.port ?? DEFAULT_PORT), '--host', options.host ?? '127.0.0.1', '--state-dir', resolve(options.stateDir ?? DEFAULT_STATE_DIR)];
  if (options.allowRemote) args.push('--allow-remote');
  const f = options.faults ?? {};
  if (f.latencyMs !== undefined) args.push('--latency-ms', String(f.latencyMs));
  if (f.iamPropagationMs !== undefined) args.push('--iam-propagation-ms', String(f.iamPropagationMs));
  if (f.apiGatewayQuotaScale !== undefined) args.push('--api-quota-scale', String(f.apiGatewayQuotaScale));
  if (f.errorRate !== undefined) args.push('--error-rate', String(f.errorRate));
  if (f.seed !== undefined) args.push('--seed', String(f.seed));
  if (f.lambdaStateDelayMs !== undefined) args.push('--lambda-state-delay-ms', String(f.lambdaStateDelayMs));
  if (options.accessKeyId !== undefined) args.push('--access-key-id', options.accessKeyId);
  for (const host of options.allowHosts ?? []) args.push('--allow-host', host);
  for (const origin of options.allowOrigins ?? []) args.push('--allow-origin', origin);
  for (const [runtime, path] of Object.entries(options.nodePaths ?? {})) args.push('--node-path', `${runtime}=${path}`);
  if (options.maxWarmWorkers !== undefined) args.push('--max-warm-workers', String(options.maxWarmWorkers));
  if (options.iam) args.push('--iam', options.iam);
  return args;
}

/**
 * Starts `discovery-cli local start` as a detached process (output to <state-dir>/server.log)
 * and waits until it has written server.json and answers /_local/health.
 */
export async function startDetached(options: DaemonStartOptions): Promise<ServerInfo> {
  const stateDir = resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  mkdirSync(stateDir, { recursive: true });
  const running = await runningServer(stateDir);
  if (running) return running;

  const logFile = serverLogFile(stateDir);
  const log = openSync(logFile, 'a');
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  try {
    const child = spawn(process.execPath, [cliEntryPoint(), ...startArguments({ ...options, stateDir })], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...(options.secretAccessKey !== undefined ? { [SECRET_ENV]: options.secretAccessKey } : {}) },
    });
    child.once('exit', (code, signal) => {
      exited = { code, signal };
    });
    child.unref();
    const deadline = Date.now() + (options.timeoutMs ?? START_TIMEOUT_MS);
    while (Date.now() < deadline) {
      if (exited) break;
      const info = readServerInfo(stateDir);
      if (info && info.pid === child.pid && (await checkHealth(info.url))) return info;
      await pause(POLL_MS);
    }
    if (!exited && child.pid) process.kill(child.pid, 'SIGTERM');
  } finally {
    closeSync(log);
  }
  const why = exited ? `it exited (${exited.signal ?? `code ${exited.code}`})` : `it did not answer /_local/health within ${(options.timeoutMs ?? START_TIMEOUT_MS) / 1000} s`;
  throw new Error(`the local cloud did not start: ${why}. Its output is in ${logFile}:\n${tail(logFile)}`);
}

/** The server recorded in server.json, when its process lives and it answers health. */
export async function runningServer(stateDir: string): Promise<ServerInfo | undefined> {
  const info = readServerInfo(stateDir);
  if (!info || !isAlive(info.pid)) return undefined;
  return (await checkHealth(info.url)) ? info : undefined;
}

export type StopResult = { stopped: true; pid: number } | { stopped: false; reason: string };

/** SIGTERM the recorded server, wait for it to exit (SIGKILL past the timeout), remove server.json. */
export async function stopDetached(stateDir: string = DEFAULT_STATE_DIR, timeoutMs = STOP_TIMEOUT_MS): Promise<StopResult> {
  const info = readServerInfo(stateDir);
  if (!info) return { stopped: false, reason: `no server.json in ${resolve(stateDir)}` };
  if (!isAlive(info.pid)) {
    removeServerInfo(stateDir, info.pid);
    return { stopped: false, reason: `process ${info.pid} from server.json is gone (stale file removed)` };
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(info.pid) && Date.now() < deadline) await pause(POLL_MS);
  if (isAlive(info.pid)) {
    process.kill(info.pid, 'SIGKILL');
    while (isAlive(info.pid)) await pause(POLL_MS);
  }
  removeServerInfo(stateDir, info.pid);
  return { stopped: true, pid: info.pid };
}

/**
 * A local cloud on `port`: the one already answering there, or a detached one started now.
 * The deploy engine's --local calls this.
 */
export async function ensureLocalCloud(options: { port?: number; stateDir?: string } = {}): Promise<{ url: string; started: boolean; server?: ServerInfo }> {
  const port = options.port ?? DEFAULT_PORT;
  const url = `http://127.0.0.1:${port}`;
  if (await checkHealth(url)) return { url, started: false };
  const info = await startDetached({ port, stateDir: options.stateDir ?? DEFAULT_STATE_DIR });
  return { url: info.url, started: true, server: info };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}
