// What the benchmark scripts share: their option reading, medians, one-file zips, child processes
// that announce readiness on their output (the local cloud, a bare server, serverless-offline),
// and this project deployed to a local cloud by its own CLI.
import { execFile, spawn } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO, 'bin', 'discovery-cli.js');

/** `--name value` from the command line, else the fallback. */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A one-file deployment package, zipped by the project's own deterministic zip (dist). */
export async function zipOf(name, content) {
  const { deterministicZip } = await import(pathToFileURL(join(REPO, 'dist/src/build/zip.js')).href);
  return deterministicZip([{ name, data: Buffer.from(content) }]);
}

/**
 * Starts a long-lived child; resolves with it and the first match of `ready` in its output.
 * `stop()` sends SIGTERM and waits for the exit (a profiled child writes its profile then).
 */
export function startChild(label, command, args, ready, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const stop = () => new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
    let seen = '';
    const onData = (chunk) => {
      if (seen === null) return; // ready already; keep draining so the child never blocks on a full pipe
      seen += chunk;
      const match = seen.match(ready);
      if (match) {
        seen = null;
        resolve({ child, match, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => seen !== null && reject(new Error(`${label} exited ${code} before it was ready:\n${seen}`)));
  });
}

/** The local cloud in a process of its own, started by this project's CLI (`local start`). */
export async function startLocalCloudProcess(stateDir, extraArgs = [], nodeArgs = []) {
  const started = await startChild('local cloud', process.execPath,
    [...nodeArgs, CLI, 'local', 'start', '--port', '0', '--state-dir', stateDir, ...extraArgs], /listening on (http:\/\/\S+)/);
  return { url: started.match[1], child: started.child, stop: started.stop };
}

/** This project copied into `projectDir` and deployed to `endpoint` by its CLI; the catalog API's stage URL. */
export async function deployDiscoveryProject(endpoint, projectDir) {
  for (const part of ['discovery.config.json', 'schema', 'handlers', 'swagger', 'src/discovery']) cpSync(join(REPO, part), join(projectDir, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(projectDir, 'node_modules'), 'dir');
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint, NO_COLOR: '1' };
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'deploy', '--config', join(projectDir, 'discovery.config.json'), '--endpoint-url', endpoint, '--json'], { env, cwd: REPO, maxBuffer: 64 << 20 });
  const catalog = JSON.parse(stdout).apis.find((api) => api.name.endsWith('-catalog'));
  if (!catalog) throw new Error(`deploy output has no catalog API: ${stdout.slice(0, 500)}`);
  return catalog.stageUrl;
}
