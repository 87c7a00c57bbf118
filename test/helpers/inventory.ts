// What a project stage has in a cloud (the local cloud or moto_server), found by the prefix its
// names carry (`${project}-${stage}-`), read through the SDK as any client would.
import { APIGatewayClient, GetApiKeysCommand, GetRestApisCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { ClientConfig } from './local-cloud.js';

export interface Inventory {
  functions: string[];
  roles: string[];
  apis: string[];
  keys: string[];
  plans: string[];
  tables: string[];
}

/** The names that start with `prefix`, sorted. */
export function withPrefix(prefix: string, names: (string | undefined)[]): string[] {
  return names.filter((n): n is string => !!n && n.startsWith(prefix)).sort();
}

/** The functions, roles, REST APIs, API keys, usage plans and tables whose names start with `prefix`. */
export async function inventoryOf(config: ClientConfig, prefix: string): Promise<Inventory> {
  const apigateway = new APIGatewayClient(config);
  const [fns, roles, apis, keys, plans, tables] = await Promise.all([
    new LambdaClient(config).send(new ListFunctionsCommand({})),
    new IAMClient(config).send(new ListRolesCommand({})),
    apigateway.send(new GetRestApisCommand({})),
    apigateway.send(new GetApiKeysCommand({})),
    apigateway.send(new GetUsagePlansCommand({})),
    new DynamoDBClient(config).send(new ListTablesCommand({})),
  ]);
  return {
    functions: withPrefix(prefix, (fns.Functions ?? []).map((f) => f.FunctionName)),
    roles: withPrefix(prefix, (roles.Roles ?? []).map((r) => r.RoleName)),
    apis: withPrefix(prefix, (apis.items ?? []).map((a) => a.name)),
    keys: withPrefix(prefix, (keys.items ?? []).map((k) => k.name)),
    plans: withPrefix(prefix, (plans.items ?? []).map((p) => p.name)),
    tables: withPrefix(prefix, tables.TableNames ?? []),
  };
}
