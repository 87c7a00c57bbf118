// `discovery-cli iam`: the policy advisor. From the IAM decisions the local cloud recorded for the
// stage's functions: per function, what it used, what its role allows and it never used, what it
// was refused, and the minimal statements covering what it used, in the config's `permissions` form.
import type { Command } from 'commander';
import type { FunctionAdvice } from '../../advisor/types.js';
import { UsageError } from '../errors.js';
import { addTargetOptions, targetFlags, type TargetCliFlags } from './target-options.js';

export function registerIam(program: Command): void {
  addTargetOptions(program.command('iam').description("Policy advisor: each function's used, never-used and denied permissions, and the minimal statements (from the local cloud's recorded decisions)"))
    .action(async (flags: TargetCliFlags) => {
      const { openProjectTarget } = await import('../project-target.js');
      const { project, aws, api } = await openProjectTarget(targetFlags(flags));
      try {
        const endpoint = aws.target.endpointUrl;
        if (aws.target.kind !== 'local' || !endpoint) {
          throw new UsageError('discovery-cli iam reads the decisions the local cloud records: target it with --local or --endpoint-url http://127.0.0.1:PORT.');
        }
        const { adviseStage } = await import('../../advisor/collect.js');
        const advice = await adviseStage(project, api, endpoint);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(advice, null, 2)}\n`);
          return;
        }
        if (advice.mode === 'off') process.stderr.write('note: the local cloud runs with --iam off, so no decisions were recorded.\n');
        for (const fn of advice.functions) process.stdout.write(render(fn));
      } finally {
        aws.destroy();
      }
    });
}

function render(fn: FunctionAdvice): string {
  const lines = [`${fn.key} (${fn.functionName}, role ${fn.role})`];
  const section = (title: string, items: string[]) => lines.push(`  ${title}:`, ...(items.length ? items.map((i) => `    ${i}`) : ['    (none)']));
  section('used', fn.used.map((u) => `${u.action} ${u.resource} (${u.calls} call${u.calls === 1 ? '' : 's'})`));
  section('allowed but never used', fn.neverUsed.map((g) => `${g.action} ${g.resource} [${g.policy}]${g.note ? `: ${g.note}` : ''}`));
  section('denied', fn.denied.map((d) => `${d.action} ${d.resource} (${d.decision}, ${d.calls} call${d.calls === 1 ? '' : 's'})`));
  if (fn.unjudged.length) section('not judged', fn.unjudged);
  lines.push('  minimal "permissions" (besides its own log group, which the engine always grants):');
  lines.push(...JSON.stringify(fn.minimalPermissions, null, 2).split('\n').map((l) => `    ${l}`));
  return `${lines.join('\n')}\n\n`;
}
