// Spawns the built CLI (bin/discovery-cli.js loads dist/): run `npx tsc -p tsconfig.json` first.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ensureLocalCloud, isAlive, readServerInfo, stopDetached } from '../../../src/local/daemon.js';
import { LAMBDA_TRUST_POLICY as TRUST } from '../../helpers/aws-fixtures.js';
import { freePort } from '../../helpers/free-port.js';
import { clientConfigAt } from '../../helpers/local-cloud.js';
import { signedFetch } from '../../helpers/signed-fetch.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

const cli = (...args: string[]) => runCommand(process.execPath, [DISCOVERY_CLI, ...args], { timeout: 60_000 });

const iamAt = (endpoint: string) => new IAMClient(clientConfigAt(endpoint));

describe('local start --detach / status / stop', () => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'discovery-daemon-'));
  });
  afterAll(async () => {
    await stopDetached(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts a detached server, records it in server.json and prints its URL', async () => {
    const started = await cli('local', 'start', '--detach', '--port', '0', '--state-dir', stateDir, '--secret-access-key', 's3cr3t-value', '--access-key-id', 'AKIDLOCAL');
    expect(started.code, started.stderr).toBe(0);
    const url = started.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = readServerInfo(stateDir);
    expect(info).toMatchObject({ url, host: '127.0.0.1' });
    expect(isAlive(info!.pid)).toBe(true);
    expect(started.stdout + started.stderr).not.toContain('s3cr3t-value');
    expect(readFileSync(join(stateDir, 'server.log'), 'utf8')).not.toContain('s3cr3t-value');
    await iamAt(url).send(new CreateRoleCommand({ RoleName: 'daemon-role', AssumeRolePolicyDocument: TRUST }));
  });

  it('reports status as JSON while running', async () => {
    const status = await cli('local', 'status', '--json', '--state-dir', stateDir);
    expect(status.code).toBe(0);
    const body = JSON.parse(status.stdout) as { running: boolean; url: string; pid: number; services: string[] };
    expect(body.running).toBe(true);
    expect(body.pid).toBe(readServerInfo(stateDir)?.pid);
    expect(body.services).toEqual(expect.arrayContaining(['iam', 'sts', 'logs', 'events', 'dynamodb']));
  });

  it('answers a second --detach with the running server instead of starting another', async () => {
    const before = readServerInfo(stateDir);
    const again = await cli('local', 'start', '--detach', '--port', '0', '--state-dir', stateDir);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(before?.url);
    expect(readServerInfo(stateDir)?.pid).toBe(before?.pid);
  });

  it('stops it: the process exits and server.json is removed; status then exits 1', async () => {
    const { pid } = readServerInfo(stateDir)!;
    const stopped = await cli('local', 'stop', '--state-dir', stateDir);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain(`stopped (pid ${pid})`);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(stateDir, 'server.json'))).toBe(false);
    const status = await cli('local', 'status', '--state-dir', stateDir, '--port', String(await freePort()));
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('not running');
  });

  it('treats stop of a server that is not running as success, with a message', async () => {
    const stopped = await cli('local', 'stop', '--state-dir', stateDir);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('not running');
  });

  it('keeps what was made across a detached restart on the same state folder', async () => {
    const started = await cli('local', 'start', '--detach', '--port', '0', '--state-dir', stateDir);
    expect(started.code, started.stderr).toBe(0);
    const role = await iamAt(started.stdout.trim()).send(new GetRoleCommand({ RoleName: 'daemon-role' }));
    expect(role.Role?.RoleName).toBe('daemon-role');
    await stopDetached(stateDir);
  });

  it('refuses a non-loopback --host without --allow-remote (exit 2) and bad fault flags', async () => {
    const remote = await cli('local', 'start', '--host', '0.0.0.0', '--state-dir', stateDir);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--allow-remote');
    const rate = await cli('local', 'start', '--error-rate', '2', '--state-dir', stateDir);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--error-rate');
  });
});

describe('local start fault flags', () => {
  it('--error-rate 1 answers every control-plane call with a 5xx, while health still answers', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'discovery-faults-'));
    try {
      const started = await cli('local', 'start', '--detach', '--port', '0', '--state-dir', stateDir, '--error-rate', '1', '--seed', '7', '--lambda-state-delay-ms', '0');
      expect(started.code, started.stderr).toBe(0);
      const url = started.stdout.trim();
      const listRoles = await signedFetch(url, {
        service: 'iam',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=ListRoles&Version=2010-05-08',
      });
      expect([500, 503]).toContain(listRoles.status);
      expect(listRoles.text).toContain('Injected fault');
      expect((await fetch(`${url}/_local/health`)).status).toBe(200);
    } finally {
      await stopDetached(stateDir);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

describe('ensureLocalCloud', () => {
  it('starts a detached cloud when none answers on the port, then reuses it', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'discovery-ensure-'));
    try {
      const port = await freePort();
      const first = await ensureLocalCloud({ port, stateDir });
      // With what it started (deploy says so, with the pid and how to stop it).
      expect(first).toMatchObject({ url: `http://127.0.0.1:${port}`, started: true, server: { port, url: `http://127.0.0.1:${port}` } });
      expect(first.server!.pid).toBeGreaterThan(0);
      const second = await ensureLocalCloud({ port, stateDir });
      expect(second).toEqual({ url: `http://127.0.0.1:${port}`, started: false });
    } finally {
      await stopDetached(stateDir);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

/** GET /_local/health with this Host and Origin; the status. */
function healthStatus(url: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: '/_local/health', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local start --allow-host / --allow-origin', () => {
  it('lets in the hosts and origins given by flag and environment, and still refuses others', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'discovery-allow-'));
    try {
      const started = await runCommand(process.execPath, [DISCOVERY_CLI, 'local', 'start', '--detach', '--port', '0', '--state-dir', stateDir, '--allow-host', 'dev.example', '--allow-origin', 'http://localhost:3000'], {
        timeout: 60_000,
        env: { ...process.env, DISCOVERY_LOCAL_ALLOW_HOSTS: 'box.lan, other.lan', DISCOVERY_LOCAL_ALLOW_ORIGINS: 'http://localhost:5173' },
      });
      expect(started.code, started.stderr).toBe(0);
      const url = started.stdout.trim();
      for (const host of ['dev.example', 'box.lan:80', 'other.lan']) expect(await healthStatus(url, { host }), host).toBe(200);
      expect(await healthStatus(url, { host: 'evil.example' })).toBe(403);
      for (const origin of ['http://localhost:3000', 'http://localhost:5173']) expect(await healthStatus(url, { origin }), origin).toBe(200);
      expect(await healthStatus(url, { origin: 'http://evil.example' })).toBe(403);
      // local status (a plain Node fetch, no Origin) keeps working.
      expect((await cli('local', 'status', '--state-dir', stateDir)).code).toBe(0);
    } finally {
      await stopDetached(stateDir);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
