// `discovery-cli local start|stop|status`: the embedded local cloud.
import type { Command } from 'commander';

export function registerLocal(program: Command): void {
  const local = program.command('local').description('Run the local cloud: an AWS-compatible endpoint on 127.0.0.1');
  local
    .command('start')
    .description('Start the local cloud in the foreground (or --detach)')
    .option('--port <port>', 'port to listen on', '4577')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--state-dir <dir>', 'where functions, APIs and table data persist', '.discovery/local')
    .action(async (opts: { port: string; host: string; stateDir: string }) => {
      const { startLocalCloud } = await import('../../local/index.js');
      const cloud = await startLocalCloud({ port: Number(opts.port), host: opts.host, stateDir: opts.stateDir });
      process.stderr.write(`local cloud listening on ${cloud.url} (state in ${opts.stateDir})\n`);
      const shutdown = () => void cloud.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
