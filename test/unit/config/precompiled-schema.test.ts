// The build precompiles the config schema (scripts/gen-config-validator.mjs): the built CLI
// validates with that code, and it judges configs exactly as the schema compiled at run time.
import { describe, expect, it } from 'vitest';
import { Problems } from '../../../src/config/problems.js';
import { parseSource, type ParsedSource } from '../../../src/config/source.js';
import * as fromSource from '../../../src/config/schema.js';

const built = (await import('../../../dist/src/config/schema.js')) as typeof fromSource;

const samples = [
  { project: 'ok', functions: { hello: { handler: 'handlers/hello.mjs', runtime: 'nodejs22.x' } } },
  { project: 'Bad Name!', functions: { hello: { handler: 1, runtime: 'nodejs9.x', extra: true } } },
  { functions: {} },
];

function problemsOf(validate: typeof fromSource.validateAgainstSchema, value: unknown): string[] {
  const problems = new Problems();
  validate(parseSource(JSON.stringify(value, null, 2), 'json') as ParsedSource, 'discovery.config.json', problems);
  return problems.list.map((p) => JSON.stringify(p));
}

describe('the precompiled config schema', () => {
  it('is what the built CLI validates with', () => {
    expect(built.usesPrecompiledSchema()).toBe(true);
    expect(fromSource.usesPrecompiledSchema()).toBe(false);
  });

  it('finds the same problems as the schema compiled at run time', () => {
    for (const sample of samples) expect(problemsOf(built.validateAgainstSchema, sample)).toEqual(problemsOf(fromSource.validateAgainstSchema, sample));
    expect(problemsOf(built.validateAgainstSchema, samples[1]).length).toBeGreaterThan(0);
  });
});
