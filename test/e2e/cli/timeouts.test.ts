// An endpoint that accepts connections and never answers: the engine gives up after the read
// timeout (the SDK's own attempts included) and names the endpoint, instead of hanging.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

const CONFIG = fileURLToPath(new URL('../../fixtures/deploy-basic/discovery.config.json', import.meta.url));
let silent: Server;
let endpoint: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', () => {}); // read the request, answer nothing
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('timeouts', () => {
  it('plan against a silent endpoint fails with the endpoint named, within the read timeout', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTIMEOUT', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const result = await runCommand(process.execPath, [DISCOVERY_CLI, 'plan', '--config', CONFIG, '--endpoint-url', endpoint, '--region', 'us-east-1', '--read-timeout', '1'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No answer from ${endpoint}`);
    expect(result.stderr).toContain('--read-timeout');
    expect(sockets.length).toBeGreaterThan(0);
  });

  it('refuses a read timeout that is not a positive number before any call (exit 2)', async () => {
    const before = sockets.length;
    const result = await runCommand(process.execPath, [DISCOVERY_CLI, 'plan', '--config', CONFIG, '--endpoint-url', endpoint, '--region', 'us-east-1', '--read-timeout', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--read-timeout takes a number of seconds/);
    expect(sockets.length).toBe(before);
  });
});
