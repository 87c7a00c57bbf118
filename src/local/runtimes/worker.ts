// One execution environment: a child process running a runner script for one function version.
// It serves one invocation at a time; the pool decides which worker gets which request.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FunctionSpec, Invocation, InvocationOutcome, LanguageLauncher, LogEvent } from './types.js';

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

interface InFlight {
  invocation: Invocation;
  startedAt: number;
  startedWall: number;
  strayLogs: LogEvent[];
  timer?: NodeJS.Timeout;
  resolve(outcome: InvocationOutcome): void;
}

export class Worker {
  readonly logStreamName: string;
  private readonly child: ChildProcess;
  private inFlight: InFlight | undefined;
  private partialResult: string[] = [];
  private strayLogs: LogEvent[] = [];
  private exited = false;
  private ready = false;
  private killed = false;
  lastUsed = 0;

  constructor(
    private readonly spec: FunctionSpec,
    launcher: LanguageLauncher,
    /** Called once when the process is gone (exit, kill, crash), so the pool forgets it. */
    private readonly onGone: (worker: Worker) => void,
  ) {
    this.logStreamName = logStreamName(spec.version);
    this.child = spawn(launcher.command, launcher.args, {
      cwd: spec.taskRoot,
      env: workerEnvironment(spec, launcher, this.logStreamName),
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.child.stdin!.on('error', () => {});
    (this.child.stdio[3] as Readable).setEncoding('utf8');
    (this.child.stdio[3] as Readable).on('error', () => {});
    (this.child.stdio[3] as Readable).on('data', (chunk: string) => this.onResultData(chunk));
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.onStrayOutput(chunk));
    }
    this.child.on('error', (err) => this.onExit(`could not start ${launcher.command}: ${err.message}`));
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
      this.inFlight = { invocation, startedAt: performance.now(), startedWall, strayLogs: this.strayLogs, resolve };
      this.inFlight.timer = this.ready ? this.startTimeout() : setTimeout(() => this.kill(), INIT_LIMIT_MS);
      this.strayLogs = [];
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

  kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
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
    for (const [timestamp, message] of answer.initLogs ?? []) events.push({ timestamp, message });
    events.push(...flight.strayLogs);
    events.push({ timestamp: flight.startedWall, message: `START RequestId: ${answer.requestId} Version: ${this.spec.version}` });
    for (const [timestamp, message] of answer.logs) events.push({ timestamp, message });
    this.finish({
      payload: answer.payload,
      functionError: answer.ok ? undefined : 'Unhandled',
      logEvents: this.closingLines(events, durationMs, answer.memoryMB, answer.initMs),
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
    const flight = this.inFlight;
    if (flight) {
      const { requestId } = flight.invocation;
      const message = `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`;
      this.finish(this.failure(flight, message, { errorType: 'Runtime.ExitError', errorMessage: message }));
    }
    this.onGone(this);
  }

  private failure(flight: InFlight, logLine: string, document: Record<string, string>): InvocationOutcome {
    const { requestId } = flight.invocation;
    const events: LogEvent[] = [
      ...flight.strayLogs,
      { timestamp: flight.startedWall, message: `START RequestId: ${requestId} Version: ${this.spec.version}` },
      { timestamp: Date.now(), message: logLine },
    ];
    return {
      payload: JSON.stringify(document),
      functionError: 'Unhandled',
      logEvents: this.closingLines(events, performance.now() - flight.startedAt),
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
    this.inFlight = undefined;
    flight.resolve(outcome);
  }

  /** Output written around console/print (process.stdout.write, C extensions): kept in order. */
  private onStrayOutput(chunk: string) {
    const target = this.inFlight?.strayLogs ?? this.strayLogs;
    const timestamp = Date.now();
    for (const line of chunk.split('\n')) if (line) target.push({ timestamp, message: line });
    if (target.length > 10_000) target.splice(0, target.length - 10_000);
  }
}

function logStreamName(version: string): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

function workerEnvironment(spec: FunctionSpec, launcher: LanguageLauncher, streamName: string): NodeJS.ProcessEnv {
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
    ...launcher.environment(spec),
  };
}
