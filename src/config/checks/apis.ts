// API-level checks: stage aliases all-or-none, `${stageVariables.lambdaAlias}` backed by a
// stage alias or variable, and usage plans naming existing APIs, stages and keys.
import type { CheckContext } from './context.js';
import { stageNamesOf } from './references.js';

export function checkStageAliases(ctx: CheckContext): void {
  for (const [key, api] of Object.entries(ctx.config.apis ?? {})) {
    const stages = Object.entries(api.stages ?? {});
    const withAlias = stages.filter(([, s]) => s.alias !== undefined).map(([name]) => name);
    if (withAlias.length > 0 && withAlias.length < stages.length) {
      const without = stages.filter(([, s]) => s.alias === undefined).map(([name]) => name);
      ctx.problems.add(ctx.configFile, ctx.at('apis', key, 'stages'),
        `stages ${withAlias.join(', ')} set "alias" but ${without.join(', ')} do not; the definition's \${stageVariables.lambdaAlias} would be empty there`,
        `set "alias" on every stage of API "${key}", or on none`);
    }
    const loaded = ctx.apis[key];
    if (!loaded || !JSON.stringify(loaded.document).includes('${stageVariables.lambdaAlias}')) continue;
    const bare = stageNamesOf(ctx, key).filter((name) => {
      const s = api.stages?.[name];
      return s?.alias === undefined && s?.variables?.lambdaAlias === undefined;
    });
    if (bare.length) {
      ctx.problems.add(ctx.configFile, ctx.at('apis', key),
        `the definition invokes \${stageVariables.lambdaAlias} but stage ${bare.join(', ')} names no alias`,
        `give each stage of API "${key}" an "alias" (e.g. "stages": { "${bare[0]}": { "alias": "live" } })`);
    }
  }
}

export function checkUsagePlans(ctx: CheckContext): void {
  const apis = Object.keys(ctx.config.apis ?? {});
  const keys = Object.keys(ctx.config.apiKeys ?? {});
  for (const [planKey, plan] of Object.entries(ctx.config.usagePlans ?? {})) {
    plan.apiStages.forEach((entry, i) => {
      if (!apis.includes(entry.api)) {
        ctx.problems.add(ctx.configFile, ctx.at('usagePlans', planKey, 'apiStages', i, 'api'), `API "${entry.api}" is not defined`,
          apis.length ? `use one of ${apis.join(', ')}` : 'add it under "apis"');
        return;
      }
      const stages = stageNamesOf(ctx, entry.api);
      (entry.stages ?? []).forEach((stage, j) => {
        if (!stages.includes(stage)) {
          ctx.problems.add(ctx.configFile, ctx.at('usagePlans', planKey, 'apiStages', i, 'stages', j),
            `API "${entry.api}" has no stage "${stage}" (for --stage ${ctx.stage})`, `use one of ${stages.join(', ')}`);
        }
      });
    });
    (plan.keys ?? []).forEach((k, i) => {
      if (!keys.includes(k)) {
        ctx.problems.add(ctx.configFile, ctx.at('usagePlans', planKey, 'keys', i), `API key "${k}" is not defined`,
          keys.length ? `use one of ${keys.join(', ')}` : 'add it under "apiKeys"');
      }
    });
  }
}

// Lambda refuses these names in Environment.Variables.
const RESERVED_ENV = /^(_HANDLER|_X_AMZN_TRACE_ID|AWS_REGION|AWS_EXECUTION_ENV|AWS_LAMBDA_\w+|AWS_ACCESS_KEY(_ID)?|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|LAMBDA_TASK_ROOT|LAMBDA_RUNTIME_DIR)$/;

export function checkEnvironmentNames(ctx: CheckContext): void {
  for (const [key, fn] of Object.entries(ctx.config.functions)) {
    for (const name of Object.keys(fn.environment ?? {})) {
      if (RESERVED_ENV.test(name)) {
        ctx.problems.add(ctx.configFile, ctx.at('functions', key, 'environment', name), `${name} is reserved by Lambda`, 'choose another name');
      }
    }
  }
}
