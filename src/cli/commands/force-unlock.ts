// `discovery-cli force-unlock`: removes the stage lock a run left behind (a CI runner that was
// killed before its lease ran out), as `terraform force-unlock` does. It names whom it unlocked.
import type { Command } from 'commander';
import { addTargetOptions, targetFlags, type TargetCliFlags } from './target-options.js';

export function registerForceUnlock(program: Command): void {
  addTargetOptions(program.command('force-unlock').description("Remove the stage's deploy lock, in the target account and in this checkout"))
    .addHelpText('after', '\nOnly when the run holding it is gone: a running deploy that loses its lock may collide with the next one.')
    .action(async (flags: TargetCliFlags) => {
      const { openProjectTarget } = await import('../project-target.js');
      const { project, aws } = await openProjectTarget(targetFlags(flags));
      try {
        const { SdkApi } = await import('../../aws/api/index.js');
        const { forceUnlock } = await import('../../deploy/lock/remote.js');
        const { lockPath } = await import('../../deploy/state.js');
        const { rmSync } = await import('node:fs');
        const holder = await forceUnlock(new SdkApi(aws), `${project.config.project}/${project.stage}`);
        rmSync(lockPath(project.configPath, project.stage), { force: true });
        if (flags.json) process.stdout.write(`${JSON.stringify({ stage: project.stage, unlocked: holder ?? null }, null, 2)}\n`);
        else process.stderr.write(holder
          ? `Removed the lock of stage ${project.stage} held by the ${holder.command} of pid ${holder.pid} on ${holder.host} (since ${holder.startedAt}).\n`
          : `Stage ${project.stage} was not locked.\n`);
      } finally {
        aws.destroy();
      }
    });
}
