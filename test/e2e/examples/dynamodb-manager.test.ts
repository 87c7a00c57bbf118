// examples/dynamodb-manager (seed 004) deployed by the engine to a local cloud, its Python
// handler running as python3.12: every operation of the seed (create, read, update, delete,
// list, echo, ping) through POST /dynamodbmanager on stage Prod, the API key, the usage plan's
// burst of 20 (on a clock the test holds still), and the teardown with and without --delete-data.
import { APIGatewayClient, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import {
  CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, ScanCommand, ResourceNotFoundException, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import {
  FreezableClock, NOTHING_LEFT, apiKeyValue, apiOf, call, leftovers, resourcesAllowing, roleStatements, stageUrl, teardown,
  useDeployedExample,
  type Answer, type DeployOutput,
} from './support.js';

const PREFIX = 'dynamodb-manager-dev-';
const TABLE = 'lambda-apigateway';

describe('examples/dynamodb-manager (seed 004)', () => {
  const clock = new FreezableClock();
  let cloud: TestCloud;
  let configPath: string;
  let output: DeployOutput;
  let apiId: string;
  let key: string;

  /** POST /dynamodbmanager with the deployed key, or with none when apiKey is null. */
  async function manager(body: unknown, apiKey: string | null = key): Promise<Answer> {
    return call(`${stageUrl(cloud, apiId, 'Prod')}/dynamodbmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
      body: JSON.stringify(body),
    });
  }

  useDeployedExample('dynamodb-manager', { clock }, async (deployed) => {
    ({ cloud, configPath, output } = deployed);
    apiId = apiOf(output, 'DynamoDBOperations').id;
    key = await apiKeyValue(cloud, `${PREFIX}LambdaKey`);
  });

  it('deploys the table with its exact name, the Python 3.12 function and the usage plan', async () => {
    expect(output.tables.map((t) => t.name)).toEqual([TABLE]);
    const table = await new DynamoDBClient(cloud.clientConfig).send(new DescribeTableCommand({ TableName: TABLE }));
    expect(table.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);

    const fn = await new LambdaClient(cloud.clientConfig).send(
      new GetFunctionConfigurationCommand({ FunctionName: `${PREFIX}LambdaFunctionOverHttps` }),
    );
    expect(fn.Runtime).toBe('python3.12');

    const plans = await new APIGatewayClient(cloud.clientConfig).send(new GetUsagePlansCommand({}));
    const plan = plans.items?.find((p) => p.name === `${PREFIX}LambdaDynamoDBUsagePlan`);
    expect(plan?.throttle).toMatchObject({ rateLimit: 100, burstLimit: 20 });
    expect(plan?.apiStages).toEqual([expect.objectContaining({ apiId, stage: 'Prod' })]);
  });

  it('grants the seed\'s DynamoDB and Logs actions on the table\'s and the log group\'s ARNs only', async () => {
    const fn = await new LambdaClient(cloud.clientConfig).send(
      new GetFunctionConfigurationCommand({ FunctionName: `${PREFIX}LambdaFunctionOverHttps` }),
    );
    const statements = await roleStatements(cloud, fn.Role!.split('/').pop()!);
    const tableArn = output.tables[0].arn;
    for (const action of ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem']) {
      const resources = resourcesAllowing(statements, `dynamodb:${action}`);
      expect(resources, action).toContain(tableArn);
      expect(resources.every((r) => r.startsWith(tableArn)), action).toBe(true);
    }
    for (const action of ['CreateLogStream', 'PutLogEvents']) {
      const resources = resourcesAllowing(statements, `logs:${action}`);
      expect(resources.length, action).toBeGreaterThan(0);
      expect(resources.every((r) => r.includes(':log-group:/aws/lambda/dynamodb-manager-dev-LambdaFunctionOverHttps')), action).toBe(true);
    }
    expect(statements.flatMap((st) => [st.Resource].flat())).not.toContain('*');
  });

  it('answers 403 Forbidden without the API key', async () => {
    const answer = await manager({ operation: 'ping' }, null);
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({ message: 'Forbidden' });
  });

  it('echoes the seed\'s test event and answers ping with pong', async () => {
    const payload = { somekey1: 'somevalue1', somekey2: 'somevalue2' };
    const echo = await manager({ operation: 'echo', payload });
    expect(echo.status).toBe(200);
    expect(echo.json).toEqual(payload);

    const ping = await manager({ operation: 'ping' });
    expect(ping.status).toBe(200);
    expect(ping.json).toBe('pong');
 
    // The body is passed through whatever its content type, as the console's default does
    // (curl -d sends application/x-www-form-urlencoded).
    const form = await call(`${stageUrl(cloud, apiId, 'Prod')}/dynamodbmanager`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': key }, body: '{"operation": "ping"}',
    });
    expect(form.status).toBe(200);
    expect(form.json).toBe('pong');
  });

  it('creates, reads, updates, lists and deletes items in lambda-apigateway', async () => {
    const created = await manager({ operation: 'create', tableName: TABLE, payload: { Item: { id: '1234ABCD', number: 5 } } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ ResponseMetadata: { HTTPStatusCode: 200 } });
    const bob = await manager({ operation: 'create', tableName: TABLE, payload: { Item: { id: '1', name: 'Bob' } } });
    expect(bob.status).toBe(200);

    // The item really is in DynamoDB, as the seed checks in the console.
    const stored = await new DynamoDBClient(cloud.clientConfig).send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: '1234ABCD' } } }));
    expect(stored.Item).toEqual({ id: { S: '1234ABCD' }, number: { N: '5' } });

    const read = await manager({ operation: 'read', tableName: TABLE, payload: { Key: { id: '1234ABCD' } } });
    expect(read.status).toBe(200);
    expect((read.json as { Item: unknown }).Item).toEqual({ id: '1234ABCD', number: 5 });

    const updated = await manager({
      operation: 'update', tableName: TABLE,
      payload: {
        Key: { id: '1' }, UpdateExpression: 'SET #n = :n', ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':n': 'Alice' }, ReturnValues: 'ALL_NEW',
      },
    });
    expect(updated.status).toBe(200);
    expect((updated.json as { Attributes: unknown }).Attributes).toEqual({ id: '1', name: 'Alice' });

    const listed = await manager({ operation: 'list', tableName: TABLE, payload: {} });
    expect(listed.status).toBe(200);
    const items = (listed.json as { Items: { id: string }[]; Count: number });
    expect(items.Count).toBe(2);
    expect(items.Items.map((i) => i.id).sort()).toEqual(['1', '1234ABCD']);

    const deleted = await manager({ operation: 'delete', tableName: TABLE, payload: { Key: { id: '1' } } });
    expect(deleted.status).toBe(200);
    const after = await manager({ operation: 'list', tableName: TABLE, payload: {} });
    expect((after.json as { Items: { id: string }[] }).Items.map((i) => i.id)).toEqual(['1234ABCD']);
  });

  it('cannot scan (or write) another table: its role names lambda-apigateway only (IAM enforced)', async () => {
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await dynamodb.send(new CreateTableCommand({
      TableName: 'discovery-catalog-elsewhere', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
    const fn = await new LambdaClient(cloud.clientConfig).send(new GetFunctionConfigurationCommand({ FunctionName: `${PREFIX}LambdaFunctionOverHttps` }));
    const session = `arn:aws:sts::000000000000:assumed-role/${fn.Role!.split('/').pop()}/${PREFIX}LambdaFunctionOverHttps`;
    const other = 'arn:aws:dynamodb:us-east-1:000000000000:table/discovery-catalog-elsewhere';
    for (const [operation, action] of [['list', 'Scan'], ['create', 'PutItem']] as const) {
      const refused = await manager({ operation, tableName: 'discovery-catalog-elsewhere', payload: operation === 'create' ? { Item: { id: 'x' } } : {} });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.json)).toContain(
        `An error occurred (AccessDeniedException) when calling the ${action} operation: User: ${session} is not authorized to perform: dynamodb:${action} on resource: ${other} because no identity-based policy allows the dynamodb:${action} action`,
      );
    }
    const { Count } = await dynamodb.send(new ScanCommand({ TableName: 'discovery-catalog-elsewhere' }));
    expect(Count).toBe(0);
    await dynamodb.send(new DeleteTableCommand({ TableName: 'discovery-catalog-elsewhere' }));
  });

  it('answers 400 for an unrecognised operation and for a body without one', async () => {
    const unknown = await manager({ operation: 'explode', payload: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ message: 'Unrecognized operation "explode"' });

    const invalid = await manager({ payload: {} });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ message: 'Invalid request body' });
  });

  it('answers 429 beyond the usage plan\'s burst of 20 while no time passes', async () => {
    clock.freeze();
    await clock.advance(60_000); // a full bucket, whatever the requests above took from it
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await manager({ operation: 'ping' })).status);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
      expect(statuses[20]).toBe(429);
      const over = await manager({ operation: 'ping' });
      expect(over.json).toEqual({ message: 'Too Many Requests' });

      await clock.advance(1_000); // 100 requests/s refill the bucket
      expect((await manager({ operation: 'ping' })).status).toBe(200);
    } finally {
      clock.thaw();
    }
  }, 120_000);

  it('teardown keeps the table (and its items); --delete-data removes it', async () => {
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await teardown(cloud, configPath);
    expect(await leftovers(cloud, PREFIX)).toEqual(NOTHING_LEFT);
    const kept = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: '1234ABCD' } } }));
    expect(kept.Item?.id).toEqual({ S: '1234ABCD' });

    await teardown(cloud, configPath, { deleteData: true });
    expect(await leftovers(cloud, PREFIX)).toEqual(NOTHING_LEFT);
    await waitUntilTableNotExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: TABLE });
    await expect(dynamodb.send(new DescribeTableCommand({ TableName: TABLE }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  }, 240_000);
});
