// Security schemes with x-amazon-apigateway-authorizer become the API's authorizers, named after
// the scheme, as API Gateway imports them (every such scheme, used or not).
import type { Authorizer } from '../model.js';
import { authorizerProblem } from '../ops/authorizers.js';
import { isObject, type JsonObject, type SpecKind } from './parse.js';

export type ImportedAuthorizer = Omit<Authorizer, 'id'>;

export function authorizerTypeOf(scheme: JsonObject): Authorizer['type'] {
  const spec = isObject(scheme['x-amazon-apigateway-authorizer']) ? scheme['x-amazon-apigateway-authorizer'] : {};
  const type = String(spec.type ?? scheme['x-amazon-apigateway-authtype'] ?? 'token').toUpperCase();
  return type === 'REQUEST' ? 'REQUEST' : type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'TOKEN';
}

export function readAuthorizers(kind: SpecKind, doc: JsonObject, errors: string[]): ImportedAuthorizer[] {
  const schemes = (kind === 'swagger2' ? doc.securityDefinitions : isObject(doc.components) ? doc.components.securitySchemes : undefined) ?? {};
  if (!isObject(schemes)) return [];
  const out: ImportedAuthorizer[] = [];
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isObject(scheme)) continue;
    const authType = typeof scheme['x-amazon-apigateway-authtype'] === 'string' ? scheme['x-amazon-apigateway-authtype'] : undefined;
    if (scheme['x-amazon-apigateway-authorizer'] === undefined && authType?.toLowerCase() !== 'cognito_user_pools') continue;
    const spec = isObject(scheme['x-amazon-apigateway-authorizer']) ? scheme['x-amazon-apigateway-authorizer'] : {};
    const type = authorizerTypeOf(scheme);
    const header = scheme.in === 'header' && typeof scheme.name === 'string' ? `method.request.header.${scheme.name}` : undefined;
    const authorizer: ImportedAuthorizer = { name, type };
    if (authType !== undefined) authorizer.authType = authType;
    if (typeof spec.authorizerUri === 'string') authorizer.authorizerUri = spec.authorizerUri;
    if (typeof spec.authorizerCredentials === 'string') authorizer.authorizerCredentials = spec.authorizerCredentials;
    if (Array.isArray(spec.providerARNs)) authorizer.providerARNs = spec.providerARNs.map(String);
    // An empty identitySource falls back to the scheme's header, as AWS imports it (recorded).
    const identitySource = typeof spec.identitySource === 'string' && spec.identitySource !== '' ? spec.identitySource : header;
    if (identitySource !== undefined) authorizer.identitySource = identitySource;
    if (typeof spec.identityValidationExpression === 'string') authorizer.identityValidationExpression = spec.identityValidationExpression;
    if (typeof spec.authorizerResultTtlInSeconds === 'number') authorizer.authorizerResultTtlInSeconds = spec.authorizerResultTtlInSeconds;
    const problem = authorizerProblem(authorizer);
    if (problem) errors.push(`Unable to create authorizer '${name}': ${problem}`);
    else out.push(authorizer);
  }
  return out;
}
