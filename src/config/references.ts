// References inside config strings (grammar in types.ts): parsing for the validator and
// resolution for the deploy engine, in one place so both read the same grammar.

export type Reference =
  | { kind: 'builtin'; name: 'stage' | 'region' | 'account' | 'project' | 'partition' }
  | { kind: 'table'; key: string; attribute: 'name' | 'arn' }
  | { kind: 'function'; key: string; attribute: 'name' | 'arn' }
  | { kind: 'api'; key: string; attribute: 'id' | 'url' | 'executeArn' }
  | { kind: 'apiStageUrl'; key: string; stage: string };

export interface ReferenceMatch {
  /** The whole `${...}` text. */
  text: string;
  ref?: Reference;
  /** Why it could not be parsed, when ref is undefined. */
  error?: string;
}

const REFERENCE = /\$\{([^}]*)\}/g;
const KEY = '([A-Za-z][A-Za-z0-9_]*)';
const FORMS: [RegExp, (m: RegExpExecArray) => Reference][] = [
  [/^(stage|region|account|project|partition)$/, (m) => ({ kind: 'builtin', name: m[1] as 'stage' })],
  [new RegExp(`^table:${KEY}(\\.arn)?$`), (m) => ({ kind: 'table', key: m[1]!, attribute: m[2] ? 'arn' : 'name' })],
  [new RegExp(`^function:${KEY}(\\.arn)?$`), (m) => ({ kind: 'function', key: m[1]!, attribute: m[2] ? 'arn' : 'name' })],
  [new RegExp(`^api:${KEY}\\.(id|url|executeArn)$`), (m) => ({ kind: 'api', key: m[1]!, attribute: m[2] as 'id' })],
  [new RegExp(`^api:${KEY}\\.stageUrl\\.([A-Za-z0-9_-]+)$`), (m) => ({ kind: 'apiStageUrl', key: m[1]!, stage: m[2]! })],
];

export const REFERENCE_FORMS =
  '${stage} ${region} ${account} ${project} ${partition} ${table:KEY} ${table:KEY.arn} ${function:KEY} ${function:KEY.arn} ' +
  '${api:KEY.id} ${api:KEY.url} ${api:KEY.executeArn} ${api:KEY.stageUrl.STAGE}';

export function findReferences(text: string): ReferenceMatch[] {
  const out: ReferenceMatch[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const body = m[1]!.trim();
    const form = FORMS.map(([re, make]) => {
      const hit = re.exec(body);
      return hit ? make(hit) : undefined;
    }).find((r) => r !== undefined);
    out.push(form ? { text: m[0], ref: form } : { text: m[0], error: `"${m[0]}" is not a reference this tool knows` });
  }
  return out;
}

/** Replaces every reference; `value` returns the text for one (throw to refuse). */
export function resolveReferences(text: string, value: (ref: Reference) => string): string {
  return text.replace(REFERENCE, (whole) => {
    const [match] = findReferences(whole);
    if (!match?.ref) throw new Error(match?.error ?? `bad reference ${whole}`);
    return value(match.ref);
  });
}

/** Where references may appear: [JSON pointer segments, string] for every such string of a function. */
export function referenceSites(fn: {
  environment?: Record<string, string>;
  permissions?: { resources: string[] }[];
  schedule?: string | { input?: unknown };
}): { path: (string | number)[]; text: string }[] {
  const sites: { path: (string | number)[]; text: string }[] = [];
  for (const [name, text] of Object.entries(fn.environment ?? {})) sites.push({ path: ['environment', name], text });
  (fn.permissions ?? []).forEach((st, i) =>
    st.resources.forEach((text, j) => sites.push({ path: ['permissions', i, 'resources', j], text })),
  );
  if (fn.schedule && typeof fn.schedule === 'object' && fn.schedule.input !== undefined) {
    collectStrings(fn.schedule.input, ['schedule', 'input'], sites);
  }
  return sites;
}

function collectStrings(v: unknown, path: (string | number)[], out: { path: (string | number)[]; text: string }[]): void {
  if (typeof v === 'string') out.push({ path, text: v });
  else if (Array.isArray(v)) v.forEach((x, i) => collectStrings(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collectStrings(x, [...path, k], out);
}
