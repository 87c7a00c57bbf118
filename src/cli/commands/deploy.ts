// `discovery-cli deploy`: make the stage match the config, changing only what differs.
import type { Command } from 'commander';
import { printableSteps } from '../../deploy/plan.js';
import { addLockOption, addTargetOptions, lockFlags, targetFlags, type TargetCliFlags } from './target-options.js';

export const DEPLOY_HELP = `
Reads what exists (in parallel), plans, and applies only the differences: a second deploy with
no change makes no write call. Progress goes to stderr; --json prints the result on stdout:
  { stage, region, target, apis: [{ name, id, stageUrl, endpoints, stages }], functions: [{ ..., aliases }], tables, changes }
Exit 0 on success, 1 on failure, 2 on bad usage or config.`;

export function registerDeploy(program: Command): void {
  addLockOption(addTargetOptions(program.command('deploy').description('Deploy the project to a stage (AWS or the local cloud)')))
    .option('--dry-run', 'show the plan without changing anything (same as `plan`)')
    .addHelpText('after', DEPLOY_HELP)
    .action(async (flags: TargetCliFlags & { dryRun?: boolean; lockTimeout?: number }) => {
      const target = targetFlags(flags);
      const lock = lockFlags(flags);
      const { deploy } = await import('../../deploy/run.js');
      const { createOutput } = await import('../output.js');
      const out = createOutput({ json: flags.json });
      const result = await deploy({ ...target, lock, dryRun: flags.dryRun, progress: (e) => out.progress(e) });
      if (flags.dryRun) out.plan(result.plan, `Plan for stage ${result.plan.stage} (dry run, nothing changed):`);
      out.report(result.report, flags.json && flags.dryRun ? { steps: printableSteps(result.plan) } : undefined, { planned: flags.dryRun });
    });
}
