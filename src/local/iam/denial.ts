// AWS's access-denied sentence, word for word: "User: P is not authorized to perform: A on
// resource: R because no identity-based policy allows the A action" (implicit) or "... with an
// explicit deny in an identity-based policy" (explicit); resource-based wording likewise.
import type { EvaluationResult, PolicyType } from './evaluate/index.js';

const policyTypeText: Record<PolicyType, string> = { identity: 'identity-based', resource: 'resource-based' };
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

export function accessDeniedMessage(principalArn: string, action: string, resource: string, result: Pick<EvaluationResult, 'decision' | 'policyType'>): string {
  const head = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
  const type = policyTypeText[result.policyType ?? 'identity'];
  return result.decision === 'ExplicitDeny' ? `${head} with an explicit deny in ${article(type)} ${type} policy` : `${head} because no ${type} policy allows the ${action} action`;
}
