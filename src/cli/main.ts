// The discovery-cli entry point. Commands are registered from one file each; every command
// loads its heavy modules (the AWS SDK above all) lazily inside its action, so --help and
// --version stay fast.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { commandModules } from './commands/index.js';
import { exitCodeFor, reportError } from './errors.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('discovery-cli')
  .description('Deploy serverless REST APIs to AWS or to the embedded local cloud, and run the Serverless Service Discovery system.')
  .version(pkg.version)
  .showHelpAfterError()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing argument) exit 2; help/version exit 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

for (const register of commandModules) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  reportError(err);
  process.exit(exitCodeFor(err));
});
