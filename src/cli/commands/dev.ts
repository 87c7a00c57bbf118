// `discovery-cli dev`: the local cloud, a deploy, then a watch that applies each save in well
// under a second, with every request to the stage's APIs printed as it is served.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';

export const DEV_HELP = `
Starts the local cloud on --port (or reuses the one answering there), deploys the stage, then watches
the project. A saved handler source is rebuilt and its function's code updated (one UpdateFunctionCode;
the warm worker is replaced); a saved config or API definition is deployed (only what differs changes).
A config error is printed and the previous deployment keeps serving. Each request to the stage's APIs
is printed as one line (method, path, status, ms, function) with the function's log lines under it.
Ctrl-C lets an apply under way finish, then stops the local cloud if dev started it; exit 0.`;

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('Deploy to the local cloud and redeploy on every save, printing each request served')
    .option('--stage <stage>', 'stage to deploy', 'dev')
    .option('--config <file>', 'project config', 'discovery.config.json')
    .option('--port <port>', 'local cloud port (0 picks a free one; default DISCOVERY_LOCAL_PORT or 4577)', process.env.DISCOVERY_LOCAL_PORT ?? '4577')
    .option('--verbose', 'print every AWS call with its outcome and duration on stderr')
    .addHelpText('after', DEV_HELP)
    .action(async (flags: { stage: string; config: string; port: string; verbose?: boolean }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535; got "${flags.port}".`);
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const { DevSession } = await import('../../dev/session.js');
      const { createDevPrinter } = await import('../../dev/print.js');
      const configPath = resolve(flags.config);
      const session = new DevSession({ configPath, stage: flags.stage, port, verbose: flags.verbose, printer: createDevPrinter(() => resolve(configPath, '..')) });
      let interrupted = 0;
      const onSignal = () => {
        // A second Ctrl-C does not wait for the apply under way.
        if (++interrupted > 1) process.exit(130);
        process.stderr.write('\nstopping dev...\n');
        void session.stop().then(() => process.exit(0), (err: unknown) => {
          process.stderr.write(`error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exit(1);
        });
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      await session.start();
      // The watcher and the call follower keep the process alive until a signal ends it.
    });
}
