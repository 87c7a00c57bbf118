// Java methods that API Gateway templates call on strings, lists and maps ($s.length(),
// $s.contains('x'), $list.isEmpty(), $map.containsKey('k') ...), which JavaScript values lack.
import type { Compile } from 'velocityjs';

type CompileConfig = NonNullable<ConstructorParameters<typeof Compile>[1]>;
type Handler = NonNullable<CompileConfig['customMethodHandlers']>[number];
interface Payload {
  property: string;
  context: unknown;
  params: unknown[];
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const regexCache = new Map<string, RegExp>();
function javaRegex(pattern: unknown, flags = ''): RegExp {
  const key = `${flags}/${String(pattern)}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(String(pattern), flags);
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

const methods: Record<string, (p: Payload) => { handled: boolean; value?: unknown }> = {
  length: ({ context }) => (typeof context === 'string' ? { handled: true, value: context.length } : { handled: false }),
  isEmpty: ({ context }) => {
    if (typeof context === 'string' || Array.isArray(context)) return { handled: true, value: context.length === 0 };
    if (isMap(context)) return { handled: true, value: Object.keys(context).length === 0 };
    return { handled: false };
  },
  contains: ({ context, params }) => {
    if (typeof context === 'string') return { handled: true, value: context.includes(String(params[0])) };
    if (Array.isArray(context)) return { handled: true, value: context.includes(params[0]) };
    return { handled: false };
  },
  containsKey: ({ context, params }) => (isMap(context) ? { handled: true, value: Object.prototype.hasOwnProperty.call(context, String(params[0])) } : { handled: false }),
  equals: ({ context, params }) => ({ handled: true, value: context === params[0] || String(context) === String(params[0]) }),
  equalsIgnoreCase: ({ context, params }) => ({ handled: true, value: String(context).toLowerCase() === String(params[0]).toLowerCase() }),
  matches: ({ context, params }) => (typeof context === 'string' ? { handled: true, value: javaRegex(`^(?:${String(params[0])})$`).test(context) } : { handled: false }),
  replaceAll: ({ context, params }) => (typeof context === 'string' ? { handled: true, value: context.replace(javaRegex(params[0], 'g'), String(params[1])) } : { handled: false }),
  split: ({ context, params }) => (typeof context === 'string' ? { handled: true, value: context.split(javaRegex(params[0])) } : { handled: false }),
};

/** Handlers for velocityjs: each matches only when the JavaScript value has no such method. */
export const javaMethodHandlers: Handler[] = Object.entries(methods).map(([name, run]) => ({
  uid: `java: ${name}`,
  match: (payload: Payload) => {
    if (payload.property !== name) return false;
    // split and replaceAll exist in JavaScript too, but take a regex in Java: ours win for strings.
    if (name !== 'split' && name !== 'replaceAll' && typeof (payload.context as Record<string, unknown>)?.[name] === 'function') return false;
    return run(payload).handled;
  },
  resolve: (payload: Payload) => run(payload).value,
}));
