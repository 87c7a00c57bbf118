// The built CLI as a CI step drives it, against moto_server: `deploy --config F --endpoint-url URL
// --json` prints the documented document with moto's ids and code hashes, a second deploy changes
// nothing, `teardown --yes` keeps the table, `--delete-data` removes it, and a teardown with
// nothing left exits 0. Needs dist/ (`npx tsc -p tsconfig.json`; `npm test` builds first).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { beforeAll, describe, expect, it } from 'vitest';
import { inventoryOf } from '../helpers/inventory.js';
import { clientConfigAt, TEST_CREDENTIALS, TEST_REGION } from '../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand, type CommandResult } from '../helpers/run-command.js';
import type { MotoProxy } from './deploy-moto-proxy.js';
import { motoUnavailableReason, type MotoServer } from './harness/moto.js';
import { FIRST_CALLS_TIMEOUT_MS, useMotoDeployTarget } from './harness/moto-deploy.js';

const PREFIX = 'fxmoto-dev-';
const unavailable = motoUnavailableReason();

let moto: MotoServer;
let proxy: MotoProxy;
let dir: string;

interface Report {
  stage: string;
  region: string;
  target: string;
  apis: { name: string; id: string; stageUrl: string; endpoints: { method: string; path: string; url: string }[] }[];
  functions: { name: string; arn: string; version: string; alias: string | null; codeSha256: string }[];
  tables: { name: string; arn: string }[];
  changes: { created: string[]; updated: string[]; deleted: string[]; unchanged: string[] };
}

async function cli(args: string[]): Promise<CommandResult> {
  const env = {
    ...process.env, NO_COLOR: '1', AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: TEST_REGION, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_ENDPOINT_URL: '', AWS_PROFILE: '',
  };
  return runCommand('node', [DISCOVERY_CLI, ...args, '--config', join(dir, 'discovery.config.json'), '--endpoint-url', proxy.url], { cwd: dir, env });
}

async function json(args: string[]): Promise<Report> {
  const r = await cli([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

async function names() {
  const { functions, apis, tables } = await inventoryOf(clientConfigAt(moto.url), PREFIX);
  return { functions, apis, tables };
}

describe.skipIf(unavailable !== undefined)(`discovery-cli deploy/teardown against moto_server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    if (!existsSync(resolve(__dirname, '../../dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` before this test');
  });
  // The proxy fills moto's missing REST API tags (see deploy-moto-proxy.ts); the CLI talks to it.
  useMotoDeployTarget((target) => {
    ({ moto, proxy } = target);
    dir = target.project.dir;
  });

  it('deploy --json prints the documented document, with the ids and code hashes moto holds', async () => {
    const doc = await json(['deploy']);
    expect(Object.keys(doc).sort()).toEqual(['apis', 'changes', 'functions', 'region', 'stage', 'tables', 'target']);
    expect(doc).toMatchObject({ stage: 'dev', region: TEST_REGION });
    const lambda = new LambdaClient(clientConfigAt(moto.url));
    for (const f of doc.functions) {
      const c = (await lambda.send(new GetFunctionCommand({ FunctionName: f.name }))).Configuration!;
      expect(f).toEqual({ name: c.FunctionName, arn: c.FunctionArn, version: '$LATEST', alias: null, aliases: [], codeSha256: c.CodeSha256 });
    }
    const apis = (await new APIGatewayClient(clientConfigAt(moto.url)).send(new GetRestApisCommand({}))).items ?? [];
    expect(doc.apis.map((a) => [a.name, a.id])).toEqual(apis.map((a) => [a.name, a.id]));
    expect(doc.apis[0]!.endpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual(['GET /greet', 'POST /items']);
    expect(doc.tables.map((t) => t.name)).toEqual([`${PREFIX}items`]);
    expect(doc.changes.created).toEqual(expect.arrayContaining(['function:greet', 'function:store', 'restApi:main', 'table:items', 'usagePlan:basic', 'apiKey:partner']));
    expect(await names()).toEqual({ functions: [`${PREFIX}greet`, `${PREFIX}store`], apis: [`${PREFIX}main`], tables: [`${PREFIX}items`] });
  }, FIRST_CALLS_TIMEOUT_MS);

  it('a second deploy creates, updates and deletes nothing (but the known usage plan quota bug)', async () => {
    const doc = await json(['deploy']);
    expect(doc.changes.created).toEqual([]);
    expect(doc.changes.deleted).toEqual([]);
    // See deploy-moto.test.ts: the engine re-updates a plan whose remote quota has no offset.
    expect(doc.changes.updated.filter((id) => id !== 'usagePlan:basic')).toEqual([]);
    expect(doc.changes.unchanged).toEqual(expect.arrayContaining(['function:greet', 'function:store', 'restApi:main', 'table:items']));
  });

  it('teardown --yes keeps the table; --delete-data removes it; a teardown with nothing left exits 0', async () => {
    const kept = await json(['teardown', '--yes']);
    expect(kept.changes.deleted.length).toBeGreaterThan(5);
    expect(await names()).toEqual({ functions: [], apis: [], tables: [`${PREFIX}items`] });
    const dropped = await json(['teardown', '--yes', '--delete-data']);
    expect(dropped.changes.deleted).toEqual([`delete:table:${PREFIX}items`]);
    expect(await names()).toEqual({ functions: [], apis: [], tables: [] });
    const again = await cli(['teardown', '--yes', '--delete-data']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Nothing to tear down/);
  });
});
