// Starts moto_server on a free port for one test file, the way DESIGN.md's probed facts say:
// managed IAM policies loaded, Lambda without Docker (set before any function is made).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from '../../helpers/free-port.js';

export interface MotoServer {
  url: string;
  /** POST /moto-api/reset, then the Lambda config again (a reset must not bring Docker back). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Why moto cannot be used here, or undefined when moto_server is on PATH. */
export function motoUnavailableReason(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? undefined : 'moto_server is not on PATH (pip install "moto[server]")';
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // Waiting for an external process to listen: poll its admin API, bounded.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`moto_server exited before answering on ${url}:\n${output}`);
    if (await answers(`${url}/moto-api/`)) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`moto_server did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const configure = () => post(`${url}/moto-api/config`, JSON.stringify({ lambda: { use_docker: false } }));
  await configure();
  return {
    url,
    async reset() {
      await post(`${url}/moto-api/reset`, '');
      await configure();
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function post(url: string, body: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
}
