import { describe, expect, it } from 'vitest';
import { isHostAllowed, normalizeHosts } from '../../../src/local/gate/host.js';
import { isOriginAllowed, normalizeOrigins } from '../../../src/local/gate/origin.js';
import { parseRequestTarget } from '../../../src/local/gate/request-target.js';

describe('the Host rule', () => {
  const none = normalizeHosts([]);
  it.each(['127.0.0.1:4577', '127.255.0.9', '[::1]:4577', '[::1]', '[0:0:0:0:0:0:0:1]', 'localhost', 'LocalHost:1', 'localhost.', 'abc123.execute-api.localhost:4577', 'a.b.localhost'])('accepts %s', (host) => {
    expect(isHostAllowed(host, none)).toBe(true);
  });
  it.each(['evil.example', 'evil.example:4577', 'localhost.evil.example', '128.0.0.1', '10.0.0.1:4577', '[::2]', '[::1', '', 'localhost:x', '0.0.0.0', 'evil.example:4577:1'])('refuses %s', (host) => {
    expect(isHostAllowed(host, none)).toBe(false);
  });
  it('refuses a request with no Host', () => {
    expect(isHostAllowed(undefined, none)).toBe(false);
  });
  it('accepts the allowed names, at any port', () => {
    const allowed = normalizeHosts(['Dev.Example', 'box.lan:4577', '192.168.1.5']);
    for (const host of ['dev.example', 'DEV.example:8080', 'box.lan', '192.168.1.5:4577']) expect(isHostAllowed(host, allowed), host).toBe(true);
    expect(isHostAllowed('other.example', allowed)).toBe(false);
  });
  it('keeps its verdicts right past the bound of remembered names', () => {
    // Verdicts are remembered per name, up to 1,024; thousands of names must not change an answer.
    for (let i = 0; i < 3000; i++) {
      expect(isHostAllowed(`127.0.${i >> 8}.${i & 255}:4577`, none)).toBe(true);
      expect(isHostAllowed(`h${i}.evil.example`, none)).toBe(false);
    }
    expect(isHostAllowed('127.0.0.1', none)).toBe(true);
    expect(isHostAllowed('evil.example', none)).toBe(false);
  });
});

describe('the Origin rule', () => {
  it('allows only listed origins, compared case-insensitively without a trailing slash', () => {
    const allowed = normalizeOrigins(['http://localhost:3000/', 'https://App.example']);
    expect(isOriginAllowed('http://localhost:3000', allowed)).toBe(true);
    expect(isOriginAllowed('https://app.example', allowed)).toBe(true);
    expect(isOriginAllowed('http://localhost:3001', allowed)).toBe(false);
    expect(isOriginAllowed('null', allowed)).toBe(false);
    expect(isOriginAllowed('http://evil.example', normalizeOrigins([]))).toBe(false);
    expect(isOriginAllowed('http://evil.example', normalizeOrigins(['*']))).toBe(true);
  });
});

describe('parseRequestTarget', () => {
  it('keeps a path starting with // as a path (new URL would read it as a host)', () => {
    expect(parseRequestTarget('//admin/secret?a=1')).toMatchObject({ pathname: '//admin/secret', search: '?a=1' });
    expect(parseRequestTarget('//x').pathname).toBe('//x');
  });
  it('reads query, fragment and absolute forms', () => {
    const t = parseRequestTarget('/p%20q?X-Amz-Credential=a%2Fb&x');
    expect(t.pathname).toBe('/p%20q');
    expect(t.searchParams.get('X-Amz-Credential')).toBe('a/b');
    expect(parseRequestTarget('http://127.0.0.1:4577/a/b?c').pathname).toBe('/a/b');
    expect(parseRequestTarget('/a#frag').pathname).toBe('/a');
    expect(parseRequestTarget(undefined).pathname).toBe('/');
    expect(parseRequestTarget('*').pathname).toBe('/*');
  });
});
