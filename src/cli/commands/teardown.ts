// `discovery-cli teardown`: delete everything a stage has, in reverse dependency order.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addLockOption, addTargetOptions, lockFlags, targetFlags, type TargetCliFlags } from './target-options.js';

export function registerTeardown(program: Command): void {
  addLockOption(addTargetOptions(program.command('teardown').description("Delete a stage's functions, APIs, roles, keys, plans and schedules")))
    .option('--yes', 'confirm (required when stdin is a terminal)')
    .option('--delete-data', 'also delete the DynamoDB tables, and so their data')
    .option('--dry-run', 'show what would be deleted without deleting it')
    .addHelpText('after', '\nFinds resources by name and tag, so it works without the state file (e.g. on a CI runner).\nTables are kept unless --delete-data.')
    .action(async (flags: TargetCliFlags & { yes?: boolean; deleteData?: boolean; dryRun?: boolean; lockTimeout?: number }) => {
      const target = targetFlags(flags);
      const lock = lockFlags(flags);
      if (process.stdin.isTTY && !flags.yes && !flags.dryRun) {
        throw new UsageError(`teardown deletes every resource of stage "${flags.stage}"${flags.deleteData ? ' including its tables and their data' : ''}. Run it again with --yes (or --dry-run to see what it would delete).`);
      }
      const { teardown } = await import('../../deploy/run.js');
      const { createOutput } = await import('../output.js');
      const out = createOutput({ json: flags.json });
      const result = await teardown({ ...target, lock, dryRun: flags.dryRun, deleteData: flags.deleteData, progress: (e) => out.progress(e) });
      if (flags.dryRun) out.plan(result.plan, `Teardown of stage ${result.plan.stage} (dry run, nothing deleted):`);
      else if (!flags.json) {
        out.line(result.plan.steps.length ? `Stage ${result.plan.stage} torn down.` : `Nothing to tear down for stage ${result.plan.stage}.`);
        out.kept(result.plan);
      }
      out.report(result.report, { kept: result.plan.kept ?? [] }, { planned: flags.dryRun });
    });
}
