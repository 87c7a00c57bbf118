// EventBridge event patterns: does an event match a rule's pattern? The AWS rules: every key of
// the pattern must match the event's field; a leaf is a list of alternatives (exact values or
// content filters); an array in the event matches when any of its elements does; `$or` lists
// alternative sub-patterns.
import { AwsServiceError } from '../protocol/errors.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Pattern = { [key: string]: Json };

const invalid = (reason: string) => new AwsServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`, 400);

/** Parses and checks a pattern the way PutRule does; throws InvalidEventPatternException. */
export function parseEventPattern(text: string): Pattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('Invalid JSON');
  }
  if (!isObject(parsed)) throw invalid('Filter is not an object');
  checkPattern(parsed as Pattern, '');
  return parsed as Pattern;
}

export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') return (expected as Pattern[]).some((alternative) => matchesPattern(alternative, event));
    const present = isObject(event) && Object.hasOwn(event as object, key);
    const actual = present ? (event as Record<string, Json>)[key] : undefined;
    if (Array.isArray(expected)) return matchesLeaf(expected, present, actual);
    // A nested pattern needs an object there.
    return isObject(actual) && matchesPattern(expected as Pattern, actual);
  });
}

function matchesLeaf(alternatives: Json[], present: boolean, actual: Json | undefined): boolean {
  const values: Json[] = !present ? [] : Array.isArray(actual) ? actual : [actual!];
  return alternatives.some((alternative) => {
    if (isObject(alternative) && 'exists' in alternative) return (alternative.exists === true) === (present && values.length > 0);
    if (!present) return false;
    if (isObject(alternative) && 'anything-but' in alternative) return values.length > 0 && values.every((v) => !matchesAnything(alternative['anything-but']!, v));
    return values.some((v) => matchesValue(alternative, v));
  });
}

/** anything-but takes a value, a list of values, or a prefix/suffix/equals-ignore-case filter. */
function matchesAnything(excluded: Json, value: Json): boolean {
  if (Array.isArray(excluded)) return excluded.some((e) => matchesValue(e, value));
  return matchesValue(excluded, value);
}

function matchesValue(alternative: Json, value: Json): boolean {
  if (!isObject(alternative)) return alternative === value;
  const [[filter, argument]] = Object.entries(alternative) as [[string, Json]];
  switch (filter) {
    case 'prefix':
      return typeof value === 'string' && (isObject(argument) ? value.toLowerCase().startsWith(String(argument['equals-ignore-case']).toLowerCase()) : value.startsWith(String(argument)));
    case 'suffix':
      return typeof value === 'string' && (isObject(argument) ? value.toLowerCase().endsWith(String(argument['equals-ignore-case']).toLowerCase()) : value.endsWith(String(argument)));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(argument).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(String(argument)).test(value);
    case 'numeric':
      return typeof value === 'number' && numericMatches(argument as Json[], value);
    default:
      return false;
  }
}

function numericMatches(spec: Json[], value: number): boolean {
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const bound = Number(spec[i + 1]);
    const ok = { '=': value === bound, '<': value < bound, '<=': value <= bound, '>': value > bound, '>=': value >= bound }[String(spec[i])];
    if (!ok) return false;
  }
  return true;
}

function wildcardRegExp(text: string): RegExp {
  return new RegExp(`^${text.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}

const FILTERS = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'wildcard']);

function checkPattern(pattern: Pattern, path: string): void {
  for (const [key, value] of Object.entries(pattern)) {
    const where = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) throw invalid(`$or at ${where} must list at least two patterns`);
      for (const alternative of value) checkPattern(alternative as Pattern, path);
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw invalid(`Empty arrays are not allowed (at ${where})`);
      for (const alternative of value) {
        if (!isObject(alternative)) continue;
        const names = Object.keys(alternative);
        if (names.length !== 1 || !FILTERS.has(names[0]!)) throw invalid(`Unrecognized match type ${names.join(',')} (at ${where})`);
        if (names[0] === 'numeric') checkNumeric(alternative.numeric, where);
      }
    } else if (isObject(value)) {
      checkPattern(value as Pattern, where);
    } else {
      throw invalid(`Match value must be String, number, true, false, or null (at ${where}): put it in an array`);
    }
  }
}

function checkNumeric(spec: Json | undefined, where: string): void {
  const ok = Array.isArray(spec) && spec.length % 2 === 0 && spec.length > 0
    && spec.every((item, i) => (i % 2 === 0 ? ['=', '<', '<=', '>', '>='].includes(String(item)) : typeof item === 'number'));
  if (!ok) throw invalid(`Value of numeric must be an array of operators and numbers (at ${where})`);
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
