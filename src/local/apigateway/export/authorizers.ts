// How a method's authorizer appears in an export: a security requirement naming a scheme called
// after the authorizer, with x-amazon-apigateway-authorizer when the authorizers (or apigateway)
// extension is asked for, so that importing the export secures the method again.
import type { Authorizer, Method } from '../model.js';

type Json = Record<string, unknown>;

export function authorizerSecurity(method: Method, authorizers: Record<string, Authorizer> | undefined, withAuthorizers: boolean, schemes: Json): Json | undefined {
  if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') return undefined;
  const authorizer = method.authorizerId ? authorizers?.[method.authorizerId] : undefined;
  if (!authorizer) return undefined;
  const header = /^method\.request\.header\.([^,\s]+)$/.exec(authorizer.identitySource ?? '')?.[1] ?? 'Unused';
  const scheme: Json = { type: 'apiKey', name: header, in: 'header', 'x-amazon-apigateway-authtype': authorizer.authType ?? (authorizer.type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom') };
  if (withAuthorizers) {
    const spec: Json = { type: authorizer.type.toLowerCase() };
    for (const key of ['authorizerUri', 'authorizerCredentials', 'identitySource', 'identityValidationExpression', 'authorizerResultTtlInSeconds', 'providerARNs'] as const) {
      if (authorizer[key] !== undefined) spec[key] = authorizer[key];
    }
    scheme['x-amazon-apigateway-authorizer'] = spec;
  }
  schemes[authorizer.name] = scheme;
  return { [authorizer.name]: method.authorizationScopes ?? [] };
}
