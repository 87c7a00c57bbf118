// Mapping expressions API Gateway checks when an integration is put: a request parameter may only
// read method.request.* parameters the method declares, and an integration response may only set
// method.response.header.* headers its method response declares. AWS refuses both with
// "Invalid mapping expression specified"; catching them locally saves a failed deploy.
import type { Integration, IntegrationResponse, Method } from './model.js';

const METHOD_REQUEST = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/;
const URI_ARN = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:[a-z0-9.-]+:(path|action)\/.+/;

/** Problems with the integration's request parameters and URI, as sentences. */
export function integrationProblems(method: Method, integration: Integration): string[] {
  const problems: string[] = [];
  const declared = new Set(Object.keys(method.requestParameters ?? {}));
  for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
    const match = METHOD_REQUEST.exec(source);
    if (!match) continue;
    const location = match[1]!.replace(/^multivalue/, '');
    if (!declared.has(`method.request.${location}.${match[2]}`)) {
      problems.push(
        `Invalid mapping expression specified: ${source} (mapped to ${target}) is not a request parameter of the method; declare it in the method's parameters (requestParameters).`,
      );
    }
  }
  const uri = integration.uri ?? '';
  if ((integration.type === 'AWS' || integration.type === 'AWS_PROXY') && !URI_ARN.test(uri)) {
    problems.push(
      `Invalid ARN specified in the request: '${uri}'. An ${integration.type} integration URI looks like arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations.`,
    );
  }
  const proxyTarget = /:lambda:path\/\d{4}-\d{2}-\d{2}\/functions\/.+\/invocations$|:firehose:action\//;
  if (integration.type === 'AWS_PROXY' && URI_ARN.test(uri) && !proxyTarget.test(uri)) {
    problems.push("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
  }
  if ((integration.type === 'HTTP' || integration.type === 'HTTP_PROXY') && !/^https?:\/\/\S+$/i.test(uri)) {
    problems.push(`Invalid HTTP endpoint specified for URI: '${uri}'. Use an absolute http:// or https:// URL.`);
  }
  return problems;
}

/** Problems with an integration response's header mappings against the method response. */
export function integrationResponseProblems(method: Method, response: IntegrationResponse): string[] {
  const declared = new Set(Object.keys(method.methodResponses?.[response.statusCode]?.responseParameters ?? {}));
  return Object.keys(response.responseParameters ?? {})
    .filter((target) => target.startsWith('method.response.header.') && !declared.has(target))
    .map(
      (target) =>
        `Invalid mapping expression specified: ${target} is not declared by the method response ${response.statusCode}; add the header to that response (headers / responseParameters).`,
    );
}
