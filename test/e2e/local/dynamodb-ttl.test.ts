// DynamoDB time to live in the local cloud: UpdateTimeToLive is kept, and expired items are
// deleted by the sweeper, as AWS deletes them some time after expiry.
import {
  CreateTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, PutItemCommand, ScanCommand, UpdateTimeToLiveCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/local/clock.js';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

describe('DynamoDB TTL', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 12, 0, 0));
  let cloud: TestCloud;
  useTestCloud({ clock }, (started) => {
    cloud = started;
  });

  it('deletes items whose TTL has passed, and only those', async () => {
    const ddb = new DynamoDBClient(cloud.clientConfig);
    await ddb.send(new CreateTableCommand({
      TableName: 'leases',
      AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }, { AttributeName: 'version', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }, { AttributeName: 'version', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 10, minDelay: 1 }, { TableName: 'leases' });
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: 'leases', TimeToLiveSpecification: { Enabled: true, AttributeName: 'purge_at' } }));
    expect((await ddb.send(new DescribeTimeToLiveCommand({ TableName: 'leases' }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'purge_at' });

    const nowS = Math.floor(clock.now() / 1000);
    const put = (version: string, purgeAt?: number) => ddb.send(new PutItemCommand({
      TableName: 'leases',
      Item: { name: { S: 'svc' }, version: { S: version }, ...(purgeAt === undefined ? {} : { purge_at: { N: String(purgeAt) } }) },
    }));
    await put('expired', nowS - 10);
    await put('later', nowS + 60);
    await put('no-ttl');
    await put('ancient', nowS - 6 * 365 * 24 * 3600); // AWS ignores TTLs over five years old
    const versions = async () => (await ddb.send(new ScanCommand({ TableName: 'leases' }))).Items!.map((i) => i.version!.S).sort();

    expect(await cloud.ctx.ports.dynamodb!.sweepExpiredItems()).toBe(1);
    expect(await versions()).toEqual(['ancient', 'later', 'no-ttl']);

    await clock.advance(61_000);
    expect(await cloud.ctx.ports.dynamodb!.sweepExpiredItems()).toBe(1);
    expect(await versions()).toEqual(['ancient', 'no-ttl']);
  });
});
