// Shared by the deploy e2e tests: a fresh local cloud with a private copy of a fixture project and
// the engine pointed at it (test/helpers/deploy-engine.ts, which the moto deploy tests use too),
// and readers of what the cloud holds, through the SDK as any client would.
import { afterAll, beforeAll } from 'vitest';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { copyFixture, engine, type Engine, type FixtureCopy } from '../../helpers/deploy-engine.js';
import { inventoryOf, withPrefix, type Inventory } from '../../helpers/inventory.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

export { copyFixture, engine, FAST_RETRIES } from '../../helpers/deploy-engine.js';

export interface DeployProject {
  cloud: TestCloud;
  project: FixtureCopy;
  /** The engine against this cloud and this copy. */
  run: Engine;
  /** Stops the cloud, then removes the copy. */
  dispose(): Promise<void>;
}

/** A fresh local cloud (with these options) and a private copy of a fixture project. */
export async function startDeployProject(fixture: string, options: Parameters<typeof startTestCloud>[0] = {}): Promise<DeployProject> {
  const cloud = await startTestCloud(options);
  let project: FixtureCopy;
  try {
    project = copyFixture(fixture);
  } catch (err) {
    await cloud.dispose();
    throw err;
  }
  return {
    cloud, project, run: engine(cloud.url, project.configPath),
    async dispose() {
      await cloud.dispose();
      project.dispose();
    },
  };
}

/** One DeployProject for every test of the file: started before all, handed to `ready`, disposed after all. */
export function useDeployProject(fixture: string, ready: (started: DeployProject) => void): void {
  let started: DeployProject | undefined;
  beforeAll(async () => {
    started = await startDeployProject(fixture);
    ready(started);
  });
  afterAll(async () => {
    await started?.dispose();
  });
}

/** Control-plane operations the cloud served since the last clear (read from GET /_local/calls). */
export async function servedCalls(cloud: TestCloud): Promise<string[]> {
  const { calls } = (await (await fetch(`${cloud.url}/_local/calls`)).json()) as { calls: { service: string; operation: string }[] };
  return calls.filter((c) => c.service !== 'execute-api').map((c) => `${c.service}:${c.operation}`);
}

/**
 * Those that are not reads (Get*, List*, Describe*; an injected fault is named by its HTTP method and
 * path), nor the stage lock's own item writes (the engine writes no other DynamoDB items).
 */
export async function writeCalls(cloud: TestCloud): Promise<string[]> {
  return (await servedCalls(cloud)).filter((c) => !/:(Get|List|Describe|GET )/.test(c) && !/^dynamodb:(PutItem|UpdateItem|DeleteItem)$/.test(c));
}

/** Everything of a project-stage prefix the cloud holds, by kind. */
export async function inventory(cloud: TestCloud, prefix: string): Promise<Inventory & { rules: string[] }> {
  const [named, rules] = await Promise.all([
    inventoryOf(cloud.clientConfig, prefix),
    new EventBridgeClient(cloud.clientConfig).send(new ListRulesCommand({})),
  ]);
  return { ...named, rules: withPrefix(prefix, (rules.Rules ?? []).map((r) => r.Name)) };
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
