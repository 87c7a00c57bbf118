// Every resource kind's module, in one Record: the reader, planner and sweeper iterate it, so a
// new kind is one file here plus its tests, and the compiler names every gap.
import { alias } from './alias.js';
import { apiGatewayAccount } from './api-gateway-account.js';
import { apiKey } from './api-key.js';
import { deployment } from './deployment.js';
import { fn } from './function.js';
import { functionVersion } from './function-version.js';
import { invokeAfterDeploy } from './invoke-after-deploy.js';
import type { KindModules } from './kind.js';
import { logGroup } from './log-group.js';
import { permission } from './permission.js';
import { restApi } from './rest-api.js';
import { rolePolicy } from './role-policy.js';
import { role } from './role.js';
import { scheduleRule } from './schedule-rule.js';
import { scheduleTarget } from './schedule-target.js';
import { stageSettings } from './stage-settings.js';
import { tableTtl } from './table-ttl.js';
import { table } from './table.js';
import { usagePlanKey } from './usage-plan-key.js';
import { usagePlan } from './usage-plan.js';

export const KINDS: KindModules = {
  role, rolePolicy, table, tableTtl, logGroup,
  function: fn, functionVersion, alias, permission, invokeAfterDeploy,
  restApi, deployment, stageSettings, apiKey, usagePlan, usagePlanKey,
  scheduleRule, scheduleTarget, apiGatewayAccount,
};

export type { Diff, DiffContext, KindModule, KindModules, ReadContext, SweepOptions } from './kind.js';
