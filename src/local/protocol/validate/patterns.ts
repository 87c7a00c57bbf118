// botocore's patterns are Java regular expressions matched against the whole value. Most compile
// as JS; the few constructs JS lacks are translated, and a pattern that still does not compile is
// skipped (never a crash, never a refusal AWS would not make).
const compiled = new Map<string, RegExp | null>();

const POSIX: Record<string, string> = {
  Alpha: 'A-Za-z', Digit: '0-9', Alnum: 'A-Za-z0-9', Upper: 'A-Z', Lower: 'a-z', Punct: '!-\\/:-@\\[-`{-~',
  Space: ' \\t\\n\\x0B\\f\\r', XDigit: '0-9a-fA-F', Print: '\\x20-\\x7E', Graph: '\\x21-\\x7E', ASCII: '\\x00-\\x7F',
};

function translate(java: string): string {
  return java
    .replace(/\\p\{(?:Is)?(Alpha|Digit|Alnum|Upper|Lower|Punct|Space|XDigit|Print|Graph|ASCII)\}/g, (_m, name: string) => `[${POSIX[name]}]`)
    .replace(/\\p\{Is(\w+)\}/g, '\\p{$1}')
    .replace(/([*+?}])\+/g, '$1') // possessive quantifiers -> greedy (same matches for validation)
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$');
}

function compile(pattern: string): RegExp | null {
  const source = translate(pattern);
  for (const flags of /\\[pP]\{/.test(source) ? ['u'] : ['', 'u']) {
    try {
      return new RegExp(`^(?:${source})$`, flags);
    } catch {
      // try the next flags, then give up on this pattern
    }
  }
  return null;
}

/** True when value matches the whole pattern, or the pattern cannot be checked in JS. */
export function matchesPattern(pattern: string, value: string): boolean {
  if (!compiled.has(pattern)) compiled.set(pattern, compile(pattern));
  const re = compiled.get(pattern);
  return re ? re.test(value) : true;
}
