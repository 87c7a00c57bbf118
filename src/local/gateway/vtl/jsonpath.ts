// The JSONPath subset API Gateway mapping templates use: $, $.a.b, $['a'], $.a[0], $.a[*], $..a is not
// supported (API Gateway documents only simple paths).

type Step = { key: string } | { index: number } | { wildcard: true };

const cache = new Map<string, Step[]>();

function parsePath(path: string): Step[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const steps: Step[] = [];
  const text = path.trim();
  if (!text.startsWith('$')) throw new Error(`Invalid JSONPath "${path}": it must start with "$".`);
  let i = 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '.') {
      const match = /^\.([^.[\]]*)/.exec(text.slice(i));
      const key = match![1]!;
      steps.push(key === '*' ? { wildcard: true } : { key });
      i += match![0].length;
    } else if (ch === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new Error(`Invalid JSONPath "${path}": unclosed "[".`);
      const inner = text.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ wildcard: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else steps.push({ key: inner.replace(/^['"]|['"]$/g, '') });
      i = end + 1;
    } else {
      throw new Error(`Invalid JSONPath "${path}" at character ${i + 1}.`);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(path, steps);
  return steps;
}

/** Evaluates path on a parsed JSON document; undefined when nothing is there. */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  let current: unknown = document;
  let spread = false;
  for (const step of parsePath(path)) {
    const apply = (value: unknown): unknown => {
      if (value === null || typeof value !== 'object') return undefined;
      if ('wildcard' in step) return Array.isArray(value) ? value : Object.values(value);
      if ('index' in step) {
        if (!Array.isArray(value)) return undefined;
        return value[step.index < 0 ? value.length + step.index : step.index];
      }
      return (value as Record<string, unknown>)[step.key];
    };
    if (spread && Array.isArray(current)) {
      current = current.map(apply).filter((v) => v !== undefined);
      if ('wildcard' in step) current = (current as unknown[]).flat();
    } else {
      current = apply(current);
      if ('wildcard' in step) spread = true;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
