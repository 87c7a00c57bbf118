// A target that cannot be resolved is a usage error, found before any call (exit 2).
export class TargetError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}
