// The gate admits the local cloud's own origin (the console's page) on /_local/* only; every other
// page origin stays refused unless the user allowed it.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/local/context.js';
import { createGate, type Plane } from '../../../../src/local/gate/index.js';
import { parseRequestTarget } from '../../../../src/local/gate/request-target.js';
import { ownOriginsOf } from '../../../../src/local/console/guard.js';

const gate = createGate({ ownOrigins: () => ownOriginsOf(4577, undefined) }, { lookup: () => undefined, clock: systemClock });
const screen = (plane: Plane, origin: string, path = '/_local/console/api/tables') =>
  gate.screen({ method: 'GET', headers: { host: '127.0.0.1:4577', origin } } as unknown as IncomingMessage, parseRequestTarget(path), plane, { name: 'unknown', shape: undefined });

describe('the gate and the console\'s origin', () => {
  it('lets the console page (127.0.0.1 or localhost at the port) reach /_local/*', () => {
    expect(screen('admin', 'http://127.0.0.1:4577').refusal).toBeUndefined();
    expect(screen('admin', 'http://localhost:4577').refusal).toBeUndefined();
  });

  it('refuses other ports of this machine and other sites there', () => {
    for (const origin of ['http://127.0.0.1:3000', 'http://localhost:4578', 'https://127.0.0.1:4577', 'http://evil.example', 'null']) {
      expect(screen('admin', origin).refusal?.status, origin).toBe(403);
    }
  });

  it('does not open the control plane to the console page: it still needs a signature', () => {
    const answer = screen('control', 'http://127.0.0.1:4577', '/2015-03-31/functions');
    expect(answer.refusal?.status).toBe(403);
    expect(answer.refusal?.body).toContain('Origin http://127.0.0.1:4577 is not allowed');
  });
});
