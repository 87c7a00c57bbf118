// `discovery-cli logs [FUNCTION]`: the CloudWatch Logs of a stage's functions (and with --api its
// APIs' execution logs), interleaved by time; --tail keeps following, as `sam logs --tail` does.
import type { Command } from 'commander';
import type { AwsApi } from '../../aws/api/index.js';
import { UsageError } from '../errors.js';
import { addTargetOptions, targetFlags, type TargetCliFlags } from './target-options.js';

interface LogsFlags extends TargetCliFlags {
  tail?: boolean;
  since: string;
  filter?: string;
  api?: boolean;
}

export interface LogLine {
  group: string;
  stream: string;
  timestamp: number;
  message: string;
  eventId: string;
}

/** How often --tail asks for new events; CloudWatch's own console polls about as often. */
const TAIL_INTERVAL_MS = 1000;

export function registerLogs(program: Command): void {
  addTargetOptions(program.command('logs').description("Print the stage's function logs, interleaved by time (--tail to follow)"))
    .argument('[function]', 'only this function (name as in discovery.config.json)')
    .option('--tail', 'keep printing new events until interrupted')
    .option('--since <duration>', 'how far back to start: 30s, 10m, 2h, 1d', '10m')
    .option('--filter <pattern>', 'CloudWatch Logs filter pattern, e.g. ERROR or "{ $.level = \\"error\\" }"')
    .option('--api', "also the APIs' execution logs (API-Gateway-Execution-Logs_ID/STAGE)")
    .action(async (key: string | undefined, flags: LogsFlags) => {
      const sinceMs = parseDuration(flags.since);
      const { openProjectTarget, requireFunctionKey } = await import('../project-target.js');
      const { project, aws, api } = await openProjectTarget(targetFlags(flags));
      try {
        const { functionName } = await import('../../config/project.js');
        const keys = key ? [requireFunctionKey(project, key)] : Object.keys(project.config.functions ?? {});
        const groups = keys.map((k) => `/aws/lambda/${functionName(project, k)}`);
        if (flags.api) groups.push(...(await executionLogGroups(project.configPath, project.stage)));
        const print = (line: LogLine) => {
          if (flags.json) process.stdout.write(`${JSON.stringify(line)}\n`);
          else process.stdout.write(`${new Date(line.timestamp).toISOString()} ${shortGroup(line.group)} ${line.message.replace(/\n$/, '')}\n`);
        };
        const seen = new Set<string>();
        let from = Date.now() - sinceMs;
        for (;;) {
          const lines = await readLogs(api, groups, from, flags.filter);
          for (const line of lines) {
            if (seen.has(line.eventId)) continue;
            seen.add(line.eventId);
            print(line);
            from = Math.max(from, line.timestamp);
          }
          if (!flags.tail) break;
          await new Promise((resolve) => setTimeout(resolve, TAIL_INTERVAL_MS));
        }
      } finally {
        aws.destroy();
      }
    });
}

/** Every group's events since `from`, merged by time. A group not made yet (never invoked) has none. */
export async function readLogs(api: AwsApi, groups: string[], from: number, filterPattern?: string): Promise<LogLine[]> {
  // Loaded here, not at the top: `--help` must not load the AWS SDK.
  const { collect } = await import('../../aws/api/index.js');
  const perGroup = await Promise.all(groups.map(async (group) => {
    const events = await collect(api.pages('logs:FilterLogEvents', { logGroupName: group, startTime: from, filterPattern }, group), (page) => page.events);
    return (events ?? []).map((e): LogLine => ({
      group, stream: e.logStreamName ?? '', timestamp: e.timestamp ?? 0, message: e.message ?? '', eventId: e.eventId ?? `${group}/${e.logStreamName}/${e.timestamp}/${e.message}`,
    }));
  }));
  return perGroup.flat().sort((a, b) => a.timestamp - b.timestamp);
}

/** "10m" -> 600000. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) throw new UsageError(`--since ${text}: not a duration. Fix: a number and a unit, e.g. 30s, 10m, 2h, 1d`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** The deployed APIs' execution log groups, from the stage's state file (ids are known only there). */
async function executionLogGroups(configPath: string, stage: string): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  const text = await readFile(join(dirname(configPath), '.discovery', `${stage}.json`), 'utf8').catch(() => undefined);
  if (!text) throw new UsageError(`--api: stage "${stage}" has no state file, so its API ids are unknown. Fix: deploy it from this folder first`);
  const resources = (JSON.parse(text) as { resources?: Record<string, { outputs?: { id?: string } }> }).resources ?? {};
  const groups: string[] = [];
  // One API Gateway stage per deployment:<api>:<stageName>; the API's id is on restApi:<api>.
  for (const id of Object.keys(resources)) {
    const m = /^deployment:([^:]+):(.+)$/.exec(id);
    const apiId = m && resources[`restApi:${m[1]}`]?.outputs?.id;
    if (apiId) groups.push(`API-Gateway-Execution-Logs_${apiId}/${m[2]}`);
  }
  return groups;
}

const shortGroup = (group: string) => group.replace(/^\/aws\/lambda\//, '');
