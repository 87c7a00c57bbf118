// Shared by the deploy e2e tests: a private copy of a fixture project (the state file lands
// there), the engine pointed at a test cloud with short injected retry delays, and readers of
// what the cloud holds, through the SDK as any client would.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APIGatewayClient, GetApiKeysCommand, GetRestApisCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { deploy, teardown, type RunOptions, type TeardownOptions } from '../../../src/deploy/run.js';
import { TEST_CREDENTIALS, type TestCloud } from '../../helpers/local-cloud.js';

export const FAST_RETRIES: RunOptions['aws'] = {
  sdkMaxAttempts: 1,
  retryPolicy: {
    iamPropagation: { baseDelayMs: 50, maxDelayMs: 200, budgetMs: 30_000 },
    throttled: { baseDelayMs: 20, maxDelayMs: 400, budgetMs: 30_000 },
    conflict: { baseDelayMs: 20, maxDelayMs: 200, budgetMs: 30_000 },
    transient: { baseDelayMs: 10, maxDelayMs: 100, budgetMs: 30_000 },
  },
  waiter: { minDelay: 1, maxWaitTime: 30 },
};

export function copyFixture(name: string): { dir: string; configPath: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), `discovery-${name}-`));
  cpSync(resolve(__dirname, '../../fixtures', name), dir, { recursive: true });
  return { dir, configPath: join(dir, 'discovery.config.json'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function engine(cloud: TestCloud, configPath: string) {
  const base = { configPath, stage: 'dev', endpointUrl: cloud.url, env: {}, credentials: TEST_CREDENTIALS, aws: FAST_RETRIES, lock: { waitMs: 0 } };
  return {
    deploy: (extra: Partial<RunOptions> = {}) => deploy({ ...base, ...extra }),
    teardown: (extra: Partial<TeardownOptions> = {}) => teardown({ ...base, ...extra }),
  };
}

/** Control-plane operations the cloud served since the last clear (read from GET /_local/calls). */
export async function servedCalls(cloud: TestCloud): Promise<string[]> {
  const { calls } = (await (await fetch(`${cloud.url}/_local/calls`)).json()) as { calls: { service: string; operation: string }[] };
  return calls.filter((c) => c.service !== 'execute-api').map((c) => `${c.service}:${c.operation}`);
}

/** Those that are not reads (Get*, List*, Describe*; an injected fault is named by its HTTP method and path). */
export async function writeCalls(cloud: TestCloud): Promise<string[]> {
  return (await servedCalls(cloud)).filter((c) => !/:(Get|List|Describe|GET )/.test(c));
}

/** Everything of a project-stage prefix the cloud holds, by kind. */
export async function inventory(cloud: TestCloud, prefix: string) {
  const config = cloud.clientConfig;
  const [fns, roles, apis, keys, plans, rules, tables] = await Promise.all([
    new LambdaClient(config).send(new ListFunctionsCommand({})),
    new IAMClient(config).send(new ListRolesCommand({})),
    new APIGatewayClient(config).send(new GetRestApisCommand({})),
    new APIGatewayClient(config).send(new GetApiKeysCommand({})),
    new APIGatewayClient(config).send(new GetUsagePlansCommand({})),
    new EventBridgeClient(config).send(new ListRulesCommand({})),
    new DynamoDBClient(config).send(new ListTablesCommand({})),
  ]);
  const mine = (names: (string | undefined)[]) => names.filter((n): n is string => !!n && n.startsWith(prefix)).sort();
  return {
    functions: mine((fns.Functions ?? []).map((f) => f.FunctionName)),
    roles: mine((roles.Roles ?? []).map((r) => r.RoleName)),
    apis: mine((apis.items ?? []).map((a) => a.name)),
    keys: mine((keys.items ?? []).map((k) => k.name)),
    plans: mine((plans.items ?? []).map((p) => p.name)),
    rules: mine((rules.Rules ?? []).map((r) => r.Name)),
    tables: mine(tables.TableNames ?? []),
  };
}

/** Calls every endpoint the report lists; returns "METHOD path -> status". */
export async function callEndpoints(report: { apis: { endpoints: { method: string; path: string; url: string }[] }[] }): Promise<string[]> {
  const out: string[] = [];
  for (const api of report.apis) {
    for (const e of api.endpoints) {
      const res = await fetch(e.url, { method: e.method, body: e.method === 'POST' ? '{"x":1}' : undefined, headers: { 'content-type': 'application/json' } });
      out.push(`${e.method} ${e.path} -> ${res.status}`);
    }
  }
  return out.sort();
}
