// `discovery-cli dev`: the local cloud (reused, or started in this process), a deploy, then a
// watch of the project. A saved handler source is rebuilt and pushed (code-push.ts); a saved
// config or API definition is deployed through the engine (only what differs changes). One apply
// at a time: changes saved during one are applied right after it. A config error is printed and
// the previous deployment keeps serving. Ctrl-C lets a started apply finish (its lock is released
// by it), starts none, and stops the local cloud only when this session started it.
import { resolve } from 'node:path';
import { SdkApi } from '../aws/api/index.js';
import { Aws } from '../aws/clients.js';
import { stderrTrace } from '../aws/trace.js';
import { LOCAL_CREDENTIALS } from '../aws/target.js';
import { functionName, type LoadedProject } from '../config/project.js';
import { deploy, targetFor, withLock, type RunOptions } from '../deploy/run.js';
import { DEFAULT_STATE_DIR, checkHealth, removeServerInfo, writeServerInfo } from '../local/daemon.js';
import { followCalls, latestCallSeq, type CallFollower } from './calls.js';
import { changedCode, pushCode, type RunningCode } from './code-push.js';
import type { DevPrinter } from './print.js';
import { watchProject, type ProjectWatcher } from './watch.js';

export interface DevOptions {
  configPath: string;
  stage: string;
  port: number;
  verbose?: boolean;
  printer: DevPrinter;
  env?: NodeJS.ProcessEnv;
}

interface LocalCloudHandle {
  url: string;
  /** Set when this session started it (and so stops it). */
  stop?: () => Promise<void>;
}

async function localCloud(port: number, stateDir: string): Promise<LocalCloudHandle> {
  if (port !== 0 && (await checkHealth(`http://127.0.0.1:${port}`))) return { url: `http://127.0.0.1:${port}` };
  const { startLocalCloud } = await import('../local/index.js');
  const cloud = await startLocalCloud({ port, stateDir });
  writeServerInfo({ pid: process.pid, port: cloud.port, url: cloud.url, startedAt: new Date().toISOString(), host: '127.0.0.1', stateDir });
  return {
    url: cloud.url,
    async stop() {
      await cloud.stop();
      removeServerInfo(stateDir, process.pid);
    },
  };
}

export class DevSession {
  private cloud?: LocalCloudHandle;
  private project?: LoadedProject;
  private running: RunningCode = { shaByKey: new Map() };
  private apiIds = new Set<string>();
  private watcher?: ProjectWatcher;
  private follower?: CallFollower;
  private api?: SdkApi;
  private aws?: Aws;
  /** Files saved since the last apply began. */
  private pending = new Set<string>();
  private applying?: Promise<void>;
  private stopping = false;

  constructor(private readonly options: DevOptions) {}

  private get print(): DevPrinter {
    return this.options.printer;
  }

  private runOptions(): RunOptions {
    const env = this.options.env ?? process.env;
    return {
      configPath: this.options.configPath, stage: this.options.stage, endpointUrl: this.cloud!.url, env,
      credentials: env.AWS_ACCESS_KEY_ID ? undefined : LOCAL_CREDENTIALS, verbose: this.options.verbose, callerHandlesSigint: true,
    };
  }

  async start(): Promise<void> {
    const stateDir = resolve(DEFAULT_STATE_DIR);
    this.cloud = await localCloud(this.options.port, stateDir);
    this.print.cloud(this.cloud.url, !!this.cloud.stop);
    const seq = await latestCallSeq(this.cloud.url);
    try {
      // Counted as an apply under way: Ctrl-C during it waits for it (and its lock's release).
      this.applying = this.fullDeploy('start');
      await this.applying;
    } catch (err) {
      // Nothing deployed yet and nothing to keep serving: the session cannot start.
      await this.cloud.stop?.();
      throw err;
    } finally {
      this.applying = undefined;
    }
    if (this.stopping) return;
    this.follower = followCalls(this.cloud.url, seq, (r) => {
      if (this.apiIds.has(r.apiId)) this.print.request(r, (name) => this.keyOf(name));
    }, (why) => this.print.notice(why));
    this.watcher = watchProject(this.project!.rootDir, (files) => this.changed(files));
    this.print.watching(this.project!.rootDir, `${this.cloud.url}/_local/console`);
  }

  /** The config key of a deployed function name (the name itself when it is not this stage's). */
  private keyOf(name: string): string {
    const prefix = `${this.project?.config.project}-${this.options.stage}-`;
    return name.startsWith(prefix) ? name.slice(prefix.length) : name;
  }

  private changed(files: string[]): void {
    if (this.stopping) return;
    for (const f of files) this.pending.add(f);
    if (!this.applying) this.applying = this.applyPending().finally(() => { this.applying = undefined; });
  }

  private async applyPending(): Promise<void> {
    while (this.pending.size && !this.stopping) {
      const files = [...this.pending];
      this.pending.clear();
      const configFiles = new Set([this.options.configPath, ...Object.values(this.project?.apis ?? {}).map((a) => a.file)].map((f) => resolve(f)));
      const full = files.some((f) => configFiles.has(resolve(f)));
      const savedAt = performance.now();
      try {
        if (full) await this.fullDeploy('reload', files);
        else await this.codePush(files, savedAt);
      } catch (err) {
        this.print.failed(err, full ? 'deploy' : 'code');
      }
    }
  }

  private async fullDeploy(why: 'start' | 'reload', files: string[] = []): Promise<void> {
    const started = performance.now();
    const options = this.runOptions();
    const result = await deploy({ ...options, progress: (e) => this.print.progress(e, why === 'start') });
    const project = result.project!;
    this.project = project;
    this.running.shaByKey = new Map(Object.keys(project.config.functions).flatMap((key) => {
      const fn = result.report.functions.find((f) => f.name === functionName(project, key));
      return fn ? [[key, fn.codeSha256] as [string, string]] : [];
    }));
    this.apiIds = new Set(result.report.apis.map((a) => a.id));
    if (!this.api) {
      this.aws = new Aws(await targetFor(options, project), { trace: this.options.verbose ? stderrTrace : undefined });
      this.api = new SdkApi(this.aws);
    }
    this.print.deployed(result.report, files, Math.round(performance.now() - started), why === 'start');
  }

  private async codePush(files: string[], savedAt: number): Promise<void> {
    const project = this.project!;
    // The build and the stage lock at once: taking the lock is off the path from save to answer.
    const building = changedCode(project, this.running, files);
    building.catch(() => undefined); // awaited below; its error is the push's
    await withLock(project, this.aws!.target, this.runOptions(), 'dev', async () => {
      const { changed, buildMs } = await building;
      if (!changed.length) {
        this.print.unchanged(files);
        return;
      }
      const applyMs = await pushCode(this.api!, changed, this.running);
      // The new code answers from here on; the lock's release follows.
      this.print.pushed(changed.map((c) => c.key), files, { buildMs, applyMs, totalMs: Math.round(performance.now() - savedAt) });
    });
  }

  /** Ctrl-C: no new apply; the one under way finishes (and releases its lock); then the cloud, if ours. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.watcher?.close();
    this.follower?.stop();
    if (this.applying) {
      this.print.notice('finishing the apply under way before stopping');
      await this.applying.catch(() => undefined);
    }
    this.aws?.destroy();
    if (this.cloud?.stop) {
      await this.cloud.stop();
      this.print.notice('local cloud stopped (dev started it)');
    } else if (this.cloud) {
      this.print.notice(`left the local cloud at ${this.cloud.url} running (dev did not start it)`);
    }
  }
}
