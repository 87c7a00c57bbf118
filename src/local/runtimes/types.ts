// The contract between the Lambda service and the language runtimes.

/** Everything a runtime needs to start execution environments for one function version. */
export interface FunctionSpec {
  /** Pool key: a new key (another version, a changed configuration) gets fresh workers. */
  key: string;
  /** nodejs22.x, python3.12, ... */
  runtime: string;
  /** file.export (Node) or module.function (Python). */
  handler: string;
  /** Unpacked code (LAMBDA_TASK_ROOT). */
  taskRoot: string;
  functionName: string;
  version: string;
  memorySize: number;
  timeoutSeconds: number;
  logGroupName: string;
  /** The function's Environment.Variables plus what the cloud provides (region, credentials, endpoint). */
  environment: Record<string, string>;
}

export interface Invocation {
  requestId: string;
  /** Event as JSON text (already validated). */
  payload: string;
  invokedFunctionArn: string;
  /** Base64 ClientContext header, passed through. */
  clientContext?: string;
}

export interface LogEvent {
  timestamp: number;
  message: string;
}

export interface InvocationOutcome {
  /** Response payload as JSON text (the error document when functionError is set). */
  payload: string;
  functionError?: 'Unhandled';
  /** START .. handler output .. END, REPORT, in order. */
  logEvents: LogEvent[];
  logStreamName: string;
}

/** How the workers of one function version are started (resolved once per pool). */
export interface LaunchCommand {
  command: string;
  args: string[];
  /** Language-specific variables (NODE_PATH, PYTHONPATH, ...). */
  environment: Record<string, string>;
}

/** How a language starts worker processes: which binary, for which runtime. */
export interface LanguageLauncher {
  language: 'nodejs' | 'python';
  /** May fetch or prepare things once (a Node binary, the Python lambda site); rejects with a message a user can act on. */
  prepare(spec: FunctionSpec): Promise<LaunchCommand>;
}
