// The Condition element: every operator AND-ed, every key in an operator AND-ed, the values of one
// key OR-ed. Operators may be prefixed ForAnyValue:/ForAllValues: and suffixed IfExists.
import type { ContextLookup } from './context.js';
import { ipInCidr } from './ip.js';
import { restoreLiterals, substitute } from './variables.js';
import { arnMatches, wildcardMatch } from './wildcard.js';
import type { Statement } from './types.js';

/** Does one request value satisfy one policy value under a (non-negated) base operator? */
type Comparator = (requestValue: string, policyValue: string) => boolean;

const number = (text: string) => (text.trim() === '' ? NaN : Number(text));
function date(text: string): number {
  // Epoch seconds are accepted as well as ISO 8601 dates.
  if (/^\d+$/.test(text.trim())) return Number(text) * 1000;
  return Date.parse(text);
}
const compared = (parse: (t: string) => number, test: (a: number, b: number) => boolean): Comparator => (r, p) => {
  const a = parse(r);
  const b = parse(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
};

/** Positive base operators; the negated ones are listed in NEGATIONS. */
const COMPARATORS: Record<string, Comparator> = {
  stringequals: (r, p) => r === restoreLiterals(p),
  stringequalsignorecase: (r, p) => r.toLowerCase() === restoreLiterals(p).toLowerCase(),
  stringlike: (r, p) => wildcardMatch(p, r, false),
  numericequals: compared(number, (a, b) => a === b),
  numericlessthan: compared(number, (a, b) => a < b),
  numericlessthanequals: compared(number, (a, b) => a <= b),
  numericgreaterthan: compared(number, (a, b) => a > b),
  numericgreaterthanequals: compared(number, (a, b) => a >= b),
  dateequals: compared(date, (a, b) => a === b),
  datelessthan: compared(date, (a, b) => a < b),
  datelessthanequals: compared(date, (a, b) => a <= b),
  dategreaterthan: compared(date, (a, b) => a > b),
  dategreaterthanequals: compared(date, (a, b) => a >= b),
  bool: (r, p) => r.toLowerCase() === p.toLowerCase(),
  binaryequals: (r, p) => r === p,
  ipaddress: (r, p) => ipInCidr(r, p),
  arnequals: (r, p) => arnMatches(p, r),
  arnlike: (r, p) => arnMatches(p, r),
};

const NEGATIONS: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  notipaddress: 'ipaddress',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
};

/** Operators whose policy values may hold policy variables. */
const TAKES_VARIABLES = /^(string|arn)/;

interface ParsedOperator {
  setOperator?: 'foranyvalue' | 'forallvalues';
  base: string;
  ifExists: boolean;
}

function parseOperator(name: string): ParsedOperator {
  let text = name.toLowerCase();
  let setOperator: ParsedOperator['setOperator'];
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const prefix = text.slice(0, colon);
    if (prefix === 'foranyvalue' || prefix === 'forallvalues') setOperator = prefix;
    text = text.slice(colon + 1);
  }
  const ifExists = text.endsWith('ifexists') && text !== 'ifexists';
  return { setOperator, base: ifExists ? text.slice(0, -'ifexists'.length) : text, ifExists };
}

function keyMatches(operator: ParsedOperator, requestValues: string[] | undefined, policyValues: string[], lookup: ContextLookup): boolean {
  if (operator.base === 'null') {
    const absent = requestValues === undefined || requestValues.length === 0;
    return policyValues.some((v) => v.toLowerCase() === (absent ? 'true' : 'false'));
  }
  const negatedOf = NEGATIONS[operator.base];
  const comparator = COMPARATORS[negatedOf ?? operator.base];
  // An operator IAM does not know never matches (IAM would have refused the policy).
  if (!comparator) return false;
  const present = requestValues !== undefined && requestValues.length > 0;
  if (!present) {
    if (operator.setOperator === 'forallvalues') return true;
    if (operator.setOperator === 'foranyvalue') return false;
    // A missing key: IfExists and the negated operators match, the others do not.
    return operator.ifExists || negatedOf !== undefined;
  }
  const values = TAKES_VARIABLES.test(negatedOf ?? operator.base)
    ? policyValues.map((v) => substitute(v, lookup)).filter((v): v is string => v !== undefined)
    : policyValues;
  const positive = (requestValue: string) => values.some((policyValue) => comparator(requestValue, policyValue));
  const single = (requestValue: string) => (negatedOf ? !positive(requestValue) : positive(requestValue));
  if (operator.setOperator === 'forallvalues') return requestValues.every(single);
  if (operator.setOperator === 'foranyvalue') return requestValues.some(single);
  // A single-valued operator on a multi-valued key: matches when any value would (negated: none).
  return negatedOf ? requestValues.every(single) : requestValues.some(single);
}

export function conditionsMatch(condition: Statement['Condition'], lookup: ContextLookup): boolean {
  if (!condition) return true;
  for (const [operatorName, keys] of Object.entries(condition)) {
    const operator = parseOperator(operatorName);
    for (const [key, raw] of Object.entries(keys ?? {})) {
      const policyValues = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (!keyMatches(operator, lookup(key), policyValues, lookup)) return false;
    }
  }
  return true;
}
