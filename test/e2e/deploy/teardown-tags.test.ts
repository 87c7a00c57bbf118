// With the state file lost and the config renaming a table, teardown --delete-data still finds
// the table made under the earlier name: by its project and stage tags. Against moto, which keeps
// CreateTable's tags as AWS does (the local cloud's DynamoDB drops them: reported to its owners).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoUnavailableReason, startMoto, type MotoServer } from '../../conformance/harness/moto.js';
import { copyFixture, engine, type Engine } from '../../helpers/deploy-engine.js';

const unavailable = motoUnavailableReason();

describe.skipIf(unavailable !== undefined)(`teardown --delete-data against moto_server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let moto: MotoServer;
  let project: ReturnType<typeof copyFixture>;
  let run: Engine;
  beforeAll(async () => {
    moto = await startMoto();
    project = copyFixture('deploy-moto');
    run = engine(moto.url, project.configPath, { region: 'us-east-1' });
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
    project?.dispose();
  });

  const setTableName = (name: string) => {
    const config = JSON.parse(readFileSync(project.configPath, 'utf8'));
    config.tables.items.name = name;
    writeFileSync(project.configPath, JSON.stringify(config, null, 2));
  };

  it('deletes a table known by neither config nor state file, found by its tags', async () => {
    setTableName('legacy-items-store');
    await run.deploy();
    rmSync(join(project.dir, '.discovery'), { recursive: true, force: true });
    setTableName('renamed-items-store');

    const down = await run.teardown({ deleteData: true });
    expect(down.report.changes.deleted).toContain('delete:table:legacy-items-store');
    const dynamodb = new DynamoDBClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    expect((await dynamodb.send(new ListTablesCommand({}))).TableNames).not.toContain('legacy-items-store');
  });
});
