// examples/music-api (seed 003) deployed by the engine to a local cloud, then the seed's curl
// steps replayed through the Lambda proxy integrations: the Music table created, an item put,
// updated, read and deleted, the table deleted, the seed's 400 and 500 answers, one JSON access
// log line per request, the resource policy, and the teardown.
import { APIGatewayClient, GetRestApiCommand, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, waitUntilTableExists, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import {
  apiOf, call, expectTeardownRemovesAll, resourcesAllowing, roleStatements, stageUrl, useDeployedExample,
  type Answer, type DeployOutput,
} from './support.js';

const PREFIX = 'music-api-dev-';
const TABLE_PATH = '/DemoResourceMusic/DemoResourceMusicTable';
const ITEM_PATH = '/DemoResourceMusic/DemoResourceMusicItem';
const SONG = { artist: 'No One You Know', songtitle: 'Call Me Today' };

describe('examples/music-api (seed 003)', () => {
  let cloud: TestCloud;
  let configPath: string;
  let output: DeployOutput;
  let apiId: string;
  /** Every request sent to the stage, for the access log check. */
  const sent: { method: string; resourcePath: string; status: number }[] = [];

  /** curl -X METHOD URL -H 'content-type: application/json' -H 'name:value' ... as the seed does. */
  async function music(method: string, path: string, headers: Record<string, string>): Promise<Answer> {
    const answer = await call(`${stageUrl(cloud, apiId, 'Test')}${path}`, {
      method, headers: { 'content-type': 'application/json', ...headers },
    });
    sent.push({ method, resourcePath: path, status: answer.status });
    return answer;
  }

  useDeployedExample('music-api', {}, (deployed) => {
    ({ cloud, configPath, output } = deployed);
    apiId = apiOf(output, 'DemoRESTAPI').id;
  });

  it('deploys three Python functions behind one API with a resource policy', async () => {
    expect(output.functions.map((f) => f.name).sort()).toEqual(
      ['DemoCreateTable', 'DemoDeleteTable', 'DemoHandleItem'].map((k) => `${PREFIX}${k}`),
    );
    const api = await new APIGatewayClient(cloud.clientConfig).send(new GetRestApiCommand({ restApiId: apiId }));
    const policy = JSON.parse((api.policy ?? '{}').replace(/\\"/g, '"')) as { Statement?: { Effect: string; Action: string | string[] }[] };
    expect(policy.Statement?.some((s) => s.Effect === 'Allow' && [s.Action].flat().includes('execute-api:Invoke'))).toBe(true);
  });

  it('lets each function\'s role use only its own DynamoDB actions, on table/Music only', async () => {
    const musicArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/Music';
    const allowed = async (fnKey: string, action: string) => resourcesAllowing(await roleStatements(cloud, `${PREFIX}${fnKey}`), action);
    expect(await allowed('DemoCreateTable', 'dynamodb:CreateTable')).toEqual([musicArn]);
    expect(await allowed('DemoCreateTable', 'dynamodb:DeleteTable')).toEqual([]);
    expect(await allowed('DemoDeleteTable', 'dynamodb:DeleteTable')).toEqual([musicArn]);
    for (const action of ['PutItem', 'UpdateItem', 'GetItem', 'DeleteItem']) {
      expect(await allowed('DemoHandleItem', `dynamodb:${action}`)).toEqual([musicArn]);
    }
    expect(await allowed('DemoHandleItem', 'dynamodb:CreateTable')).toEqual([]);
  });

  it('creates the Music table from the handler (PUT .../DemoResourceMusicTable, header table:Music)', async () => {
    const created = await music('PUT', TABLE_PATH, { table: 'Music' });
    expect(created.status).toBe(200);
    expect(created.json).toBe('Table created');

    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: 'Music' });
    const table = await dynamodb.send(new DescribeTableCommand({ TableName: 'Music' }));
    expect(table.Table?.KeySchema).toEqual([
      { AttributeName: 'Artist', KeyType: 'HASH' },
      { AttributeName: 'SongTitle', KeyType: 'RANGE' },
    ]);
  });

  it('gives the seed\'s 500 for a table that exists and 400 for a missing table name', async () => {
    const again = await music('PUT', TABLE_PATH, { table: 'Music' });
    expect(again.status).toBe(500);
    expect(again.json).toContain('ResourceInUseException');

    const nameless = await music('PUT', TABLE_PATH, {});
    expect(nameless.status).toBe(400);
    expect(nameless.json).toBe("KeyError exception happened while using key 'table' to get the table name.");
  });

  it('refuses the handler a table its role does not name (IAM enforced): the seed\'s 500 with AWS\'s AccessDenied text', async () => {
    const other = await music('PUT', TABLE_PATH, { table: 'Other' });
    expect(other.status).toBe(500);
    expect(other.json).toContain('AccessDeniedException');
    expect(other.json).toContain(
      `User: arn:aws:sts::000000000000:assumed-role/${PREFIX}DemoCreateTable/${PREFIX}DemoCreateTable is not authorized to perform: dynamodb:CreateTable on resource: arn:aws:dynamodb:us-east-1:000000000000:table/Other because no identity-based policy allows the dynamodb:CreateTable action`,
    );
    await expect(new DynamoDBClient(cloud.clientConfig).send(new DescribeTableCommand({ TableName: 'Other' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('puts, updates, gets and deletes an item as the seed\'s curl commands do', async () => {
    const put = await music('PUT', ITEM_PATH, { table: 'Music', ...SONG, albumtitle: 'Somewhat Famous' });
    expect(put.status).toBe(200);
    expect(put.json).toBe('Item added');

    const updated = await music('POST', ITEM_PATH, { table: 'Music', ...SONG, albumtitle: ' Louder Than Ever' });
    expect(updated.status).toBe(200);
    expect(updated.json).toBe('Item updated');

    const got = await music('GET', ITEM_PATH, { table: 'Music', ...SONG });
    expect(got.status).toBe(200);
    expect(got.json).toEqual({
      Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' }, AlbumTitle: { S: 'Louder Than Ever' },
    });

    const deleted = await music('DELETE', ITEM_PATH, { table: 'Music', ...SONG });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toBe('Item deleted');

    const missing = await music('GET', ITEM_PATH, { table: 'Music', ...SONG });
    expect(missing.status).toBe(200);
    expect(missing.json).toBe('Item not found');
  });

  it('gives the seed\'s 400 for an item request without its key attributes', async () => {
    const answer = await music('PUT', ITEM_PATH, { table: 'Music', songtitle: 'Call Me Today', albumtitle: 'Somewhat Famous' });
    expect(answer.status).toBe(400);
    expect(answer.json).toBe("KeyError exception happened while using key 'artist' to get the value.");
  });

  it('deletes the table (DELETE .../DemoResourceMusicTable), then answers 500 for a table that is gone', async () => {
    const deleted = await music('DELETE', TABLE_PATH, { table: 'Music' });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toBe('Table deleted');

    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await waitUntilTableNotExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: 'Music' });
    await expect(dynamodb.send(new DescribeTableCommand({ TableName: 'Music' }))).rejects.toBeInstanceOf(ResourceNotFoundException);

    const again = await music('DELETE', TABLE_PATH, { table: 'Music' });
    expect(again.status).toBe(500);
    expect(again.json).toContain('ResourceNotFoundException');
  });

  it('wrote one JSON access log line per request to the stage\'s log group', async () => {
    const stage = await new APIGatewayClient(cloud.clientConfig).send(new GetStageCommand({ restApiId: apiId, stageName: 'Test' }));
    const destination = stage.accessLogSettings?.destinationArn ?? '';
    const logGroupName = destination.replace(/^arn:[^:]+:logs:[^:]+:[^:]+:log-group:/, '').replace(/:\*$/, '');
    expect(logGroupName).toBe(`/aws/apigateway/${PREFIX}DemoRESTAPI/Test`);

    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    const messages: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName, nextToken }));
      messages.push(...(page.events ?? []).map((e) => e.message ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);

    const lines = messages.map((m) => JSON.parse(m) as { requestId: string; httpMethod: string; resourcePath: string; status: string });
    const summary = (l: { httpMethod: string; resourcePath: string; status: string | number }) => `${l.httpMethod} ${l.resourcePath} ${l.status}`;
    expect(lines.map(summary).sort()).toEqual(sent.map((s) => summary({ httpMethod: s.method, resourcePath: s.resourcePath, status: s.status })).sort());
    expect(new Set(lines.map((l) => l.requestId)).size).toBe(sent.length);
  });

  it('tears down functions, roles and the API; a second teardown has nothing to do', async () => {
    await expectTeardownRemovesAll(cloud, configPath, PREFIX);
  }, 240_000);
});
