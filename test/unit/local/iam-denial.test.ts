// AWS's denial text, word for word, for each kind of refusal.
import { describe, expect, it } from 'vitest';
import { accessDeniedMessage } from '../../../src/local/iam/denial.js';

const SESSION = 'arn:aws:sts::000000000000:assumed-role/music-role/music-fn';
const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/Other';

describe("AWS's access-denied message", () => {
  it.each([
    { result: { decision: 'ImplicitDeny', policyType: 'identity' }, text: `User: ${SESSION} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} because no identity-based policy allows the dynamodb:PutItem action` },
    { result: { decision: 'ExplicitDeny', policyType: 'identity' }, text: `User: ${SESSION} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} with an explicit deny in an identity-based policy` },
    { result: { decision: 'ImplicitDeny', policyType: 'resource' }, text: `User: ${SESSION} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} because no resource-based policy allows the dynamodb:PutItem action` },
    { result: { decision: 'ExplicitDeny', policyType: 'resource' }, text: `User: ${SESSION} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} with an explicit deny in a resource-based policy` },
  ] as const)('$result.decision in a $result.policyType policy', ({ result, text }) => {
    expect(accessDeniedMessage(SESSION, 'dynamodb:PutItem', TABLE, result)).toBe(text);
  });
});
