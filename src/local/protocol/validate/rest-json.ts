// rest-json (Lambda, API Gateway): the operation is found by method + requestUri template
// ({Label} one segment, {Label+} greedy, "?mode=import" a literal query), and its input is
// assembled from the URI labels, query string, headers and JSON body, as the SDK spread it.
import type { AwsRequest } from '../request.js';
import { safeDecode } from '../request.js';
import type { OperationShape, ServiceShapes, Shape } from './shapes.js';

export interface RestMatch {
  name: string;
  labels: Record<string, string>;
}

interface Template {
  name: string;
  method: string;
  segments: string[];
  query: Array<[string, string]>;
}

const templates = new WeakMap<ServiceShapes, Template[]>();

function templatesOf(service: ServiceShapes): Template[] {
  let list = templates.get(service);
  if (!list) {
    list = Object.entries(service.operations).map(([name, op]: [string, OperationShape]) => {
      const [path = '', search = ''] = (op.requestUri ?? '').split('?', 2);
      return { name, method: op.method ?? 'POST', segments: path.split('/').filter(Boolean), query: [...new URLSearchParams(search)] };
    });
    // Templates with literal query members first (ImportRestApi before CreateRestApi).
    list.sort((a, b) => b.query.length - a.query.length);
    templates.set(service, list);
  }
  return list;
}

export function matchRestOperation(service: ServiceShapes, req: AwsRequest): RestMatch | undefined {
  const segments = req.rawPath.split('/').filter(Boolean);
  for (const template of templatesOf(service)) {
    if (template.method !== req.method.toUpperCase()) continue;
    if (!template.query.every(([key, value]) => req.query.get(key) === value)) continue;
    const labels = matchSegments(template.segments, segments);
    if (labels) return { name: template.name, labels };
  }
  return undefined;
}

function matchSegments(template: string[], segments: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i]!;
    const label = /^\{(.+?)(\+)?\}$/.exec(part);
    if (label?.[2]) {
      if (i !== template.length - 1 || segments.length <= i) return undefined;
      labels[label[1]!] = segments.slice(i).map(safeDecode).join('/');
      return labels;
    }
    if (i >= segments.length) return undefined;
    if (label) labels[label[1]!] = safeDecode(segments[i]!);
    else if (part !== segments[i]) return undefined;
  }
  return segments.length === template.length ? labels : undefined;
}

/** The non-body members of the input, as typed values; the body members come from the JSON. */
export function restLocatedMembers(shapes: Record<string, Shape>, input: Shape, match: RestMatch, req: AwsRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(input.members ?? {})) {
    const wire = ref.locationName ?? name;
    const shape = shapes[ref.shape];
    if (ref.location === 'uri') {
      if (match.labels[wire] !== undefined) out[name] = match.labels[wire];
    } else if (ref.location === 'querystring') {
      if (shape?.type === 'list') {
        const values = req.query.getAll(wire);
        if (values.length > 0) out[name] = values;
      } else if (shape?.type !== 'map' && req.query.has(wire)) {
        out[name] = scalar(req.query.get(wire)!, shape);
      }
    } else if (ref.location === 'header') {
      const value = req.headers[wire.toLowerCase()];
      const text = Array.isArray(value) ? value[0] : value;
      if (text !== undefined) out[name] = scalar(text, shape);
    }
  }
  return out;
}

/** A query/header text as its shape's type; text that is not a number stays text (a type fault). */
export function scalar(text: string, shape: Shape | undefined): unknown {
  if (!shape) return text;
  if (shape.type === 'integer' || shape.type === 'long' || shape.type === 'double' || shape.type === 'float') {
    return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  if (shape.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (shape.type === 'timestamp') return text;
  return text;
}
