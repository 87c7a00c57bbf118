// `discovery-cli local start|stop|status|console`: the embedded local cloud, in the foreground or as a
// detached background server recorded in <state-dir>/server.json.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { parseNodePath } from '../../local/runtimes/options.js';
import { registerLocalConsole } from './local-console.js';

interface StartFlags {
  port: string;
  host: string;
  stateDir: string;
  detach?: boolean;
  allowRemote?: boolean;
  latencyMs?: string;
  iamPropagationMs?: string;
  apiQuotaScale?: string;
  errorRate?: string;
  seed?: string;
  lambdaStateDelayMs?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  allowHost: string[];
  allowOrigin: string[];
  nodePath: string[];
  maxWarmWorkers?: string;
  iam: string;
}

const collect = (value: string, prior: string[]) => [...prior, value];
/** Comma-separated list in an environment variable, blanks dropped. */
const envList = (name: string) => (process.env[name] ?? '').split(',').map((v) => v.trim()).filter(Boolean);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** The port deploy --local and the discovery commands use too. */
const DEFAULT_PORT = process.env.DISCOVERY_LOCAL_PORT ?? '4577';

export function registerLocal(program: Command): void {
  const local = program.command('local').description('Run the local cloud: an AWS-compatible endpoint on 127.0.0.1');

  local
    .command('start')
    .description('Start the local cloud in the foreground, or in the background with --detach')
    .option('--port <port>', 'port to listen on (0 picks a free one; default DISCOVERY_LOCAL_PORT or 4577)', DEFAULT_PORT)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--state-dir <dir>', 'where functions, APIs and table data persist', '.discovery/local')
    .option('--detach', 'run in the background; output goes to <state-dir>/server.log')
    .option('--allow-remote', 'allow a --host other than loopback (the endpoint has no real authentication)')
    .option('--latency-ms <ms>', 'fault: added latency per control-plane call')
    .option('--iam-propagation-ms <ms>', 'fault: a new role cannot be assumed by Lambda for this long')
    .option('--api-quota-scale <factor>', "fault: enforce API Gateway's control-plane quotas, windows scaled by factor (1 = AWS's)")
    .option('--error-rate <fraction>', 'fault: fraction (0..1) of control-plane calls answered 500/503')
    .option('--seed <n>', 'seed for --error-rate, to replay a run')
    .option('--lambda-state-delay-ms <ms>', 'how long a new or updated function stays Pending/InProgress (default 10; 0 = at once)')
    .option('--access-key-id <id>', 'access key id AWS_IAM methods accept (default test, or DISCOVERY_LOCAL_ACCESS_KEY_ID)')
    .option('--secret-access-key <secret>', 'its secret (default test, or DISCOVERY_LOCAL_SECRET_ACCESS_KEY)')
    .option('--allow-host <host>', 'also answer requests whose Host is this name (repeatable; also DISCOVERY_LOCAL_ALLOW_HOSTS, comma-separated)', collect, [])
    .option('--iam <mode>', 'IAM for non-root callers (function roles, IAM users): enforce (refuse as AWS would), audit (serve, record would-be denials) or off', 'enforce')
    .option('--allow-origin <origin>', 'let web pages of this origin call the control plane, e.g. http://localhost:3000 (repeatable; also DISCOVERY_LOCAL_ALLOW_ORIGINS)', collect, [])
    .option('--node-path <runtime=path>', 'run a runtime on this Node binary, e.g. nodejs22.x=/opt/node22/bin/node (repeatable; also DISCOVERY_NODE_PATH_NODEJS22X); default: fetched once from the npm registry into ~/.cache/discovery-cli/runtimes', collect, [])
    .option('--max-warm-workers <n>', 'live function workers kept across all functions; the least recently used idle one ends first (default 16, or DISCOVERY_MAX_WARM_WORKERS)')
    .action(async (flags: StartFlags) => {
      const daemon = await import('../../local/daemon.js');
      const options = startOptions(flags, daemon.SECRET_ENV);
      if (flags.detach) {
        const info = await daemon.startDetached(options);
        process.stderr.write(`local cloud running in the background (pid ${info.pid}, state in ${info.stateDir}, log ${daemon.serverLogFile(info.stateDir)})\n`);
        process.stdout.write(`${info.url}\n`);
        return;
      }
      await runForeground(options);
    });

  local
    .command('stop')
    .description('Stop the background local cloud recorded in <state-dir>/server.json')
    .option('--state-dir <dir>', 'state folder of the local cloud', '.discovery/local')
    .action(async (flags: { stateDir: string }) => {
      const { stopDetached } = await import('../../local/daemon.js');
      const result = await stopDetached(flags.stateDir);
      process.stderr.write(result.stopped ? `local cloud stopped (pid ${result.pid})\n` : `local cloud not running: ${result.reason}\n`);
    });

  local
    .command('status')
    .description('Show whether the local cloud runs, where, and which services it serves (exit 1 when not running)')
    .option('--state-dir <dir>', 'state folder of the local cloud', '.discovery/local')
    .option('--port <port>', 'port to probe when no server.json is found (default DISCOVERY_LOCAL_PORT or 4577)', DEFAULT_PORT)
    .option('--json', 'print the status as JSON on stdout')
    .action(async (flags: { stateDir: string; port: string; json?: boolean }) => {
      const { checkHealth, readServerInfo } = await import('../../local/daemon.js');
      const info = readServerInfo(flags.stateDir);
      const url = info?.url ?? `http://127.0.0.1:${Number(flags.port)}`;
      const health = await checkHealth(url);
      const status = health
        ? { running: true, url, pid: health.pid, stateDir: health.stateDir, startedAt: info?.pid === health.pid ? info.startedAt : undefined, services: health.services }
        : { running: false, url, reason: info ? `server.json names pid ${info.pid} at ${info.url}, which does not answer` : `nothing answers ${url}/_local/health` };
      if (flags.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else if (health) process.stderr.write(`local cloud running at ${url} (pid ${health.pid}, state in ${health.stateDir})\nservices: ${health.services.join(', ')}\n`);
      else process.stderr.write(`local cloud not running: ${status.reason}. Start it with: discovery-cli local start --detach\n`);
      if (!health) process.exitCode = 1;
    });

  registerLocalConsole(local, DEFAULT_PORT);
}

type StartOptions = import('../../local/daemon.js').DaemonStartOptions;

function startOptions(flags: StartFlags, secretEnv: string): StartOptions & { port: number; host: string; stateDir: string } {
  const port = integer(flags.port, '--port', 0, 65535)!;
  const host = flags.host;
  if (!LOOPBACK.has(host) && !flags.allowRemote) {
    throw new UsageError(`--host ${host} would expose the local cloud beyond this machine, and it accepts fixed test credentials. Add --allow-remote if you mean it, or use the default --host 127.0.0.1.`);
  }
  const errorRate = number(flags.errorRate, '--error-rate');
  if (errorRate !== undefined && (errorRate < 0 || errorRate > 1)) throw new UsageError(`--error-rate must be a fraction between 0 and 1; got ${flags.errorRate}.`);
  const quotaScale = number(flags.apiQuotaScale, '--api-quota-scale');
  if (quotaScale !== undefined && quotaScale <= 0) throw new UsageError(`--api-quota-scale must be greater than 0; got ${flags.apiQuotaScale}.`);
  const faults = {
    latencyMs: integer(flags.latencyMs, '--latency-ms', 0),
    iamPropagationMs: integer(flags.iamPropagationMs, '--iam-propagation-ms', 0),
    apiGatewayQuotaScale: quotaScale,
    errorRate,
    seed: integer(flags.seed, '--seed', 0),
    lambdaStateDelayMs: integer(flags.lambdaStateDelayMs, '--lambda-state-delay-ms', 0),
  };
  const accessKeyId = flags.accessKeyId ?? process.env.DISCOVERY_LOCAL_ACCESS_KEY_ID;
  const secretAccessKey = flags.secretAccessKey ?? process.env[secretEnv];
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new UsageError('Give both --access-key-id and --secret-access-key (or neither, for test/test).');
  }
  const nodePaths: Record<string, string> = {};
  for (const value of flags.nodePath) {
    const parsed = parseNodePath(value);
    if (!parsed) throw new UsageError(`--node-path takes <runtime>=<path to a node binary>, e.g. nodejs22.x=/opt/node22/bin/node; got "${value}".`);
    if (!existsSync(parsed[1])) throw new UsageError(`--node-path ${value}: ${parsed[1]} does not exist.`);
    nodePaths[parsed[0]] = resolve(parsed[1]);
  }
  const maxWarmWorkers = integer(flags.maxWarmWorkers, '--max-warm-workers', 1);
  if (!['enforce', 'audit', 'off'].includes(flags.iam)) throw new UsageError(`--iam must be enforce, audit or off; got ${flags.iam}.`);
  return {
    port,
    host,
    stateDir: flags.stateDir,
    ...(Object.keys(nodePaths).length > 0 ? { nodePaths } : {}),
    ...(maxWarmWorkers !== undefined ? { maxWarmWorkers } : {}),
    iam: flags.iam as 'enforce' | 'audit' | 'off',
    allowRemote: flags.allowRemote,
    faults: Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)),
    allowHosts: [...flags.allowHost, ...envList('DISCOVERY_LOCAL_ALLOW_HOSTS')],
    allowOrigins: [...flags.allowOrigin, ...envList('DISCOVERY_LOCAL_ALLOW_ORIGINS')],
    ...(accessKeyId !== undefined ? { accessKeyId, secretAccessKey } : {}),
  };
}

async function runForeground(options: StartOptions & { port: number; host: string; stateDir: string }): Promise<void> {
  const { startLocalCloud } = await import('../../local/index.js');
  const { removeServerInfo, writeServerInfo } = await import('../../local/daemon.js');
  const { resolve } = await import('node:path');
  const stateDir = resolve(options.stateDir);
  let cloud;
  try {
    cloud = await startLocalCloud({
      port: options.port,
      host: options.host,
      stateDir,
      faults: options.faults,
      allowHosts: options.allowHosts,
      allowOrigins: options.allowOrigins,
      runtimes: { nodePaths: options.nodePaths, maxWarmWorkers: options.maxWarmWorkers },
      ...(options.iam ? { iam: options.iam } : {}),
      ...(options.accessKeyId !== undefined ? { credentials: [{ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey ?? '' }] } : {}),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} on ${options.host} is already in use (another local cloud? try: discovery-cli local status --port ${options.port}), or pick another with --port.`);
    }
    throw err;
  }
  if (!LOOPBACK.has(options.host)) process.stderr.write(`warning: the local cloud listens on ${options.host}, reachable from other machines.\n`);
  writeServerInfo({ pid: process.pid, port: cloud.port, url: cloud.url, startedAt: new Date().toISOString(), host: options.host, stateDir });
  const keyNote = options.accessKeyId !== undefined ? `access key ${options.accessKeyId}` : 'credentials test/test';
  process.stderr.write(`local cloud listening on ${cloud.url} (state in ${stateDir}, ${keyNote}, IAM ${options.iam ?? 'enforce'})\n`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void cloud.stop().finally(() => {
      removeServerInfo(stateDir, process.pid);
      process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // Last guard of the long-running server: dynalite rethrows storage errors from LevelDB
  // callbacks, outside any request chain. One request fails; the server keeps serving.
  const keepServing = (err: unknown) => process.stderr.write(`local cloud: uncaught error, still serving: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.on('uncaughtException', keepServing);
  process.on('unhandledRejection', keepServing);
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} must be a number; got "${value}".`);
  return n;
}

function integer(value: string | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const n = number(value, flag);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got "${value}".`);
  return n;
}
