// Python runtimes (python3.10 .. python3.14): the machine's python3 runs runner.py.
import { runnerPath } from '../package-root.js';
import type { LanguageLauncher } from '../types.js';

export const pythonLauncher: LanguageLauncher = {
  language: 'python',
  command: process.env.DISCOVERY_PYTHON ?? 'python3',
  get args() {
    return ['-u', runnerPath('python', 'runner.py')];
  },
  environment: (spec) => ({
    PYTHONPATH: spec.taskRoot,
    PYTHONUNBUFFERED: '1',
  }),
};
