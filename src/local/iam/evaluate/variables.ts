// Policy variables (${aws:username}, ${aws:PrincipalTag/team, 'none'}) and the escapes ${*} ${?} ${$}.
import type { ContextLookup } from './context.js';

const VARIABLE = /\$\{([^}]*)\}/g;
/** Private-use characters stand for escaped literals so the wildcard matcher does not see them. */
export const LITERAL_STAR = '\u{F0001}';
export const LITERAL_QUESTION = '\u{F0002}';

/**
 * Substitutes the variables of a Resource or condition value. Returns undefined when a variable
 * has no value and no default: AWS then treats that value as not matching.
 */
export function substitute(text: string, lookup: ContextLookup): string | undefined {
  if (!text.includes('${')) return text;
  let missing = false;
  const result = text.replace(VARIABLE, (_, inner: string) => {
    if (inner === '*') return LITERAL_STAR;
    if (inner === '?') return LITERAL_QUESTION;
    if (inner === '$') return '$';
    const match = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    const values = match ? lookup(match[1]!) : undefined;
    if (values && values.length === 1) return values[0]!;
    if (match?.[2] !== undefined) return match[2];
    missing = true;
    return '';
  });
  return missing ? undefined : result;
}

/** After matching setup: literal escapes become their characters again (for comparison values). */
export const restoreLiterals = (text: string) => text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
