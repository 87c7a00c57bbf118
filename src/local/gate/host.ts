// The Host rule: only names that can only mean this machine, so a DNS-rebinding page (whose
// requests carry its own domain as Host) gets nothing. Other names must be allowed by the user.
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** "Example.COM:4577" -> "example.com"; "[::1]:4577" -> "::1"; undefined when malformed. */
export function hostnameOf(host: string): string | undefined {
  const text = host.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return undefined;
    const rest = text.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return text.slice(1, end);
  }
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  return m ? m[1]!.replace(/\.$/, '') : undefined;
}

/** Answers by hostname, bounded: every request asks, and BlockList.check costs more than its route. */
const loopbackVerdicts = new Map<string, boolean>();
const MAX_VERDICTS = 1024;

function isLoopback(hostname: string): boolean {
  let verdict = loopbackVerdicts.get(hostname);
  if (verdict === undefined) {
    verdict = judgeLoopback(hostname);
    if (loopbackVerdicts.size >= MAX_VERDICTS) loopbackVerdicts.clear();
    loopbackVerdicts.set(hostname, verdict);
  }
  return verdict;
}

function judgeLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  const v4 = hostname.replace(/^::ffff:/, '');
  if (isIP(v4) === 4) return LOOPBACK.check(v4, 'ipv4');
  return isIP(hostname) === 6 && LOOPBACK.check(hostname, 'ipv6');
}

/** Normalised hostnames from --allow-host / DISCOVERY_LOCAL_ALLOW_HOSTS entries (ports ignored). */
export function normalizeHosts(hosts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const host of hosts) {
    const name = hostnameOf(host);
    if (name) names.add(name);
  }
  return names;
}

export function isHostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  return name !== undefined && (isLoopback(name) || allowed.has(name));
}
