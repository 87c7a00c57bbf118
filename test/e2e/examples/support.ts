// What the example tests share: a temporary copy of an example (deploys write .discovery/ beside
// the config, and some tests edit the copy), deploy and teardown through the engine's library
// entry (the code behind `discovery-cli deploy`, with no build step), calls to the deployed APIs,
// and the checks that a teardown left nothing behind.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  APIGatewayClient, GetApiKeysCommand, GetRestApisCommand, GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { deploy as deployProject, teardown as teardownProject, type DeployReport } from '../../../src/index.js';
import type { Clock } from '../../../src/local/context.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export type DeployOutput = DeployReport;

/** Copies examples/<name> to a fresh temporary folder; returns the copy's config path. */
export function copyExample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `example-${name}-`));
  cpSync(join(REPO, 'examples', name), dir, { recursive: true });
  return join(dir, 'discovery.config.json');
}

/** Removes a copy made by copyExample (with the state the deploys wrote into it). */
export function removeCopy(configPath: string | undefined): void {
  if (configPath) rmSync(dirname(configPath), { recursive: true, force: true });
}

/** Rewrites a JSON file in place. */
export function editJson<T>(path: string, edit: (value: T) => void): void {
  const value = JSON.parse(readFileSync(path, 'utf8')) as T;
  edit(value);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Deploys through the engine's library entry (what `discovery-cli deploy --json` prints). */
export async function deploy(cloud: TestCloud, configPath: string): Promise<DeployOutput> {
  const result = await deployProject({ configPath, endpointUrl: cloud.url, env: cloud.env, lock: { waitMs: 0 } });
  return result.report;
}

export async function teardown(cloud: TestCloud, configPath: string, options: { deleteData?: boolean } = {}): Promise<void> {
  await teardownProject({ configPath, endpointUrl: cloud.url, env: cloud.env, deleteData: options.deleteData, lock: { waitMs: 0 } });
}

export interface DeployedExample {
  cloud: TestCloud;
  /** The config of the example's temporary copy. */
  configPath: string;
  output: DeployOutput;
}

/**
 * For the tests of one describe block: before all, a fresh local cloud (with these options) and a
 * deployed copy of examples/<name>, handed to `ready`; after all, the cloud stopped and the copy removed.
 */
export function useDeployedExample(name: string, options: Parameters<typeof startTestCloud>[0], ready: (deployed: DeployedExample) => Promise<void> | void): void {
  let cloud: TestCloud | undefined;
  let configPath: string | undefined;
  beforeAll(async () => {
    cloud = await startTestCloud(options);
    configPath = copyExample(name);
    const output = await deploy(cloud, configPath);
    await ready({ cloud, configPath, output });
  }, 240_000);
  afterAll(async () => {
    await cloud?.dispose();
    removeCopy(configPath);
  });
}

/** A teardown removes what the deploy made under `prefix`; a second one, with --delete-data, has nothing left to remove. */
export async function expectTeardownRemovesAll(cloud: TestCloud, configPath: string, prefix: string): Promise<void> {
  expect(await leftovers(cloud, prefix)).not.toEqual(NOTHING_LEFT);
  await teardown(cloud, configPath);
  expect(await leftovers(cloud, prefix)).toEqual(NOTHING_LEFT);
  await teardown(cloud, configPath, { deleteData: true });
  expect(await leftovers(cloud, prefix)).toEqual(NOTHING_LEFT);
}

/** The deployed API of that config key (its name ends with the key). */
export function apiOf(output: DeployOutput, key: string): DeployOutput['apis'][number] {
  const api = output.apis.find((a) => a.name.endsWith(`-${key}`));
  if (!api) throw new Error(`deploy output has no API named *-${key}: ${output.apis.map((a) => a.name).join(', ')}`);
  return api;
}

/** The local cloud's execute-api URL of a stage (no trailing slash). */
export function stageUrl(cloud: TestCloud, apiId: string, stage: string): string {
  return `${cloud.url}/restapis/${apiId}/${stage}/_user_request_`;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The value of the API key whose name is exactly `name`. */
export async function apiKeyValue(cloud: TestCloud, name: string): Promise<string> {
  const apigateway = new APIGatewayClient(cloud.clientConfig);
  const keys = await apigateway.send(new GetApiKeysCommand({ includeValues: true, limit: 500 }));
  const key = keys.items?.find((k) => k.name === name);
  if (!key?.value) throw new Error(`no API key named ${name}: ${keys.items?.map((k) => k.name).join(', ')}`);
  return key.value;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}

/** Every statement of the inline policies of a role (what the engine's least-privilege role allows). */
export async function roleStatements(cloud: TestCloud, roleName: string): Promise<PolicyStatement[]> {
  const iam = new IAMClient(cloud.clientConfig);
  const names = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  const statements: PolicyStatement[] = [];
  for (const policyName of names.PolicyNames ?? []) {
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    const document = JSON.parse(decodeURIComponent(policy.PolicyDocument ?? '{}')) as { Statement?: PolicyStatement | PolicyStatement[] };
    statements.push(...[document.Statement ?? []].flat());
  }
  return statements;
}

/** The resources a role's statements allow an action on. */
export function resourcesAllowing(statements: PolicyStatement[], action: string): string[] {
  return statements
    .filter((st) => st.Effect === 'Allow' && [st.Action].flat().includes(action))
    .flatMap((st) => [st.Resource].flat());
}

export interface Leftovers {
  functions: string[];
  roles: string[];
  apis: string[];
  apiKeys: string[];
  usagePlans: string[];
}

/** Everything whose name carries `${project}-${stage}-` that a teardown must remove (tables aside). */
export async function leftovers(cloud: TestCloud, prefix: string): Promise<Leftovers> {
  const lambda = new LambdaClient(cloud.clientConfig);
  const iam = new IAMClient(cloud.clientConfig);
  const apigateway = new APIGatewayClient(cloud.clientConfig);
  const [functions, roles, apis, keys, plans] = await Promise.all([
    lambda.send(new ListFunctionsCommand({ MaxItems: 1000 })),
    iam.send(new ListRolesCommand({ MaxItems: 1000 })),
    apigateway.send(new GetRestApisCommand({ limit: 500 })),
    apigateway.send(new GetApiKeysCommand({ limit: 500 })),
    apigateway.send(new GetUsagePlansCommand({ limit: 500 })),
  ]);
  const mine = (names: (string | undefined)[]) => names.filter((n): n is string => !!n && n.startsWith(prefix));
  return {
    functions: mine((functions.Functions ?? []).map((f) => f.FunctionName)),
    roles: mine((roles.Roles ?? []).map((r) => r.RoleName)),
    apis: mine((apis.items ?? []).map((a) => a.name)),
    apiKeys: mine((keys.items ?? []).map((k) => k.name)),
    usagePlans: mine((plans.items ?? []).map((p) => p.name)),
  };
}

export const NOTHING_LEFT: Leftovers = { functions: [], roles: [], apis: [], apiKeys: [], usagePlans: [] };

/**
 * Wall-clock time until frozen; then time moves only when the test advances it (and after
 * thaw() it runs on from there, never backwards). Deploys need real time (waiters, function
 * states); a throttle test needs a token bucket that does not refill while it counts.
 */
export class FreezableClock implements Clock {
  private frozenAt: number | undefined;
  private offset = 0;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offset;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  freeze(): void {
    this.frozenAt = this.now();
  }

  /** Moves frozen time forward by ms. */
  advance(ms: number): void {
    if (this.frozenAt === undefined) throw new Error('advance() needs a frozen clock');
    this.frozenAt += ms;
  }

  thaw(): void {
    if (this.frozenAt === undefined) return;
    this.offset = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}
