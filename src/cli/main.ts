// The discovery-cli entry point. Commands are registered from one file each; every command
// loads its heavy modules (the AWS SDK above all) lazily inside its action, so --help and
// --version stay fast.
import { exitCodeFor, reportError } from './errors.js';
import { buildProgram } from './program.js';

const program = buildProgram((err) => {
  // commander's own usage errors (unknown option, missing argument) exit 2; help/version exit 0.
  process.exit(err.exitCode === 0 ? 0 : 2);
});

program.parseAsync(process.argv).catch((err: unknown) => {
  // --json promises one document on stdout, failures included.
  reportError(err, { json: process.argv.includes('--json') });
  process.exit(exitCodeFor(err));
});
