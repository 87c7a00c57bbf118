// Runs a program to completion and reports how it ended, without throwing, so tests can assert on
// failures (exit code, stderr) as well as on successes.
import { execFile, type ExecFileOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** bin/discovery-cli.js (it loads dist/: `npx tsc -p tsconfig.json` first). */
export const DISCOVERY_CLI = fileURLToPath(new URL('../../bin/discovery-cli.js', import.meta.url));

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(file: string, args: string[], options: ExecFileOptions = {}): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await exec(file, args, { maxBuffer: 64 * 1024 * 1024, ...options, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
