// Errors a user can act on. UsageError (bad flags, bad config, bad Swagger) exits 2; anything
// else that fails exits 1.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(err: unknown): number {
  return err instanceof UsageError || (err as { exitCode?: number })?.exitCode === 2 ? 2 : 1;
}

/** The --json form of a failure: one document on stdout, so a CI step that parses stdout sees why. */
export interface JsonError {
  error: { code: string; message: string; remedy?: string; problems?: unknown[] };
}

export function jsonError(err: unknown): JsonError {
  const message = err instanceof Error ? err.message : String(err);
  const e = err as { name?: string; code?: unknown; problems?: unknown[] };
  // AWS call errors carry AWS's code; our own errors are named by their class.
  const code = typeof e?.code === 'string' && e.code ? e.code : e?.name && e.name !== 'Error' ? e.name : 'Error';
  // Our messages end in ". Fix: ..." or carry the remedy after the failure; split it out when present.
  if (Array.isArray(e?.problems)) {
    // A config error lists every problem, each with its own file, location and fix.
    return { error: { code, message: message.split('\n')[0]!.replace(/:$/, ''), remedy: 'fix each of "problems", then run again', problems: e.problems } };
  }
  const fix = /^([\s\S]*?)\.? Fix: ([\s\S]+)$/.exec(message);
  return { error: { code, message: fix ? fix[1]! : message, ...(fix ? { remedy: fix[2]! } : {}) } };
}

export function reportError(err: unknown, options: { json?: boolean } = {}): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(jsonError(err), null, 2)}\n`);
  if (process.env.DISCOVERY_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}
