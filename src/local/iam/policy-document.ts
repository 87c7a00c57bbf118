// Policy documents are checked the way IAM checks them, so a malformed policy fails locally
// before it fails on AWS.
import { AwsServiceError } from '../protocol/errors.js';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

const malformed = (message: string) => new AwsServiceError('MalformedPolicyDocument', message, 400);

/**
 * Validates a policy document. `requireCurrentVersion` is IAM's rule for permission policies
 * (inline and managed): Version must be 2012-10-17. Trust policies accept either version.
 */
export function validatePolicyDocument(text: string, requireCurrentVersion: boolean): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('Syntax errors in policy. The policy document is not valid JSON.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('Syntax errors in policy. The policy document must be a JSON object.');
  const record = doc as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !TOP_LEVEL.has(key));
  if (unknown.length) throw malformed(`Syntax errors in policy. Unknown top-level element(s): ${unknown.join(', ')}.`);
  if ('Version' in record && !VERSIONS.has(String(record.Version))) throw malformed('Syntax errors in policy. Version must be 2012-10-17.');
  const statements = record.Statement;
  if (statements === undefined) throw malformed('Syntax errors in policy. The policy document has no Statement.');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0 || list.some((s) => !s || typeof s !== 'object' || Array.isArray(s))) {
    throw malformed('Syntax errors in policy. Statement must be an object or a non-empty list of objects.');
  }
  for (const statement of list as Record<string, unknown>[]) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw malformed('Syntax errors in policy. Each statement needs Effect "Allow" or "Deny".');
  }
  if (requireCurrentVersion && record.Version !== '2012-10-17') throw malformed('Policy document must be version 2012-10-17 or greater.');
}
