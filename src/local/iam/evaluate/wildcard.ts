// IAM's wildcard matching: `*` any run of characters, `?` one character; everything else literal
// (including the ${*} and ${?} escapes, which substitution turned into placeholders).
import { LITERAL_QUESTION, LITERAL_STAR } from './variables.js';

const cache = new Map<string, RegExp>();

export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regex = cache.get(cacheKey);
  if (!regex) {
    const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c === LITERAL_STAR ? '\\*' : c === LITERAL_QUESTION ? '\\?' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
    regex = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 5000) cache.clear();
    cache.set(cacheKey, regex);
  }
  return regex.test(value);
}

/** Actions: case-insensitive, `*` may span the service prefix. */
export const actionMatches = (pattern: string, action: string) => wildcardMatch(pattern, action, true);

/**
 * ARNs (Resource and the Arn* condition operators): matched segment by segment, case-sensitive,
 * over the first five colons; the last pattern segment takes the rest of the ARN (resource part
 * may contain colons), so `arn:aws:*` still covers every ARN.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const patternParts = splitArn(pattern);
  const arnParts = splitArn(arn);
  if (patternParts.length === 1 || arnParts.length === 1) return wildcardMatch(pattern, arn, false);
  for (let i = 0; i < patternParts.length; i++) {
    const last = i === patternParts.length - 1;
    const value = last ? arnParts.slice(i).join(':') : arnParts[i];
    if (value === undefined || !wildcardMatch(patternParts[i]!, value, false)) return false;
  }
  return true;
}

function splitArn(text: string): string[] {
  const parts = text.split(':');
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
}
