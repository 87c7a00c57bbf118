// Renders API Gateway mapping templates (Velocity) with $input, $util, $context and
// $stageVariables. Each template text is parsed once and its compiled form reused.
import { Compile, parse } from 'velocityjs';
import { javaMethodHandlers } from './java-methods.js';
import { evaluateJsonPath } from './jsonpath.js';
import { util } from './util.js';

/** What $input sees: the request (request templates) or the integration's answer (response templates). */
export interface TemplateInput {
  body: string;
  pathParameters: Record<string, string>;
  querystring: Record<string, string>;
  /** Header names as received (lower case from Node), looked up case-insensitively. */
  headers: Record<string, string>;
}

export interface TemplateVariables {
  input: TemplateInput;
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
  /** The request's override objects, shared by its request and response templates. */
  overrides?: { requestOverride: Record<string, unknown>; responseOverride: { status?: unknown; header: Record<string, unknown> } };
}

export interface RenderResult {
  output: string;
  /** $context.responseOverride.status / .header.X set by the template. */
  statusOverride?: number;
  headerOverrides: Record<string, string>;
}

const compiled = new Map<string, Compile>();
const MAX_CACHED_TEMPLATES = 2000;

function compiledTemplate(text: string): Compile {
  let template = compiled.get(text);
  if (!template) {
    template = new Compile(parse(text), { escape: false, customMethodHandlers: javaMethodHandlers });
    if (compiled.size >= MAX_CACHED_TEMPLATES) compiled.clear();
    compiled.set(text, template);
  }
  return template;
}

function inputObject(input: TemplateInput) {
  let parsed: { value: unknown } | undefined;
  const document = (): unknown => {
    if (!parsed) {
      const text = input.body.trim();
      if (text === '') parsed = { value: {} };
      else {
        try {
          parsed = { value: JSON.parse(text) };
        } catch {
          parsed = { value: input.body };
        }
      }
    }
    return parsed.value;
  };
  const header = (name: string): string | undefined => {
    const direct = input.headers[name];
    if (direct !== undefined) return direct;
    const lower = name.toLowerCase();
    for (const [key, value] of Object.entries(input.headers)) if (key.toLowerCase() === lower) return value;
    return undefined;
  };
  return {
    body: input.body,
    json(path: string): string {
      const value = evaluateJsonPath(document(), String(path));
      return value === undefined ? '' : JSON.stringify(value);
    },
    path(path: string): unknown {
      return asJavaValue(evaluateJsonPath(document(), String(path)) ?? '');
    },
    params(name?: string): unknown {
      if (name === undefined) return { path: input.pathParameters, querystring: input.querystring, header: input.headers };
      const key = String(name);
      return input.pathParameters[key] ?? input.querystring[key] ?? header(key) ?? '';
    },
  };
}

/**
 * API Gateway's $input.path gives Java maps and lists: rendered, they read `{foo=bar, n=1}` and
 * `[a, {b=c}]` (Java's toString), not `[object Object]` or `a,[object Object]`. The values keep
 * their properties and items; only a non-enumerable toString is added, deep.
 */
function asJavaValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const items = Array.isArray(value) ? value.map(asJavaValue) : undefined;
  const copy: unknown = items ?? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJavaValue(v)]));
  Object.defineProperty(copy, 'toString', { value: () => javaText(copy), enumerable: false });
  return copy;
}

function javaText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  // velocityjs hangs an `eval` function on objects whose methods it calls: not data.
  if (typeof value === 'object') return `{${Object.entries(value).filter(([, v]) => typeof v !== 'function').map(([k, v]) => `${k}=${javaText(v)}`).join(', ')}}`;
  return String(value);
}

/** Velocity acts only on `$` references and `#` directives: a text with neither is its own output. */
const ACTIVE = /[$#]/;

/** `variables` may be a function: built only when the template reads them (a literal one does not). */
export function renderTemplate(text: string, given: TemplateVariables | (() => TemplateVariables)): RenderResult {
  if (!ACTIVE.test(text)) return { output: text, headerOverrides: {} };
  const variables = typeof given === 'function' ? given() : given;
  const responseOverride = variables.overrides?.responseOverride ?? { header: {} };
  const requestOverride = variables.overrides?.requestOverride ?? { path: {}, querystring: {}, header: {} };
  const context = Object.assign({}, variables.context, { responseOverride, requestOverride });
  const output = compiledTemplate(text).render({
    input: inputObject(variables.input),
    util,
    context,
    stageVariables: variables.stageVariables,
  });
  const status = Number(responseOverride.status);
  const headerOverrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(responseOverride.header)) headerOverrides[name] = String(value);
  return { output, statusOverride: Number.isInteger(status) && status > 0 ? status : undefined, headerOverrides };
}
