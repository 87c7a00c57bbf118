// `discovery-cli dev` as a person runs it: the built binary on a temporary copy of the discovery
// project, a real local cloud it starts itself. A saved greeting answers without a restart (the
// save-to-new-answer time is printed: the README quotes it), each request is printed with the
// handler's log lines, a broken config is reported while the old deployment keeps answering, and
// Ctrl-C exits 0 with the local cloud stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/free-port.js';
import { DISCOVERY_CLI } from '../../helpers/run-command.js';

const REPO = resolve(__dirname, '../../..');

let dir: string;
let port: number;
let dev: ChildProcess;
let output = '';
const waiters: { pattern: RegExp; from: number; resolve: (m: RegExpExecArray) => void }[] = [];

/** Resolves when dev's output, from `from` on, matches (no sleeping: woken by each chunk of output). */
function waitForOutput(pattern: RegExp, from = 0): Promise<RegExpExecArray> {
  const found = pattern.exec(output.slice(from));
  if (found) return Promise.resolve(found);
  return new Promise((resolvePromise) => waiters.push({ pattern, from, resolve: resolvePromise }));
}

function onOutput(chunk: Buffer) {
  output += chunk.toString('utf8');
  for (const w of [...waiters]) {
    const m = w.pattern.exec(output.slice(w.from));
    if (m) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  }
}

/** A temporary copy of the repository's own project: config, handlers, API definitions, the client they import. */
function copyDiscoveryProject(): string {
  const copy = mkdtempSync(join(tmpdir(), 'discovery-dev-'));
  for (const entry of ['discovery.config.json', 'handlers', 'swagger', 'schema']) cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
  mkdirSync(join(copy, 'src'));
  cpSync(join(REPO, 'src/discovery'), join(copy, 'src/discovery'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

beforeAll(async () => {
  dir = copyDiscoveryProject();
  port = await freePort();
  const env = { ...process.env, NO_COLOR: '1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL']) delete env[name];
  dev = spawn(process.execPath, [DISCOVERY_CLI, 'dev', '--port', String(port)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  dev.stdout!.on('data', onOutput);
  dev.stderr!.on('data', onOutput);
  await waitForOutput(/watching .* Ctrl-C to stop/);
}, 120_000);

afterAll(() => {
  if (dev.exitCode === null) dev.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const helloUrl = () => /GET\s+(http:\/\/127\.0\.0\.1:\d+\/restapis\/\w+\/dev\/_user_request_\/hello)\n/.exec(output)![1]!;
const greeting = async () => ((await (await fetch(helloUrl())).json()) as { message: string }).message;

describe('discovery-cli dev', () => {
  it('prints the console URL and each request with its function', async () => {
    expect(output).toContain(`local cloud started at http://127.0.0.1:${port}`);
    expect(output).toContain(`console: http://127.0.0.1:${port}/_local/console`);
    const from = output.length;
    expect(await greeting()).toBe('Hello World');
    await waitForOutput(/GET\s+\/hello 200 \d+ ms hello_world\n/, from);
  });

  it('answers with a saved greeting without restarting, and prints the handler\'s log lines', async () => {
    const file = join(dir, 'handlers/hello/hello.ts');
    const source = readFileSync(file, 'utf8');
    const edited = source.replace("return { message: 'Hello World' };", "console.log('greeting from the edited handler');\n  return { message: 'Hello from dev' };");
    expect(edited).not.toBe(source);
    const from = output.length;
    const savedAt = performance.now();
    writeFileSync(file, edited);
    // dev says when the new code is in place; the first request after that gets it.
    await waitForOutput(/↻ reload \(handlers\/hello\/hello\.ts\): hello_world code updated in \d+ ms/, from);
    expect(await greeting()).toBe('Hello from dev');
    const ms = Math.round(performance.now() - savedAt);
    console.log(`dev: save-to-new-answer ${ms} ms (saved handlers/hello/hello.ts; dev rebuilt it, sent UpdateFunctionCode, then GET /hello answered the new greeting)`);
    // The request that answered, with the line the handler printed under it.
    await waitForOutput(/GET\s+\/hello 200 \d+ ms hello_world\n\s+│ .*greeting from the edited handler/, from);
    expect(dev.exitCode).toBe(null);
  }, 60_000);

  it('reports a broken config and keeps the previous deployment answering', async () => {
    const config = join(dir, 'discovery.config.json');
    const good = readFileSync(config, 'utf8');
    const from = output.length;
    const broken = good.replace('"runtime": "nodejs22.x",\n      "description": "The Hello World service."', '"runtime": "nodejs99.x",\n      "description": "The Hello World service."');
    expect(broken).not.toBe(good);
    // Saved as many editors save: a new file renamed over the old one.
    writeFileSync(`${config}.tmp`, broken);
    renameSync(`${config}.tmp`, config);
    await waitForOutput(/✗ config error: .*\n(.*\n)*?.*the previous deployment keeps serving/, from);
    expect(await greeting()).toBe('Hello from dev');
  }, 60_000);

  it('exits 0 on Ctrl-C, stopping the local cloud it started', async () => {
    const exited = new Promise<number | null>((r) => dev.once('exit', (code) => r(code)));
    dev.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('local cloud stopped (dev started it)');
    await expect(fetch(`http://127.0.0.1:${port}/_local/health`)).rejects.toThrow();
  }, 60_000);
});
