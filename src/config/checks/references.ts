// Every reference names something the config defines: tables a function uses, and the
// `${table:X}`, `${function:X.arn}`, `${api:X.url}` ... references in its strings.
import { REFERENCE_FORMS, findReferences, referenceSites, type Reference } from '../references.js';
import type { CheckContext } from './context.js';

export function checkReferences(ctx: CheckContext): void {
  const { config } = ctx;
  const tables = Object.keys(config.tables ?? {});
  for (const [key, fn] of Object.entries(config.functions)) {
    for (const table of Object.keys(fn.tables ?? {})) {
      if (!tables.includes(table)) {
        ctx.problems.add(ctx.configFile, ctx.at('functions', key, 'tables', table), `table "${table}" is not defined`,
          tables.length ? `use one of ${tables.join(', ')}, or add it under "tables"` : 'add it under "tables"');
      }
    }
    for (const site of referenceSites(fn)) {
      for (const match of findReferences(site.text)) {
        const at = () => ctx.at('functions', key, ...site.path); // only for a problem: naming a line parses the file again
        if (!match.ref) {
          ctx.problems.add(ctx.configFile, at(), match.error ?? `bad reference ${match.text}`, `use one of ${REFERENCE_FORMS}`);
          continue;
        }
        const wrong = missingTarget(ctx, match.ref);
        if (wrong) ctx.problems.add(ctx.configFile, at(), `${match.text}: ${wrong.message}`, wrong.fix);
      }
    }
  }
}

function missingTarget(ctx: CheckContext, ref: Reference): { message: string; fix: string } | undefined {
  const { config } = ctx;
  const pick = (kind: string, keys: string[], key: string) =>
    keys.includes(key)
      ? undefined
      : { message: `${kind} "${key}" is not defined`, fix: keys.length ? `use one of ${keys.join(', ')}` : `add "${key}" under "${kind}s"` };
  switch (ref.kind) {
    case 'builtin':
      return undefined;
    case 'table':
      return pick('table', Object.keys(config.tables ?? {}), ref.key);
    case 'function':
      return pick('function', Object.keys(config.functions), ref.key);
    case 'api':
      return pick('api', Object.keys(config.apis ?? {}), ref.key);
    case 'apiStageUrl': {
      const missing = pick('api', Object.keys(config.apis ?? {}), ref.key);
      if (missing) return missing;
      const stages = stageNamesOf(ctx, ref.key);
      return stages.includes(ref.stage)
        ? undefined
        : { message: `API "${ref.key}" has no stage "${ref.stage}"`, fix: `use one of ${stages.join(', ')}` };
    }
  }
}

export function stageNamesOf(ctx: Pick<CheckContext, 'config' | 'stage'>, apiKey: string): string[] {
  const stages = ctx.config.apis?.[apiKey]?.stages;
  return stages && Object.keys(stages).length ? Object.keys(stages) : [ctx.stage];
}
