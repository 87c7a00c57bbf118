// Condition keys are case-insensitive; values are compared as strings, multi-valued keys as sets.
import type { ContextValue } from './types.js';

export type ContextLookup = (key: string) => string[] | undefined;

export function contextLookup(context: Record<string, ContextValue | undefined> = {}): ContextLookup {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    byKey.set(key.toLowerCase(), (Array.isArray(value) ? value : [value]).map(String));
  }
  return (key) => byKey.get(key.toLowerCase());
}
