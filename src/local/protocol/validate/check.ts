// Checks a decoded input value against its botocore shape, collecting AWS's validation messages
// ("Value 'x' at 'functionName' failed to satisfy constraint: ..."). A value of the wrong JSON
// type is a serialization fault, reported apart: AWS refuses it before any constraint check.
import { matchesPattern } from './patterns.js';

/** Longest over-long value a pattern is still checked on (AWS reports both violations). */
const MAX_PATTERN_INPUT = 4096;
import type { Shape } from './shapes.js';

export interface CheckResult {
  /** Constraint violations, in AWS's wording. */
  violations: string[];
  /** The first value whose type does not fit its shape, if any. */
  typeFault?: string;
  /** The first null element of a list or value of a map, if any. */
  nullElement?: string;
}

const MAX_VIOLATIONS = 10;
const ECHO_LIMIT = 256;

export class ShapeChecker {
  readonly result: CheckResult = { violations: [] };

  constructor(private readonly shapes: Record<string, Shape>) {}

  check(value: unknown, shapeName: string, path: string): void {
    if (this.result.typeFault) return;
    const shape = this.shapes[shapeName];
    if (!shape || value === undefined || value === null) return;
    switch (shape.type) {
      case 'structure':
        return this.structure(value, shape, path);
      case 'list':
        if (!Array.isArray(value)) return this.typeFault(value, 'a list', path);
        this.size(value, value.length, shape, path);
        value.forEach((item, i) => this.item(item, shape.member!, `${path}.${i + 1}.member`));
        return;
      case 'map':
        if (!isObject(value)) return this.typeFault(value, 'a map', path);
        this.size(value, Object.keys(value).length, shape, path);
        for (const [key, item] of Object.entries(value)) {
          this.check(key, shape.key!, `${path}.key`);
          this.item(item, shape.value!, `${path}.${key}`);
        }
        return;
      case 'string':
        if (Buffer.isBuffer(value)) return; // a raw payload
        if (typeof value !== 'string') return this.typeFault(value, 'a string', path);
        return this.string(value, shape, path);
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value)) return this.typeFault(value, 'an integer', path);
        return this.range(value, shape, path);
      case 'double':
      case 'float':
        if (typeof value !== 'number') return this.typeFault(value, 'a number', path);
        return this.range(value, shape, path);
      case 'boolean':
        if (typeof value !== 'boolean') return this.typeFault(value, 'a boolean', path);
        return;
      case 'timestamp':
        if (typeof value !== 'number' && typeof value !== 'string') return this.typeFault(value, 'a timestamp', path);
        return;
      case 'blob':
        if (typeof value !== 'string' && !Buffer.isBuffer(value)) return this.typeFault(value, 'a base64 string', path);
        return this.size(value, value.length, shape, path);
      default:
        return; // document: any JSON
    }
  }

  /** A null member of a structure is an absent one; a null element of a list or map is a fault. */
  private item(value: unknown, shapeName: string, path: string) {
    if (value === null) {
      this.result.nullElement ??= `Expected a value at '${path}' but found null`;
      return this.typeFault(value, 'a value', path);
    }
    this.check(value, shapeName, path);
  }

  /** A required member that is absent: "Value null at 'x' failed ... Member must not be null". */
  missing(path: string): void {
    this.violation(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  }

  private structure(value: unknown, shape: Shape, path: string) {
    if (!isObject(value)) return this.typeFault(value, 'a structure', path);
    for (const name of shape.required ?? []) {
      if (value[name] === undefined || value[name] === null) this.missing(join(path, name));
    }
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      if (Object.hasOwn(value, name)) this.check(value[name], ref.shape, join(path, name));
    }
  }

  private string(value: string, shape: Shape, path: string) {
    const before = this.result.violations.length;
    this.size(value, value.length, shape, path);
    if (shape.enum && !shape.enum.includes(value)) {
      this.violation(`${this.subject(value, path)}Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    }
    // AWS reports a broken pattern beside a broken length; but no regular expression sees megabytes.
    if (shape.pattern && (this.result.violations.length === before || value.length <= MAX_PATTERN_INPUT) && !matchesPattern(shape.pattern, value)) {
      this.violation(`${this.subject(value, path)}Member must satisfy regular expression pattern: ${shape.pattern}`);
    }
  }

  private size(value: unknown, size: number, shape: Shape, path: string) {
    if (shape.min !== undefined && size < shape.min) this.violation(`${this.subject(value, path)}Member must have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && size > shape.max) this.violation(`${this.subject(value, path)}Member must have length less than or equal to ${shape.max}`);
  }

  private range(value: number, shape: Shape, path: string) {
    if (shape.min !== undefined && value < shape.min) this.violation(`${this.subject(value, path)}Member must have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && value > shape.max) this.violation(`${this.subject(value, path)}Member must have value less than or equal to ${shape.max}`);
  }

  private subject(value: unknown, path: string): string {
    return `Value ${echo(value)} at '${path}' failed to satisfy constraint: `;
  }

  private violation(message: string) {
    if (this.result.violations.length < MAX_VIOLATIONS) this.result.violations.push(message);
  }

  typeFault(value: unknown, expected: string, path: string) {
    this.result.typeFault ??= `Expected ${expected} at '${path}' but found ${jsonKind(value)}`;
  }
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const join = (path: string, member: string) => (path ? `${path}.${lowerFirst(member)}` : lowerFirst(member));

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${echo(value)}`;
}

function echo(value: unknown): string {
  const text = typeof value === 'string' ? value : Array.isArray(value) ? `[${value.map(String).join(', ')}]` : isObject(value) ? '{...}' : String(value);
  return `'${text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}...` : text}'`;
}

/** Depth of nested arrays/objects, counted without recursion (a hostile body can be deep). */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The JSON value without null members of objects (AWS reads a null member as an absent one). */
export function withoutNullMembers(value: unknown): { value: unknown; dropped: boolean } {
  let dropped = false;
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (child === null) dropped = true;
      else Object.defineProperty(out, key, { value: strip(child), enumerable: true, writable: true, configurable: true }); // "__proto__" too
    }
    return out;
  };
  const result = strip(value);
  return { value: result, dropped };
}
