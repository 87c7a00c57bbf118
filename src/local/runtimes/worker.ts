// One execution environment: a child process running a runner script for one function version.
// It serves one invocation at a time; the pool decides which worker gets which request.
// Kept in its box as a Lambda sandbox is: its own process group (so whatever the handler starts
// dies with it, and with the local cloud: see reaper.ts), its memory measured while it runs and
// the runtime stopped past MemorySize (Runtime.OutOfMemory), its output capped (log-capture.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { capMessage, OutputCapture } from './log-capture.js';
import { processTree, treeResidentBytes } from './memory.js';
import type { GroupReaper } from './reaper.js';
import type { FunctionSpec, Invocation, InvocationOutcome, LaunchCommand, LogEvent } from './types.js';

/** What a runner writes back for one invocation (one JSON line on fd 3). */
interface RunnerAnswer {
  requestId: string;
  ok: boolean;
  payload: string;
  logs: [number, string][];
  memoryMB?: number;
  initLogs?: [number, string][];
  initMs?: number;
}

/** Init (loading the handler module) may take this long; it does not count against the timeout. */
const INIT_LIMIT_MS = 10_000;
/** How often a running invocation's memory is measured (real time: a sampling period, not a wait). */
const MEMORY_SAMPLE_MS = 20;
const MB = 1024 * 1024;
/** Log events a runner may send per invocation: the runners cap at 5,000; this is the host's backstop. */
const MAX_RUNNER_EVENTS = 10_000;

interface InFlight {
  invocation: Invocation;
  startedAt: number;
  startedWall: number;
  /** Output the process wrote between invocations (shown before START, as on Lambda). */
  strayLogs: LogEvent[];
  timer?: NodeJS.Timeout;
  sampler?: NodeJS.Timeout;
  peakBytes: number;
  resolve(outcome: InvocationOutcome): void;
}

export class Worker {
  readonly logStreamName: string;
  private readonly child: ChildProcess;
  private inFlight: InFlight | undefined;
  private partialResult: string[] = [];
  /** What the process writes to stdout and stderr itself (around console/print), per stream. */
  private readonly stray = [new OutputCapture(), new OutputCapture()];
  private exited = false;
  private ready = false;
  private killed = false;
  private outOfMemory = false;
  lastUsed = 0;
  /** Order of last use across all pools (the warm cap ends the least recently used first). */
  lastUseSeq = 0;

  constructor(
    private readonly spec: FunctionSpec,
    launch: LaunchCommand,
    /** Called once when the process is gone (exit, kill, crash), so the pool forgets it. */
    private readonly onGone: (worker: Worker) => void,
    private readonly reaper?: GroupReaper,
  ) {
    this.logStreamName = logStreamName(spec.version);
    this.child = spawn(launch.command, launch.args, {
      cwd: spec.taskRoot,
      env: workerEnvironment(spec, launch, this.logStreamName),
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: true, // its own process group: the handler's children are ended with it
    });
    if (this.child.pid !== undefined) this.reaper?.add(this.child.pid);
    this.child.stdin!.on('error', () => {});
    (this.child.stdio[3] as Readable).setEncoding('utf8');
    (this.child.stdio[3] as Readable).on('error', () => {});
    (this.child.stdio[3] as Readable).on('data', (chunk: string) => this.onResultData(chunk));
    [this.child.stdout!, this.child.stderr!].forEach((stream, index) => {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.stray[index]!.write(chunk, Date.now()));
    });
    this.child.on('error', (err) => this.onExit(`could not start ${launch.command}: ${err.message}`));
    this.child.on('exit', (code, signal) => this.onExit(signal ? `signal ${signal}` : `exit status ${code}`));
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** False from the moment it is killed (the exit event comes later), so it is never reused. */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  invoke(invocation: Invocation): Promise<InvocationOutcome> {
    return new Promise((resolve) => {
      const startedWall = Date.now();
      this.inFlight = { invocation, startedAt: performance.now(), startedWall, strayLogs: this.takeStray(), peakBytes: 0, resolve };
      this.inFlight.timer = this.ready ? this.startTimeout() : setTimeout(() => this.kill(), INIT_LIMIT_MS);
      this.inFlight.sampler = setInterval(() => this.checkMemory(), MEMORY_SAMPLE_MS);
      this.inFlight.sampler.unref();
      // The event is embedded as raw JSON; line breaks can only be whitespace in valid JSON.
      const event = invocation.payload.includes('\n') || invocation.payload.includes('\r') ? invocation.payload.replace(/[\r\n]/g, ' ') : invocation.payload;
      const head = JSON.stringify({
        requestId: invocation.requestId,
        timeoutMs: this.spec.timeoutSeconds * 1000,
        invokedFunctionArn: invocation.invokedFunctionArn,
        clientContext: invocation.clientContext,
      });
      this.child.stdin!.write(`${head.slice(0, -1)},"event":${event}}\n`);
    });
  }

  private startTimeout(): NodeJS.Timeout {
    return setTimeout(() => this.onTimeout(), this.spec.timeoutSeconds * 1000);
  }

  /** Ends the runtime and everything it started (its process group, and descendants that left it). */
  kill(): void {
    this.killed = true;
    const pid = this.child.pid;
    if (this.exited || pid === undefined) return;
    for (const member of processTree(pid).reverse()) signal(member);
    this.endGroup();
  }

  private endGroup() {
    const pid = this.child.pid;
    if (pid === undefined) return;
    signal(-pid);
    this.reaper?.remove(pid);
  }

  /** Past MemorySize the runtime is stopped, as Lambda's sandbox stops it. */
  private checkMemory() {
    const flight = this.inFlight;
    const pid = this.child.pid;
    if (!flight || pid === undefined || this.exited) return;
    const bytes = treeResidentBytes(pid);
    if (bytes === undefined) return;
    flight.peakBytes = Math.max(flight.peakBytes, bytes);
    if (bytes > this.spec.memorySize * MB) {
      this.outOfMemory = true;
      this.kill();
    }
  }

  /** Lines split as chunks arrive, scanning each chunk once (payloads may be megabytes). */
  private onResultData(chunk: string) {
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf('\n', start)) >= 0) {
      const line = this.partialResult.length > 0 ? this.partialResult.join('') + chunk.slice(start, newline) : chunk.slice(start, newline);
      this.partialResult = [];
      start = newline + 1;
      if (line) this.onLine(line);
    }
    if (start < chunk.length) this.partialResult.push(chunk.slice(start));
  }

  private onLine(line: string) {
    let message: RunnerAnswer | { ready: true };
    try {
      message = JSON.parse(line) as RunnerAnswer | { ready: true };
    } catch {
      this.kill(); // a runner that breaks the protocol is not trusted with another request
      return;
    }
    if ('ready' in message) this.onReady();
    else this.onAnswer(message);
  }

  private onReady() {
    this.ready = true;
    if (this.inFlight) {
      this.inFlight.startedAt = performance.now(); // Duration excludes init, as in REPORT lines
      clearTimeout(this.inFlight.timer);
      this.inFlight.timer = this.startTimeout();
    }
  }

  private onAnswer(answer: RunnerAnswer) {
    const flight = this.inFlight;
    if (!flight || flight.invocation.requestId !== answer.requestId) return;
    const durationMs = performance.now() - flight.startedAt;
    const events: LogEvent[] = [];
    for (const [timestamp, message] of (answer.initLogs ?? []).slice(0, MAX_RUNNER_EVENTS)) events.push({ timestamp, message: capMessage(message) });
    events.push(...flight.strayLogs);
    events.push({ timestamp: flight.startedWall, message: `START RequestId: ${answer.requestId} Version: ${this.spec.version}` });
    const output: LogEvent[] = [];
    for (const [timestamp, message] of answer.logs.slice(0, MAX_RUNNER_EVENTS)) output.push({ timestamp, message: capMessage(message) });
    events.push(...byTime(output, this.takeStray()));
    const memoryMB = Math.max(answer.memoryMB ?? 0, Math.round(flight.peakBytes / MB));
    this.finish({
      payload: answer.payload,
      functionError: answer.ok ? undefined : 'Unhandled',
      logEvents: this.closingLines(events, durationMs, memoryMB, answer.initMs),
      logStreamName: this.logStreamName,
    });
  }

  private onTimeout() {
    const flight = this.inFlight;
    if (!flight) return;
    const { requestId } = flight.invocation;
    const message = `${new Date().toISOString()} ${requestId} Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`;
    this.kill();
    this.finish(this.failure(flight, message, { errorMessage: message }));
  }

  private onExit(reason: string) {
    if (this.exited) return;
    this.exited = true;
    this.endGroup(); // what the handler started outlives the runner otherwise
    const flight = this.inFlight;
    if (flight) {
      const { requestId } = flight.invocation;
      if (this.outOfMemory) {
        // As Lambda reports a sandbox stopped for its memory.
        const message = `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`;
        this.finish(this.failure(flight, `${message}\nRuntime.OutOfMemory`, { errorType: 'Runtime.OutOfMemory', errorMessage: message }));
      } else {
        const message = `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`;
        this.finish(this.failure(flight, message, { errorType: 'Runtime.ExitError', errorMessage: message }));
      }
    }
    this.onGone(this);
  }

  private failure(flight: InFlight, logLine: string, document: Record<string, string>): InvocationOutcome {
    const { requestId } = flight.invocation;
    const events: LogEvent[] = [
      ...flight.strayLogs,
      { timestamp: flight.startedWall, message: `START RequestId: ${requestId} Version: ${this.spec.version}` },
      ...this.takeStray(),
      { timestamp: Date.now(), message: logLine },
    ];
    return {
      payload: JSON.stringify(document),
      functionError: 'Unhandled',
      logEvents: this.closingLines(events, performance.now() - flight.startedAt, Math.round(flight.peakBytes / MB)),
      logStreamName: this.logStreamName,
    };
  }

  private closingLines(events: LogEvent[], durationMs: number, memoryMB?: number, initMs?: number): LogEvent[] {
    const requestId = this.inFlight!.invocation.requestId;
    const now = Date.now();
    const init = initMs === undefined ? '' : `\tInit Duration: ${initMs.toFixed(2)} ms`;
    events.push({ timestamp: now, message: `END RequestId: ${requestId}` });
    events.push({
      timestamp: now,
      message:
        `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\t` +
        `Memory Size: ${this.spec.memorySize} MB\tMax Memory Used: ${memoryMB ?? 0} MB${init}\t`,
    });
    return events;
  }

  private finish(outcome: InvocationOutcome) {
    const flight = this.inFlight!;
    clearTimeout(flight.timer);
    clearInterval(flight.sampler);
    this.inFlight = undefined;
    flight.resolve(outcome);
  }

  /** Output written around console/print (process.stdout.write, C extensions), both streams in time order. */
  private takeStray(): LogEvent[] {
    const now = Date.now();
    return byTime(this.stray[0]!.take(now), this.stray[1]!.take(now));
  }
}

/** Merges two lists each in time order (stable: equal times keep a before b). */
function byTime(a: LogEvent[], b: LogEvent[]): LogEvent[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged: LogEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.timestamp <= b[j]!.timestamp)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

function signal(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function logStreamName(version: string): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

function workerEnvironment(spec: FunctionSpec, launch: LaunchCommand, streamName: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    ...spec.environment,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: spec.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: streamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    LAMBDA_TASK_ROOT: spec.taskRoot,
    _HANDLER: spec.handler,
    ...launch.environment,
  };
}
