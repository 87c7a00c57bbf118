// Runs the real AWS CLI (v1, Python) against a local cloud, as a user would.
import { runCommand, type CommandResult } from '../../helpers/run-command.js';

/** `aws --endpoint-url URL ARGS --output json`; never throws, so tests can assert failures. */
export function aws(endpoint: string, env: NodeJS.ProcessEnv, args: string[]): Promise<CommandResult> {
  return runCommand('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], { env });
}

/** Like aws() but expects success and parses the JSON output. */
export async function awsJson<T = Record<string, unknown>>(endpoint: string, env: NodeJS.ProcessEnv, args: string[]): Promise<T> {
  const result = await aws(endpoint, env, args);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
}
