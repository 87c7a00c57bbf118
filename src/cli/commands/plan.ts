// `discovery-cli plan`: what deploy would change, as a readable diff (= deploy --dry-run).
import type { Command } from 'commander';
import { printableSteps } from '../../deploy/plan.js';
import { addTargetOptions, targetFlags, type TargetCliFlags } from './target-options.js';

export function registerPlan(program: Command): void {
  addTargetOptions(program.command('plan').description('Show what deploy would change, without changing anything'))
    .addHelpText('after', '\nLines: + create, ~ update, - delete, each with its reason and under it the exact AWS calls it will send\n(--json: steps[].calls with their inputs; API key values are never shown). Same as `deploy --dry-run`.')
    .action(async (flags: TargetCliFlags) => {
      const target = targetFlags(flags);
      const { deploy } = await import('../../deploy/run.js');
      const { createOutput } = await import('../output.js');
      const out = createOutput({ json: flags.json });
      const result = await deploy({ ...target, dryRun: true, progress: (e) => out.progress(e) });
      out.plan(result.plan, `Plan for stage ${result.plan.stage}:`);
      out.report(result.report, flags.json ? { steps: printableSteps(result.plan) } : undefined, { planned: true });
    });
}
