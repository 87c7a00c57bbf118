// `discovery-cli invoke FUNCTION`: one synchronous invocation of a deployed function with an
// event, as `sam local invoke` / `sls invoke` do: the result on stdout, the log tail on stderr,
// exit 1 when the function failed.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addTargetOptions, targetFlags, type TargetCliFlags } from './target-options.js';

interface InvokeFlags extends TargetCliFlags {
  event?: string;
  qualifier?: string;
}

export interface InvokeOutcome {
  functionName: string;
  statusCode: number;
  executedVersion?: string;
  functionError?: string;
  payload: string;
  logTail: string;
}

export function registerInvoke(program: Command): void {
  addTargetOptions(program.command('invoke').description('Invoke a deployed function with an event; prints its result, and its log tail on stderr'))
    .argument('<function>', 'function name as in discovery.config.json')
    .option('--event <file>', 'JSON event from a file, or - for stdin (default: {})')
    .option('--qualifier <q>', 'version or alias to invoke (default: $LATEST)')
    .action(async (key: string, flags: InvokeFlags) => {
      const payload = await readEvent(flags.event);
      const { openProjectTarget, requireFunctionKey } = await import('../project-target.js');
      const { project, aws } = await openProjectTarget(targetFlags(flags));
      try {
        const { functionName } = await import('../../config/project.js');
        const outcome = await invoke(aws, functionName(project, requireFunctionKey(project, key)), payload, flags.qualifier);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...outcome, payload: parseOrText(outcome.payload) }, null, 2)}\n`);
        } else {
          if (outcome.logTail) process.stderr.write(outcome.logTail.endsWith('\n') ? outcome.logTail : `${outcome.logTail}\n`);
          process.stdout.write(`${outcome.payload}\n`);
        }
        if (outcome.functionError) process.exitCode = 1;
      } finally {
        aws.destroy();
      }
    });
}

// Through `Aws.call` (retries, errors, call log), not the engine's facade: the facade's Invoke turns a
// function error into a thrown error, as a deploy wants; here the error is the result to print.
async function invoke(aws: import('../../aws/clients.js').Aws, functionName: string, payload: string, qualifier?: string): Promise<InvokeOutcome> {
  const { InvokeCommand } = await import('@aws-sdk/client-lambda');
  const answer = await aws.call('lambda:InvokeFunction', functionName, () => aws.lambda.send(new InvokeCommand({
    FunctionName: functionName,
    Qualifier: qualifier,
    Payload: new TextEncoder().encode(payload),
    LogType: 'Tail',
  })));
  return {
    functionName,
    statusCode: answer.StatusCode ?? 0,
    executedVersion: answer.ExecutedVersion,
    functionError: answer.FunctionError,
    payload: answer.Payload ? new TextDecoder().decode(answer.Payload) : '',
    logTail: answer.LogResult ? Buffer.from(answer.LogResult, 'base64').toString('utf8') : '',
  };
}

async function readEvent(source: string | undefined): Promise<string> {
  let text = '{}';
  let where = 'the default event';
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
    where = 'stdin';
  } else if (source !== undefined) {
    const { readFile } = await import('node:fs/promises');
    text = await readFile(source, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--event ${source}: cannot read it (${err.code ?? err.message}). Fix: name a JSON file, or - for stdin`);
    });
    where = source;
  }
  try {
    JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--event: ${where} is not JSON (${(err as Error).message}). Fix: pass a JSON document, e.g. {"key": "value"}`);
  }
  return text;
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
