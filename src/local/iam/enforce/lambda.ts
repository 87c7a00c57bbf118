// What AWS authorizes the Lambda operations enforced so far against: ListFunctions on "*",
// Invoke (lambda:InvokeFunction) on the function ARN, qualified when a version or alias is named.
import { parseFunctionRef } from '../../lambda/names.js';
import type { RequiredPermission } from './dynamodb.js';

export function lambdaPermission(method: string, path: string, query: URLSearchParams, region: string, accountId: string): RequiredPermission | undefined {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] !== '2015-03-31' || segments[1] !== 'functions') return undefined;
  if (segments.length === 2 && method === 'GET') return { action: 'lambda:ListFunctions', resources: ['*'] };
  if (segments.length === 4 && segments[3] === 'invocations' && method === 'POST') {
    let ref;
    try {
      ref = parseFunctionRef(segments[2]!);
    } catch {
      return undefined; // Lambda answers the malformed name itself.
    }
    const qualifier = ref.qualifier ?? query.get('Qualifier') ?? undefined;
    return { action: 'lambda:InvokeFunction', resources: [`arn:aws:lambda:${region}:${accountId}:function:${ref.name}${qualifier ? `:${qualifier}` : ''}`] };
  }
  return undefined;
}
