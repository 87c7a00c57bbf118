// How an operation's `security` (and x-amazon-apigateway-auth) becomes authorizationType and
// apiKeyRequired, from securityDefinitions (Swagger 2) or components.securitySchemes (OpenAPI 3).
import { authorizerTypeOf } from './authorizers.js';
import { isObject, type JsonObject, type SpecKind } from './parse.js';

export interface MethodSecurity {
  authorizationType: string;
  apiKeyRequired: boolean;
  /** The security scheme naming the Lambda or Cognito authorizer (resolved to an id on apply). */
  authorizerName?: string;
  authorizationScopes?: string[];
}

export function securityOf(kind: SpecKind, doc: JsonObject, op: JsonObject, where: string, warnings: string[]): MethodSecurity {
  const result: MethodSecurity = { authorizationType: 'NONE', apiKeyRequired: false };
  const schemes = (kind === 'swagger2' ? doc.securityDefinitions : isObject(doc.components) ? doc.components.securitySchemes : undefined) ?? {};
  const requirements = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  for (const requirement of requirements) {
    if (!isObject(requirement)) continue;
    for (const name of Object.keys(requirement)) {
      const scheme = isObject(schemes) ? schemes[name] : undefined;
      if (!isObject(scheme)) {
        warnings.push(`Unable to apply security '${name}' to '${where}': no such security definition.`);
        continue;
      }
      const authType = typeof scheme['x-amazon-apigateway-authtype'] === 'string' ? scheme['x-amazon-apigateway-authtype'].toLowerCase() : undefined;
      if (authType === 'awssigv4') result.authorizationType = 'AWS_IAM';
      else if (scheme['x-amazon-apigateway-authorizer'] !== undefined || authType === 'cognito_user_pools') {
        // Never imported open: a Lambda authorizer runs in the data plane, a Cognito one refuses (see authorizers.ts).
        const cognito = authorizerTypeOf(scheme) === 'COGNITO_USER_POOLS';
        result.authorizationType = cognito ? 'COGNITO_USER_POOLS' : 'CUSTOM';
        result.authorizerName = name;
        const scopes = requirement[name];
        if (cognito && Array.isArray(scopes) && scopes.length) result.authorizationScopes = scopes.map(String);
      } else if (scheme.type === 'apiKey' && scheme.in === 'header' && String(scheme.name).toLowerCase() === 'x-api-key') {
        result.apiKeyRequired = true;
      } else {
        warnings.push(`Security '${name}' on '${where}' has a type API Gateway does not support (only an x-api-key header key or awsSigv4); it is ignored.`);
      }
    }
  }
  const auth = op['x-amazon-apigateway-auth'];
  if (isObject(auth) && typeof auth.type === 'string') {
    const type = auth.type.toLowerCase();
    if (type === 'aws_iam') result.authorizationType = 'AWS_IAM';
    else if (type === 'none') result.authorizationType = 'NONE';
    else warnings.push(`x-amazon-apigateway-auth type '${auth.type}' on '${where}' is not supported; use aws_iam or none.`);
  }
  return result;
}
