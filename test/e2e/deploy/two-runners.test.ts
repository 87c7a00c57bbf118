// Two CI runners deploying one stage at once, from two clones, against one target: the lock item
// in the target serialises them, so there is one API per name, both exit 0 (one waited), and each
// clone's `call hello_world 1.0` works. Then force-unlock removes a lock a killed runner left.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_TABLE } from '../../../src/deploy/lock/remote.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
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

describe('two runners, one stage', () => {
  it('serialise on the lock in the target: one API per name, both succeed, both clones call', async () => {
    const [a, b] = await Promise.all(clones.map((config) => discoveryCli(cloud, ['deploy', '--config', config, '--json'])));
    expect(a!.code, a!.stderr).toBe(0);
    expect(b!.code, b!.stderr).toBe(0);
    expect([a!.stderr, b!.stderr].filter((text) => /Waiting for the deploy of stage dev that holds its lock/.test(text))).toHaveLength(1);

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
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    expect((await dynamodb.send(new GetItemCommand({ TableName: LOCK_TABLE, Key: { lockId: { S: 'discovery/dev' } } }))).Item).toBeUndefined();
  }, 240_000); // two whole deploys of the discovery system, one after the other

  it('a lock a vanished runner left is named when waiting runs out, and force-unlock removes it', async () => {
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    const lockId = 'discovery/dev';
    await dynamodb.send(new PutItemCommand({
      TableName: LOCK_TABLE,
      Item: {
        lockId: { S: lockId }, token: { S: 'gone' }, pid: { N: '999999' }, host: { S: 'ci-runner-7' }, command: { S: 'deploy' },
        startedAt: { S: '2026-12-01T00:00:00.000Z' }, expiresAt: { N: String(Date.now() + 3_600_000) },
      },
    }));
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
