// Values only known once another resource exists (an API's id, a published version) are
// written into desired resources as tokens `{{ref:RESOURCE_ID#attr}}` and filled in from the
// outputs of earlier steps. Resources stay plain JSON; dependencies follow from the tokens.

export type Outputs = Record<string, Record<string, string>>;

const TOKEN = /\{\{ref:([^#}]+)#([A-Za-z]+)\}\}/g;

export function ref(resourceId: string, attr: string): string {
  return `{{ref:${resourceId}#${attr}}}`;
}

/** Resource ids that a value's tokens name. */
export function referencedIds(value: unknown): string[] {
  const ids = new Set<string>();
  const text = JSON.stringify(value) ?? '';
  for (const m of text.matchAll(TOKEN)) ids.add(m[1]!);
  return [...ids];
}

export function hasTokens(value: unknown): boolean {
  return new RegExp(TOKEN.source).test(JSON.stringify(value) ?? '');
}

/** Fills every token whose output is known; unknown ones stay as tokens. */
export function fillTokens<T>(value: T, outputs: Outputs): T {
  if (typeof value === 'string') {
    return value.replace(TOKEN, (whole, id: string, attr: string) => outputs[id]?.[attr] ?? whole) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillTokens(v, outputs)) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTokens(v, outputs)])) as T;
  }
  return value;
}
