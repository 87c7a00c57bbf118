// Every resource kind's handler, in one Record so the compiler checks none is missing.
import { apiKey, deployment, restApi, stageSettings, usagePlan, usagePlanKey } from './apigateway.js';
import type { Handlers } from './context.js';
import { table, tableTtl } from './dynamodb.js';
import { scheduleRule, scheduleTarget } from './events.js';
import { apiGatewayAccount, role, rolePolicy } from './iam.js';
import { alias, fn, functionVersion, invokeAfterDeploy, permission } from './lambda.js';
import { logGroup } from './logs.js';

export const handlers: Handlers = {
  role, rolePolicy, table, tableTtl, logGroup,
  function: fn, functionVersion, alias, permission, invokeAfterDeploy,
  restApi, deployment, stageSettings, apiKey, usagePlan, usagePlanKey,
  scheduleRule, scheduleTarget, apiGatewayAccount,
};

export type { ApplyContext, Handlers, KindHandler } from './context.js';
