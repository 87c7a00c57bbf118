// Resource names carry project and stage; with long keys they can pass AWS's limits.
import { apiName, functionName, functionRoleName, tableName } from '../project.js';
import type { CheckContext } from './context.js';

export const NAME_LIMITS = { function: 64, role: 64, table: 255, api: 1024 } as const;

export function checkNameLengths(ctx: CheckContext): void {
  const project = { config: ctx.config, stage: ctx.stage };
  const over = (kind: keyof typeof NAME_LIMITS, name: string, path: (string | number)[]) => {
    if (name.length <= NAME_LIMITS[kind]) return;
    ctx.problems.add(ctx.configFile, ctx.at(...path),
      `the ${kind} name "${name}" has ${name.length} characters; AWS allows ${NAME_LIMITS[kind]}`,
      `shorten the key, the project name or the stage by ${name.length - NAME_LIMITS[kind]} characters`);
  };
  for (const key of Object.keys(ctx.config.functions)) {
    const name = functionName(project, key);
    over('function', name, ['functions', key]);
    const role = functionRoleName(project, key);
    if (!ctx.config.role && role !== name) over('role', role, ['functions', key]);
  }
  for (const key of Object.keys(ctx.config.tables ?? {})) over('table', tableName(project, key), ['tables', key]);
  for (const key of Object.keys(ctx.config.apis ?? {})) over('api', apiName(project, key), ['apis', key]);
}
