// Two CI runners deploying one stage at once, from two clones, against one target: the lock item
// in the target serialises them, so there is one API per name, both exit 0 after waiting, and each
// clone's `call hello_world 1.0` works. Then force-unlock removes a lock a killed runner left.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_TABLE } from '../../../src/deploy/lock/remote.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI } from '../../helpers/run-command.js';
import { copyRootProject, discoveryCli } from '../discovery/support.js';

let cloud: TestCloud;
const clones: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  clones.push(copyRootProject(), copyRootProject());
});
afterAll(async () => {
  await cloud.dispose();
  for (const config of clones) rmSync(dirname(config), { recursive: true, force: true });
});

/** A lock item as a run holds it, with an hour's lease. */
function holderItem(pid: string, host: string) {
  return {
    lockId: { S: 'discovery/dev' }, token: { S: `held-by-test-${pid}` }, pid: { N: pid }, host: { S: host }, command: { S: 'deploy' },
    startedAt: { S: '2026-12-01T00:00:00.000Z' }, expiresAt: { N: String(Date.now() + 3_600_000) },
  };
}

/** A deploy of one clone as its own process: `waiting` once it says it waits for the lock, `done` at exit. */
function startDeploy(config: string): { waiting: Promise<void>; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [DISCOVERY_CLI, 'deploy', '--config', config, '--json', '--endpoint-url', cloud.url], { env: { ...cloud.env, NO_COLOR: '1' } });
  let stderr = '';
  const waiting = new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    if (stderr.includes('Waiting for the deploy of stage dev that holds its lock')) resolve();
  }));
  child.stdout.resume();
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { waiting, done };
}

describe('two runners, one stage', () => {
  it('serialise on the lock in the target: one API per name, both succeed, both clones call', async () => {
    // The lock is held (by this live process) while both start, so both must wait for it whatever
    // their timing; once it is released they take it one after the other.
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await dynamodb.send(new CreateTableCommand({
      TableName: LOCK_TABLE, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
    })).catch(() => undefined);
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30 }, { TableName: LOCK_TABLE });
    await dynamodb.send(new PutItemCommand({ TableName: LOCK_TABLE, Item: holderItem(String(process.pid), hostname()) }));

    const runs = clones.map((config) => startDeploy(config));
    await Promise.all(runs.map((run) => run.waiting));
    await dynamodb.send(new DeleteItemCommand({ TableName: LOCK_TABLE, Key: { lockId: { S: 'discovery/dev' } } }));
    const [a, b] = await Promise.all(runs.map((run) => run.done));
    expect(a!.code, a!.stderr).toBe(0);
    expect(b!.code, b!.stderr).toBe(0);

    const { items = [] } = await new APIGatewayClient(cloud.clientConfig).send(new GetRestApisCommand({ limit: 500 }));
    const names = items.map((api) => api.name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);

    for (const config of clones) {
      const called = await discoveryCli(cloud, ['call', 'hello_world', '1.0', '--config', config]);
      expect(called.code, called.stderr).toBe(0);
      expect(JSON.parse(called.stdout)).toEqual({ message: 'Hello World' });
    }
    // Released: no lock item is left.
    expect((await dynamodb.send(new GetItemCommand({ TableName: LOCK_TABLE, Key: { lockId: { S: 'discovery/dev' } } }))).Item).toBeUndefined();
  }, 240_000); // two whole deploys of the discovery system, one after the other

  it('a lock a vanished runner left is named when waiting runs out, and force-unlock removes it', async () => {
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await dynamodb.send(new PutItemCommand({ TableName: LOCK_TABLE, Item: holderItem('999999', 'ci-runner-7') }));
    const blocked = await discoveryCli(cloud, ['deploy', '--config', clones[0]!, '--lock-timeout', '0']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/Another deploy of this stage is running \(pid 999999 on ci-runner-7, since 2026-12-01T00:00:00.000Z; lease until .*\).*discovery-cli force-unlock/);

    const unlocked = await discoveryCli(cloud, ['force-unlock', '--config', clones[0]!]);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    expect(unlocked.stderr).toMatch(/Removed the lock of stage dev held by the deploy of pid 999999 on ci-runner-7/);
    const redeployed = await discoveryCli(cloud, ['deploy', '--config', clones[0]!, '--lock-timeout', '0']);
    expect(redeployed.code, redeployed.stderr).toBe(0);
  });
});
