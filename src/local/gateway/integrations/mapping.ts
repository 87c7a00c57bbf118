// What non-proxy integrations (AWS, HTTP, MOCK) share: choosing and rendering the request template,
// choosing the integration response, and rendering it with its parameters.
import type { Integration, IntegrationResponse } from '../../apigateway/model.js';
import { requestTemplateInput, templateContext, templateOverrides, type Invocation } from '../invocation.js';
import { GatewayError } from '../responses.js';
import type { GatewayResponse } from '../types.js';
import { evaluateJsonPath } from '../vtl/jsonpath.js';
import { renderTemplate } from '../vtl/template.js';

/** The request template for the body's content type, or undefined to pass the body through. */
export function requestTemplateFor(integration: Integration, contentType: string): string | undefined {
  const templates = integration.requestTemplates ?? {};
  const template = templates[contentType];
  if (template !== undefined) return template;
  const behavior = (integration.passthroughBehavior ?? 'WHEN_NO_MATCH').toUpperCase();
  const hasTemplates = Object.keys(templates).length > 0;
  if (behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && hasTemplates)) {
    throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', undefined,
      `No request template for content type "${contentType}" and passthroughBehavior ${behavior} (templates exist for: ${Object.keys(templates).join(', ') || 'none'}).`);
  }
  return undefined;
}

/** Renders the request template (or passes the body through). */
export function renderRequest(inv: Invocation, integration: Integration): string {
  const template = requestTemplateFor(integration, inv.contentType);
  if (template === undefined || template === null) return inv.bodyText;
  try {
    return renderTemplate(template, () => ({
      input: requestTemplateInput(inv),
      context: templateContext(inv),
      stageVariables: inv.stage.variables,
      overrides: templateOverrides(inv),
    })).output;
  } catch (err) {
    throw new GatewayError('INTEGRATION_FAILURE', undefined, `The request template for ${inv.contentType} failed to render: ${(err as Error).message}`);
  }
}

const patterns = new Map<string, RegExp | null>();
/** selectionPattern is a Java regex matched against the whole text. */
function fullMatch(pattern: string, text: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re !== null && re.test(text);
}

/**
 * The integration response whose selectionPattern matches `selector` (a Lambda errorMessage, or an
 * HTTP/MOCK status code), else the default one (no pattern). Undefined when neither exists.
 */
export function selectIntegrationResponse(integration: Integration, selector: string | undefined): IntegrationResponse | undefined {
  const responses = Object.values(integration.integrationResponses ?? {});
  if (selector !== undefined) {
    const matched = responses.find((r) => r.selectionPattern && fullMatch(r.selectionPattern, selector));
    if (matched) return matched;
  }
  return responses.find((r) => !r.selectionPattern);
}

/** What the integration answered, as response templates and parameters see it. */
export interface IntegrationOutput {
  body: string;
  headers: Record<string, string>;
}

function pickTemplate(templates: Record<string, string | null> | undefined, accept: string | undefined): [string, string | undefined] {
  const entries = Object.entries(templates ?? {});
  if (entries.length === 0) return ['application/json', undefined];
  const wanted = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase()).filter((t) => t && t !== '*/*');
  for (const type of wanted) {
    const hit = entries.find(([key]) => key.toLowerCase() === type);
    if (hit) return [hit[0], hit[1] ?? undefined];
  }
  const [type, template] = entries.find(([key]) => key === 'application/json') ?? entries[0]!;
  return [type, template ?? undefined];
}

function parameterValue(expression: string, output: IntegrationOutput, inv: Invocation): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) return literal[1];
  if (expression.startsWith('integration.response.header.')) {
    const name = expression.slice('integration.response.header.'.length).toLowerCase();
    return Object.entries(output.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  }
  if (expression === 'integration.response.body') return output.body;
  if (expression.startsWith('integration.response.body.')) {
    try {
      const value = evaluateJsonPath(JSON.parse(output.body), `$.${expression.slice('integration.response.body.'.length)}`);
      return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      return undefined;
    }
  }
  if (expression.startsWith('method.request.')) return methodRequestValue(expression, inv);
  if (expression.startsWith('stageVariables.')) return inv.stage.variables[expression.slice('stageVariables.'.length)];
  if (expression.startsWith('context.')) {
    const value = evaluateJsonPath(templateContext(inv), `$.${expression.slice('context.'.length)}`);
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

/** method.request.{path|querystring|header}.NAME */
export function methodRequestValue(expression: string, inv: Invocation): string | undefined {
  const m = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(expression);
  if (!m) return undefined;
  const name = m[2]!;
  if (m[1] === 'path') return inv.pathParameters[name];
  if (m[1]!.endsWith('querystring')) return inv.querystring[name];
  return inv.headers[name.toLowerCase()];
}

/** Builds the method response from an integration response. */
export function renderIntegrationResponse(inv: Invocation, integrationResponse: IntegrationResponse, output: IntegrationOutput): GatewayResponse {
  const [contentType, template] = pickTemplate(integrationResponse.responseTemplates, inv.headers.accept);
  let status = Number(integrationResponse.statusCode) || 200;
  let body = output.body;
  const headers: Record<string, string> = { 'content-type': contentType };
  if (template) {
    try {
      const rendered = renderTemplate(template, () => ({
        input: { body: output.body, pathParameters: inv.pathParameters, querystring: inv.querystring, headers: inv.clientHeaders.single },
        context: templateContext(inv),
        stageVariables: inv.stage.variables,
        overrides: templateOverrides(inv),
      }));
      body = rendered.output;
    } catch (err) {
      throw new GatewayError('INTEGRATION_FAILURE', undefined, `The response template for ${integrationResponse.statusCode} failed to render: ${(err as Error).message}`);
    }
  }
  // An override set by the request template applies too, with or without a response template.
  const { responseOverride } = templateOverrides(inv);
  const overridden = Number(responseOverride.status);
  if (Number.isInteger(overridden) && overridden > 0) status = overridden;
  for (const [name, value] of Object.entries(responseOverride.header)) setHeader(headers, name, String(value));
  for (const [target, expression] of Object.entries(integrationResponse.responseParameters ?? {})) {
    const m = /^method\.response\.header\.(.+)$/.exec(target);
    if (!m) continue;
    const value = parameterValue(expression, output, inv);
    if (value !== undefined) setHeader(headers, m[1]!, value);
  }
  return { status, headers, body };
}

/** Sets a header, replacing one of the same name in any letter case. */
export function setHeader(headers: Record<string, string | string[]>, name: string, value: string | string[]): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
  headers[name] = value;
}

/** Substitutes ${stageVariables.x} in a URI (or any integration string). */
export function withStageVariables(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\{stageVariables\.([A-Za-z0-9_\-.:/]+)\}/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new GatewayError('INTEGRATION_FAILURE', undefined, `The integration uses \${stageVariables.${name}} but stage variables have no "${name}".`);
    return value;
  });
}

export { parameterValue as integrationParameterValue };
