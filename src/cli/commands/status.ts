// `discovery-cli status`: what is deployed for a stage, its endpoints, and drift from the config.
import type { Command } from 'commander';
import { addTargetOptions, targetFlags, type TargetCliFlags } from './target-options.js';

export function registerStatus(program: Command): void {
  addTargetOptions(program.command('status').description('Show what a stage has deployed, its endpoints and its drift from the config'))
    .action(async (flags: TargetCliFlags) => {
      const target = targetFlags(flags);
      const { status } = await import('../../deploy/run.js');
      const { createOutput } = await import('../output.js');
      const out = createOutput({ json: flags.json });
      const result = await status({ ...target, progress: (e) => (e.type === 'phase' ? undefined : out.progress(e)) });
      const drift = result.plan.steps.filter((s) => s.action !== 'noop').map(({ id, action, reason }) => ({ id, action, reason }));
      const deployed = result.plan.steps.some((s) => s.action !== 'create' && s.action !== 'delete');
      if (!flags.json) {
        out.line(deployed ? `Stage ${result.plan.stage} is deployed.` : `Stage ${result.plan.stage} is not deployed.`);
        if (drift.length) out.plan(result.plan, 'Drift from the config (a deploy would):');
        else out.line('No drift: the stage matches the config.');
      }
      out.report(result.report, { deployed, drift });
    });
}
