// CIDR matching for IpAddress / NotIpAddress, IPv4 and IPv6 (a bare address is a /32 or /128).
import { isIPv4, isIPv6 } from 'node:net';

function ipv4Bits(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Bits(address: string): bigint {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const bits = ipv4Bits(v4[1]!);
    text = `${text.slice(0, v4.index)}${(bits >> 16n).toString(16)}:${(bits & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group || '0', 16)), 0n);
}

function parse(address: string): { bits: bigint; width: number } | undefined {
  if (isIPv4(address)) return { bits: ipv4Bits(address), width: 32 };
  if (isIPv6(address)) return { bits: ipv6Bits(address), width: 128 };
  return undefined;
}

export function ipInCidr(address: string, cidr: string): boolean {
  const [base, prefixText] = cidr.trim().split('/') as [string, string | undefined];
  const ip = parse(address.trim());
  const network = parse(base);
  if (!ip || !network || ip.width !== network.width) return false;
  const prefix = prefixText === undefined ? network.width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > network.width) return false;
  const shift = BigInt(network.width - prefix);
  return ip.bits >> shift === network.bits >> shift;
}
