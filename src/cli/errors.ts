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

export function reportError(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  if (process.env.DISCOVERY_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}
