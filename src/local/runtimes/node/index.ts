// Node.js runtimes (nodejs22.x, nodejs24.x): the local Node binary runs runner.mjs.
import { runnerPath, sdkNodeModules } from '../package-root.js';
import type { LanguageLauncher } from '../types.js';

export const nodeLauncher: LanguageLauncher = {
  language: 'nodejs',
  command: process.execPath,
  get args() {
    return [runnerPath('node', 'runner.mjs')];
  },
  environment: () => ({
    // CommonJS handlers find @aws-sdk/* here as on Lambda's /var/runtime/node_modules; ESM ones
    // through the node_modules link next to the task root (see task-root.ts).
    NODE_PATH: sdkNodeModules(),
  }),
};
