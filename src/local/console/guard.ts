// Same-origin only. The gate lets the local cloud's own origin through on /_local/*; here the
// console also refuses every other origin (even one on --allow-origin: the console is not an API
// for other pages) and, for a change (put/delete item, send a request), anything a web page could
// send without a preflight: a browser always names the page in Origin on such a request, and a
// cross-origin page cannot send application/json without a preflight, which is never granted.
import type { IncomingMessage } from 'node:http';
import { normalizeOrigin } from '../gate/origin.js';

export interface GuardVerdict {
  ok: boolean;
  message?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function checkSameOrigin(req: IncomingMessage, ownOrigins: readonly string[]): GuardVerdict {
  const origin = header(req, 'origin');
  const site = header(req, 'sec-fetch-site');
  if (origin !== undefined && !ownOrigins.includes(normalizeOrigin(origin))) {
    return { ok: false, message: `The console answers only its own page; Origin ${origin} is another site.` };
  }
  // "none": the user typed the address or opened a bookmark (a navigation, never a page's fetch).
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, message: `The console answers only its own page; this request came from a ${site} page.` };
  }
  const method = req.method ?? 'GET';
  if (SAFE_METHODS.has(method)) return { ok: true };
  if (site === 'none') return { ok: false, message: 'A change must come from the console page, not a navigation.' };
  const contentType = header(req, 'content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return { ok: false, message: 'A change to the console must be sent as application/json (what the console page sends).' };
  }
  return { ok: true };
}

/** The origins the console's page has: the port on loopback by IP and by name, and a bound host. */
export function ownOriginsOf(port: number, boundHost: string | undefined): string[] {
  const hosts = ['127.0.0.1', 'localhost', '[::1]'];
  if (boundHost && !['0.0.0.0', '::', ...hosts].includes(boundHost)) hosts.push(boundHost.includes(':') ? `[${boundHost}]` : boundHost);
  return hosts.map((host) => normalizeOrigin(`http://${host}:${port}`));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
