// The console's own rule, on top of the gate's: its page only, and changes only as JSON.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkSameOrigin, ownOriginsOf } from '../../../../src/local/console/guard.js';

const OWN = ownOriginsOf(4577, '127.0.0.1');
const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;

describe('console guard', () => {
  it('names the port on 127.0.0.1, localhost and [::1], plus a host bound on purpose', () => {
    expect(OWN).toEqual(['http://127.0.0.1:4577', 'http://localhost:4577', 'http://[::1]:4577']);
    expect(ownOriginsOf(80, '192.168.1.5')).toContain('http://192.168.1.5:80');
  });

  it('reads from its own page, from a typed address, and from clients that are not browsers', () => {
    expect(checkSameOrigin(request('GET', {}), OWN).ok).toBe(true);
    expect(checkSameOrigin(request('GET', { 'sec-fetch-site': 'same-origin' }), OWN).ok).toBe(true);
    expect(checkSameOrigin(request('GET', { 'sec-fetch-site': 'none' }), OWN).ok).toBe(true);
    expect(checkSameOrigin(request('GET', { origin: 'HTTP://LOCALHOST:4577' }), OWN).ok).toBe(true);
  });

  it('refuses another origin, even another port of this machine, and any cross-site fetch', () => {
    expect(checkSameOrigin(request('GET', { origin: 'http://127.0.0.1:3000' }), OWN)).toMatchObject({ ok: false, message: expect.stringContaining('http://127.0.0.1:3000') });
    expect(checkSameOrigin(request('GET', { origin: 'null' }), OWN).ok).toBe(false);
    for (const site of ['cross-site', 'same-site']) expect(checkSameOrigin(request('GET', { 'sec-fetch-site': site }), OWN).ok).toBe(false);
  });

  it('takes a change only as application/json from its own page', () => {
    const own = { origin: 'http://127.0.0.1:4577', 'sec-fetch-site': 'same-origin' };
    expect(checkSameOrigin(request('PUT', { ...own, 'content-type': 'application/json' }), OWN).ok).toBe(true);
    expect(checkSameOrigin(request('POST', { ...own, 'content-type': 'application/json; charset=utf-8' }), OWN).ok).toBe(true);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      expect(checkSameOrigin(request('POST', { ...own, 'content-type': type }), OWN).ok, type).toBe(false);
    }
    expect(checkSameOrigin(request('DELETE', { 'sec-fetch-site': 'none', 'content-type': 'application/json' }), OWN).ok).toBe(false);
    expect(checkSameOrigin(request('DELETE', { origin: 'http://evil.example', 'content-type': 'application/json' }), OWN).ok).toBe(false);
  });
});
