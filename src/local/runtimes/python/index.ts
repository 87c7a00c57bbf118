// Python runtimes (python3.10 .. python3.14): the machine's python3 runs runner.py, isolated from
// the host's site-packages (see site.ts). Its minor version is the host's: a mismatch with the
// function's runtime is said once.
import type { Notices } from '../notices.js';
import type { ResolvedRuntimeOptions } from '../options.js';
import { runnerPath } from '../package-root.js';
import type { LanguageLauncher } from '../types.js';
import { preparePythonHost, type PythonHost } from './site.js';

export function pythonLauncher(options: ResolvedRuntimeOptions, notices: Notices): LanguageLauncher {
  let host: Promise<PythonHost> | undefined;
  return {
    language: 'python',
    async prepare(spec) {
      host ??= preparePythonHost(options.python, options.cacheDir);
      host.catch(() => (host = undefined)); // python3 installed later is found on the next try
      const { version, fullVersion, site, missing } = await host;
      const wanted = spec.runtime.replace(/^python/, '');
      if (wanted !== version) {
        notices.once(`python-minor:${spec.runtime}`, `discovery-cli: ${spec.runtime} functions run on the host's Python ${fullVersion} (${options.python}); code that needs ${wanted} may behave differently. Set DISCOVERY_PYTHON to a python${wanted} to match.`);
      }
      if (missing.length > 0) {
        notices.once('python-missing', `discovery-cli: the host's ${options.python} lacks ${missing.join(', ')}, which Lambda's Python runtime provides; handlers importing them fail. Fix: ${options.python} -m pip install boto3`);
      }
      return {
        command: options.python,
        // -S: no site-packages (and no .pth hooks) from the host; -s: no user site; -u: unbuffered.
        args: ['-S', '-s', '-u', runnerPath('python', 'runner.py')],
        // The function's own package first, then what Lambda ships, as /var/task before /var/runtime.
        environment: { PYTHONPATH: `${spec.taskRoot}:${site}`, PYTHONNOUSERSITE: '1', PYTHONUNBUFFERED: '1' },
      };
    },
  };
}
