// Node.js runtimes (nodejs20.x, nodejs22.x, nodejs24.x): the Node binary of that major (see
// binaries.ts) runs runner.mjs.
import type { Notices } from '../notices.js';
import type { ResolvedRuntimeOptions } from '../options.js';
import { runnerPath, sdkNodeModules } from '../package-root.js';
import type { LanguageLauncher } from '../types.js';
import { NodeBinaries } from './binaries.js';

export function nodeLauncher(options: ResolvedRuntimeOptions, notices: Notices): LanguageLauncher {
  const binaries = new NodeBinaries(options, notices);
  return {
    language: 'nodejs',
    async prepare(spec) {
      const binary = await binaries.resolve(spec.runtime);
      return {
        command: binary.path,
        // No V8 flags: --max-semi-space-size=1, --v8-pool-size=0|1, --jitless, --lite-mode and
        // --single-threaded were measured to change an idle worker's VmRSS by under 0.5 MB of its 48.
        args: [runnerPath('node', 'runner.mjs')],
        // CommonJS handlers find @aws-sdk/* here as on Lambda's /var/runtime/node_modules; ESM ones
        // through the node_modules link next to the task root (see task-root.ts).
        environment: { NODE_PATH: sdkNodeModules() },
      };
    },
  };
}

export { NodeBinaries } from './binaries.js';
