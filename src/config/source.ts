// Parses JSON or YAML text and maps JSON pointers back to line numbers, so every problem can
// name a line the user can jump to.
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';

// The YAML parser is loaded when first needed (a YAML file, or a line for a problem in JSON): a
// run whose JSON files are fine never loads it (it was a sixth of what a redeploy loaded).
let yamlModule: typeof import('yaml') | undefined;
const yaml = () => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

export type SourceKind = 'json' | 'yaml';

export interface ParsedSource {
  value: unknown;
  /** "line N" for the node at the given path (or its nearest existing parent). */
  lineOf(path: (string | number)[]): string | undefined;
}

export interface SyntaxProblem {
  location: string;
  message: string;
}

export function kindOf(file: string): SourceKind {
  return /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
}

export function parseSource(text: string, kind: SourceKind): ParsedSource | SyntaxProblem {
  if (kind === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return jsonSyntaxProblem(text, err);
    }
    // JSON is parsed once; the YAML parser maps a pointer to a line only when a problem needs one.
    let located: Located | undefined;
    return { value, lineOf: (path) => lineIn((located ??= locate(text, { uniqueKeys: false })), path) };
  }
  const located = locate(text, { prettyErrors: false });
  const first = located.doc.errors[0];
  if (first) {
    const pos = located.lines.linePos(first.pos[0]);
    return { location: `line ${pos.line}`, message: `invalid YAML: ${first.message.split('\n')[0]}` };
  }
  const value: unknown = located.doc.toJS({ maxAliasCount: 1000 });
  return { value, lineOf: (path) => lineIn(located, path) };
}

interface Located {
  doc: Document.Parsed;
  lines: LineCounter;
}

function locate(text: string, options: { uniqueKeys?: false; prettyErrors?: false }): Located {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, ...options }), lines };
}

function lineIn({ doc, lines }: Located, path: (string | number)[]): string | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (yaml().isNode(node) && node.range) return `line ${lines.linePos(node.range[0]).line}`;
  }
  return undefined;
}

function jsonSyntaxProblem(text: string, err: unknown): SyntaxProblem {
  const message = err instanceof Error ? err.message : String(err);
  const at = /position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  return { location: `line ${line}, column ${column}`, message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}` };
}

export function isSyntaxProblem(x: ParsedSource | SyntaxProblem): x is SyntaxProblem {
  return !('lineOf' in x);
}
