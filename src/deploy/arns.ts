// ARNs of the resources the engine makes, from names alone: known before anything exists.
import type { Partition } from '../aws/partition.js';

export interface ArnContext {
  partition: Partition;
  region: string;
  accountId: string;
}

export const arns = {
  role: (c: ArnContext, name: string) => `arn:${c.partition.name}:iam::${c.accountId}:role/${name}`,
  function: (c: ArnContext, name: string) => `arn:${c.partition.name}:lambda:${c.region}:${c.accountId}:function:${name}`,
  table: (c: ArnContext, name: string) => `arn:${c.partition.name}:dynamodb:${c.region}:${c.accountId}:table/${name}`,
  logGroup: (c: ArnContext, name: string) => `arn:${c.partition.name}:logs:${c.region}:${c.accountId}:log-group:${name}`,
  rule: (c: ArnContext, name: string) => `arn:${c.partition.name}:events:${c.region}:${c.accountId}:rule/${name}`,
  executeApi: (c: ArnContext, apiId: string) => `arn:${c.partition.name}:execute-api:${c.region}:${c.accountId}:${apiId}`,
  restApi: (c: ArnContext, apiId: string) => `arn:${c.partition.name}:apigateway:${c.region}::/restapis/${apiId}`,
  stage: (c: ArnContext, apiId: string, stage: string) => `arn:${c.partition.name}:apigateway:${c.region}::/restapis/${apiId}/stages/${stage}`,
  apiKey: (c: ArnContext, keyId: string) => `arn:${c.partition.name}:apigateway:${c.region}::/apikeys/${keyId}`,
  usagePlan: (c: ArnContext, planId: string) => `arn:${c.partition.name}:apigateway:${c.region}::/usageplans/${planId}`,
};
