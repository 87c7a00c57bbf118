// The discovery-cli program exactly as the binary runs it: every command registered on one
// commander program. Built here, not in main.ts, so tests parse argv through the same program.
import { Command, type CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';
import { commandModules } from './commands/index.js';

/** onExit: commander's exit hook, set before the commands are added so every command inherits it. */
export function buildProgram(onExit?: (err: CommanderError) => void): Command {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  const program = new Command()
    .name('discovery-cli')
    .description('Deploy serverless REST APIs to AWS or to the embedded local cloud, and run the Serverless Service Discovery system.')
    .version(pkg.version)
    // Program options only before the command name: `register --version 1.0` is register's option,
    // not a request for the tool's version.
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .exitOverride(onExit);
  for (const register of commandModules) register(program);
  return program;
}
