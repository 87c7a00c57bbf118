// CloudWatch Logs term filter patterns: `ERROR` (term), `ERROR timeout` (all terms),
// `"exact phrase"`, `?ERROR ?WARN` (any of), `-DEBUG` (exclude). Terms are case-sensitive, as AWS.
import { AwsServiceError } from '../protocol/errors.js';

export type LogMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new AwsServiceError('InvalidParameterException',
      `The local cloud supports term filter patterns (ERROR, "a phrase", ?A ?B, -DEBUG), not JSON or space-delimited patterns: ${text}`, 400);
  }
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const match of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
    if (match[1] === '?') anyOf.push(term);
    else if (match[1] === '-') excluded.push(term);
    else required.push(term);
  }
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (anyOf.length === 0 || anyOf.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}
