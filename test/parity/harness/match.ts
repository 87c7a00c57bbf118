// The one normalisation of the parity suite: compares what the local cloud answered (boto3-shaped,
// see observe.ts) with what AWS answered in a recording. Recordings hide ids, dates and accounts
// behind placeholders: `<name:N>` (a value that must be the same wherever N recurs in the case),
// `<name>` (any value), "date"/"datetime" (any timestamp). The recording account 111111111111
// stands for whatever account the local cloud uses.

/** exact: every field as AWS; wording: only error-message texts differ; deviates: anything else. */
export type Verdict = 'exact' | 'wording' | 'deviates';

export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
  /** True when only the wording of an error message differs. */
  wording: boolean;
}

const RECORDED_ACCOUNT = '111111111111';
const PLACEHOLDER = /<[A-Za-z0-9_.:\-]+>/g;
const DATE_WORDS = new Set(['date', 'datetime', '<datetime>', '<date>', '<timestamp>']);
const MESSAGE_KEYS = new Set(['Message', 'message']);

export class Matcher {
  /** Values bound to numbered placeholders so far in this case. */
  private readonly bindings = new Map<string, string>();

  constructor(private readonly accountId: string) {}

  compare(expected: unknown, actual: unknown, path = ''): Difference[] {
    const differences: Difference[] = [];
    this.walk(expected, this.normaliseAccount(actual), path, differences);
    return differences;
  }

  private normaliseAccount(value: unknown): unknown {
    if (typeof value === 'string') return value.split(this.accountId).join(RECORDED_ACCOUNT);
    if (Array.isArray(value)) return value.map((item) => this.normaliseAccount(item));
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.normaliseAccount(key) as string, this.normaliseAccount(item)]),
      );
    }
    return value;
  }

  private walk(expected: unknown, actual: unknown, path: string, out: Difference[]): void {
    // The recordings hold JSON text (a model schema, a policy) parsed into objects: compare likewise.
    if (expected && typeof expected === 'object' && typeof actual === 'string') actual = parsedJson(actual);
    const differ = () => out.push({ path, expected, actual, wording: isMessagePath(path, expected, actual) });
    if (typeof expected === 'string') {
      if (!this.matchesString(expected, actual)) differ();
      return;
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual) || actual.length !== expected.length) {
        differ();
        return;
      }
      expected.forEach((item, index) => this.walk(item, actual[index], `${path}[${index}]`, out));
      return;
    }
    if (expected && typeof expected === 'object') {
      if (!actual || typeof actual !== 'object' || Array.isArray(actual) || actual instanceof Date) {
        differ();
        return;
      }
      const actualRecord = actual as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected)) {
        const child = path ? `${path}.${key}` : key;
        if (!(key in actualRecord) || actualRecord[key] === undefined) {
          out.push({ path: child, expected: value, actual: undefined, wording: false });
        } else {
          this.walk(value, actualRecord[key], child, out);
        }
      }
      for (const key of Object.keys(actualRecord)) {
        if (!(key in (expected as object)) && actualRecord[key] !== undefined) {
          out.push({ path: path ? `${path}.${key}` : key, expected: undefined, actual: actualRecord[key], wording: false });
        }
      }
      return;
    }
    if (expected !== actual) differ();
  }

  private matchesString(expected: string, actual: unknown): boolean {
    if (DATE_WORDS.has(expected) && isTimestamp(actual)) return true;
    if (actual === null || actual === undefined || typeof actual === 'object') return false;
    const text = String(actual);
    if (this.matchesText(expected, text)) return true;
    // An account number that came from the case's own input (a fixture naming the local account) is literal.
    return text.includes(RECORDED_ACCOUNT) && this.matchesText(expected, text.split(RECORDED_ACCOUNT).join(this.accountId));
  }

  private matchesText(expected: string, text: string): boolean {
    const tokens = expected.match(PLACEHOLDER);
    if (!tokens) return expected === text;
    const pattern = expected
      .split(PLACEHOLDER)
      .map(escapeRegExp)
      .reduce((source, literal, index) => (index === 0 ? literal : `${source}(.*?)${literal}`), '');
    const found = new RegExp(`^${pattern}$`, 's').exec(text);
    if (!found) return false;
    const candidate = new Map<string, string>();
    for (const [index, token] of tokens.entries()) {
      if (!token.includes(':')) continue;
      const value = found[index + 1] ?? '';
      const bound = this.bindings.get(token) ?? candidate.get(token);
      if (bound !== undefined && bound !== value) return false;
      candidate.set(token, value);
    }
    for (const [token, value] of candidate) this.bindings.set(token, value);
    return true;
  }
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isTimestamp(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (typeof value === 'number') return value > 0;
  return typeof value === 'string' && !Number.isNaN(Date.parse(value.replace(/\+0000$/, 'Z')));
}

function isMessagePath(path: string, expected: unknown, actual: unknown): boolean {
  const last = path.split('.').pop() ?? '';
  return MESSAGE_KEYS.has(last) && typeof expected === 'string' && typeof actual === 'string';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function verdictOf(differences: Difference[]): Verdict {
  if (differences.length === 0) return 'exact';
  return differences.every((difference) => difference.wording) ? 'wording' : 'deviates';
}
