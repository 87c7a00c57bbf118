// Every input problem is collected, then reported together in one ConfigError, so a user fixes
// them all in one pass. Each reads `file: location: what is wrong. Fix: how`.
import { UsageError } from '../cli/errors.js';

export interface ConfigProblem {
  /** Path of the file at fault, as shown to the user (relative to the cwd when inside it). */
  file: string;
  /** JSON pointer (e.g. /functions/hello/runtime), optionally followed by "(line N)"; or "line N". */
  location: string;
  message: string;
  fix: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.location ? `${p.file}: ${p.location}` : p.file;
  return `${where}: ${p.message}. Fix: ${p.fix}`;
}

/** Bad config, Swagger or handler source: the CLI exits 2. */
export class ConfigError extends UsageError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    const head = problems.length === 1 ? '1 problem in the project' : `${problems.length} problems in the project`;
    super(`${head}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Collects problems as the checks find them. */
export class Problems {
  readonly list: ConfigProblem[] = [];
  add(file: string, location: string, message: string, fix: string): void {
    this.list.push({ file, location, message: trimDot(message), fix: trimDot(fix) });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(): void {
    if (!this.empty) throw new ConfigError(this.list);
  }
}

function trimDot(s: string): string {
  return s.replace(/\.\s*$/, '');
}

/** RFC 6901 JSON pointer from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') || '/';
}
