// Seeded mutations of valid requests: members dropped, duplicated, nulled or given the wrong type,
// huge strings, deep nesting, broken JSON, odd paths and form keys. Same seed, same requests.
import type { RawRequest } from './raw-request.js';

export type Random = () => number;

/** mulberry32: a small, fast, seedable PRNG. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const deepArray = (depth: number) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown;
const deepObject = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;

const DEEP_MARK = '\u0001deep\u0001';

const ODD_VALUES: Array<(random: Random) => unknown> = [
  () => null,
  () => 0,
  () => -1,
  () => 1e308,
  () => 3.5,
  () => true,
  () => '',
  () => 'x'.repeat(70_000),
  () => '\u0000\uffff\ud800 é 漢 🙂',
  () => '../../etc/passwd',
  () => [],
  () => ['a', 1, null],
  () => ({}),
  () => ({ nested: { deeper: [1, { x: 'y' }] } }),
  () => deepArray(500),
  () => deepObject(300),
  (random) => String(Math.floor(random() * 1e9)),
];

/** Every path (as keys) to a member or element of a JSON value. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

function parentOf(root: unknown, path: Array<string | number>): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

/** A mutated JSON document as text (some mutations only exist as text: duplicate keys, bad JSON). */
export function mutateJson(random: Random, doc: unknown): string {
  const copy = structuredClone(doc);
  const all = paths(copy);
  const roll = random();
  if (roll < 0.06) return pick(random, ['null', '[]', '"text"', '42', 'true', '', '{', '{"a":}', '\u0000', '{"a":1}{"b":2}', `${'['.repeat(100_000)}`]);
  if (roll < 0.12) {
    const text = JSON.stringify(copy);
    return text.slice(0, Math.floor(random() * text.length));
  }
  if (all.length === 0 || roll < 0.16) {
    const text = JSON.stringify(copy);
    const key = all.length > 0 ? String(pick(random, all).at(-1)) : 'Extra';
    return text.length > 2 ? `{"${key}":${JSON.stringify(pick(random, ODD_VALUES)(random))},${text.slice(1)}` : `{"${key}":1}`;
  }
  const path = pick(random, all);
  const parent = parentOf(copy, path);
  const key = path.at(-1)!;
  const op = random();
  if (op < 0.08) {
    // Deeper than JSON.stringify can go: spliced in as text (the poisoned-Tags finding).
    parent[key] = DEEP_MARK;
    const depth = pick(random, [2_000, 10_000, 50_000]);
    return JSON.stringify(copy).replace(JSON.stringify(DEEP_MARK), `${'['.repeat(depth)}"x"${']'.repeat(depth)}`);
  }
  if (op < 0.25) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (op < 0.35 && Array.isArray(parent)) {
    for (let i = 0; i < 200; i++) parent.push(parent[Number(key)]);
  } else {
    parent[key] = pick(random, ODD_VALUES)(random);
  }
  return JSON.stringify(copy);
}

/** A mutated form (query protocol): params dropped, doubled, given odd values or odd keys. */
export function mutateForm(random: Random, form: Array<[string, string]>): string {
  const params = form.map(([k, v]) => [k, v] as [string, string]);
  const op = random();
  const at = Math.floor(random() * params.length);
  if (op < 0.2) params.splice(at, 1);
  else if (op < 0.3) params.push(params[at]!);
  else if (op < 0.6) params[at]![1] = String(pick(random, ['', 'x'.repeat(70_000), '-1', '99999999999', 'true', '\u0000', '漢🙂', '%zz', '{"a":', JSON.stringify(deepArray(300))]));
  else if (op < 0.8) params.push([pick(random, ['Tags.member.0.Key', 'Tags.member.99999999.Key', 'Tags.member.-1.Key', 'Tags.member.1', 'Tags.member.1.Key.member.1', 'PolicyArns.member.1', 'X'.repeat(5000), '']), 'v']);
  else params.push(['Action', pick(random, ['CreateRole', 'DeleteRole', 'Nope', '', 'GetCallerIdentity', 'constructor', '__proto__'])]);
  const encoded = params.map(([k, v]) => `${encodeURIComponent(k)}=${v === '%zz' ? v : encodeURIComponent(v)}`).join('&');
  return random() < 0.05 ? `${encoded}&%zz=%` : encoded;
}

const PATH_EDITS: Array<(path: string, random: Random) => string> = [
  (p) => `/${p}`,
  (p) => p.replace(/\/([^/]*)$/, '//$1'),
  (p) => `${p}/`,
  (p) => `${p}%00`,
  (p) => p.replace(/\/[^/]+/, '/%00'),
  (p) => `${p}/..`,
  (p) => p.replace(/\/[^/]+$/, '/../x'),
  (p) => `${p}/%2e%2e/%2F`,
  (p) => `${p}/%E2%98%83%F0%9F%99%82`,
  (p) => `${p}%`,
  (p) => `${p}/${'a'.repeat(5000)}`,
  (p) => p.replace(/\/[^/]+$/, '/%7Bx%7D'),
  (p) => `${p}?${'q=1&'.repeat(200)}`,
  (p) => `${p}${p.includes('?') ? '&' : '?'}Qualifier=%00&MaxItems=-5&limit=abc&position=-1`,
];

export function mutatePath(random: Random, path: string): string {
  const [pathname = '/', search] = path.split('?', 2);
  const edited = pick(random, PATH_EDITS)(pathname, random);
  return search && !edited.includes('?') ? `${edited}?${search}` : edited;
}

/** One mutation of the request: its body (most often), its path, or a header. */
export function mutateRequest(random: Random, base: RawRequest & { json?: unknown; form?: Array<[string, string]> }): RawRequest {
  const req: RawRequest = { ...base, headers: { ...base.headers } };
  const roll = random();
  if (roll < 0.65 && base.json !== undefined) {
    let text = mutateJson(random, base.json);
    // Now and then a second mutation on top of the first, when the first left JSON.
    if (random() < 0.3) {
      try {
        text = mutateJson(random, JSON.parse(text));
      } catch {
        // the first mutation broke the JSON: keep it so
      }
    }
    req.body = Buffer.from(text);
  }
  else if (roll < 0.65 && base.form) req.body = Buffer.from(mutateForm(random, base.form));
  else if (roll < 0.85) req.path = mutatePath(random, base.path);
  else if (roll < 0.9) req.method = pick(random, ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'POST']);
  else {
    const header = pick(random, ['x-amz-target', 'content-type', 'x-amz-invocation-type', 'x-amz-log-type', 'x-amz-client-context']);
    req.headers[header] = pick(random, ['', 'x'.repeat(8000), 'DynamoDB_20120810.Nope', 'AWSEvents.', 'Logs_20140328.__proto__', 'text/plain', 'Event', 'DryRun', 'Tail', '\u00e9']);
  }
  if (req.method === 'GET' || req.method === 'HEAD') req.body = Buffer.alloc(0);
  return req;
}
