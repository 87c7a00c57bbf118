// Runs the real AWS CLI (v1, Python) against a local cloud, as a user would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `aws --endpoint-url URL ARGS --output json`; never throws, so tests can assert failures. */
export async function aws(endpoint: string, env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Like aws() but expects success and parses the JSON output. */
export async function awsJson<T = Record<string, unknown>>(endpoint: string, env: NodeJS.ProcessEnv, args: string[]): Promise<T> {
  const result = await aws(endpoint, env, args);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
}
