// The query protocol (IAM, STS): the flat form (Tags.member.1.Key=...) rebuilt into the input
// structure its shape describes, so one checker serves every protocol.
import { scalar } from './rest-json.js';
import type { Shape } from './shapes.js';

const MAX_DEPTH = 16;

export function queryInput(shapes: Record<string, Shape>, shapeName: string, params: Map<string, string>): Record<string, unknown> {
  const keys = [...params.keys()];
  const read = (name: string, prefix: string, depth: number): unknown => {
    const shape = shapes[name];
    if (!shape || depth > MAX_DEPTH) return undefined;
    if (shape.type === 'structure') {
      const out: Record<string, unknown> = {};
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const value = read(ref.shape, prefix ? `${prefix}.${ref.locationName ?? member}` : (ref.locationName ?? member), depth + 1);
        if (value !== undefined) out[member] = value;
      }
      return prefix && Object.keys(out).length === 0 && !keys.some((k) => k.startsWith(`${prefix}.`)) ? undefined : out;
    }
    if (shape.type === 'list') {
      const base = shape.flattened ? prefix : `${prefix}.member`;
      const indexes = indexesUnder(keys, base);
      if (indexes.length === 0) return params.has(prefix) && params.get(prefix) === '' ? [] : undefined;
      return indexes.map((i) => read(shape.member!, `${base}.${i}`, depth + 1));
    }
    if (shape.type === 'map') {
      const base = shape.flattened ? prefix : `${prefix}.entry`;
      const out: Record<string, unknown> = {};
      for (const i of indexesUnder(keys, base)) {
        const key = params.get(`${base}.${i}.key`);
        if (key !== undefined) out[key] = read(shape.value!, `${base}.${i}.value`, depth + 1);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    const text = params.get(prefix);
    return text === undefined ? undefined : scalar(text, shape);
  };
  return (read(shapeName, '', 0) as Record<string, unknown> | undefined) ?? {};
}

function indexesUnder(keys: string[], base: string): number[] {
  const found = new Set<number>();
  const start = `${base}.`;
  for (const key of keys) {
    if (!key.startsWith(start)) continue;
    const index = Number(key.slice(start.length).split('.')[0]);
    if (Number.isInteger(index) && index > 0) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
}
