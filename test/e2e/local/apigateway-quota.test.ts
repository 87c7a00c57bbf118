// API Gateway's control-plane quotas as a fault (apiGatewayQuotaScale), driven by an injected clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  ImportRestApiCommand,
  PutRestApiCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-api-gateway';
import { ManualClock } from '../../../src/local/clock.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const DOC = new TextEncoder().encode(JSON.stringify({
  swagger: '2.0',
  info: { title: 'quota', version: '1' },
  paths: { '/ping': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } } },
}));

async function throttled(call: Promise<unknown>): Promise<TooManyRequestsException> {
  const err = await call.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(TooManyRequestsException);
  return err as TooManyRequestsException;
}

describe('API Gateway quota faults', () => {
  const clock = new ManualClock();
  let cloud: TestCloud;
  let client: APIGatewayClient;

  beforeAll(async () => {
    cloud = await startTestCloud({ clock, faults: { apiGatewayQuotaScale: 1 } });
    // No SDK retries: each call's answer is what the test looks at.
    client = new APIGatewayClient({ ...cloud.clientConfig, maxAttempts: 1 });
  });
  afterAll(() => cloud.dispose());

  it('allows one ImportRestApi per 3 s and answers 429 with Retry-After in between', async () => {
    const api = await client.send(new ImportRestApiCommand({ body: DOC }));
    const err = await throttled(client.send(new ImportRestApiCommand({ body: DOC })));
    expect(err.message).toBe('Too Many Requests');
    expect(err.$metadata.httpStatusCode).toBe(429);
    expect(err.retryAfterSeconds).toBe('3');
    await clock.advance(2_999);
    await throttled(client.send(new ImportRestApiCommand({ body: DOC })));
    await clock.advance(1);
    expect((await client.send(new ImportRestApiCommand({ body: DOC }))).id).not.toBe(api.id);
  });

  it('allows one CreateDeployment per 5 s and one PutRestApi per second', async () => {
    await clock.advance(10_000);
    const api = await client.send(new ImportRestApiCommand({ body: DOC }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    expect((await throttled(client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' })))).retryAfterSeconds).toBe('5');
    await clock.advance(5_000);
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));

    await client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: DOC }));
    await throttled(client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: DOC })));
    await clock.advance(1_000);
    await client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', body: DOC }));
  });

  it('allows one DeleteRestApi per 30 s; other calls are never throttled', async () => {
    const a = await client.send(new CreateRestApiCommand({ name: 'a' }));
    const b = await client.send(new CreateRestApiCommand({ name: 'b' }));
    await client.send(new DeleteRestApiCommand({ restApiId: a.id }));
    expect((await throttled(client.send(new DeleteRestApiCommand({ restApiId: b.id })))).retryAfterSeconds).toBe('30');
    await clock.advance(30_000);
    await client.send(new DeleteRestApiCommand({ restApiId: b.id }));
  });

  it('scales the windows with apiGatewayQuotaScale', async () => {
    const fastClock = new ManualClock();
    const fast = await startTestCloud({ clock: fastClock, faults: { apiGatewayQuotaScale: 0.01 } });
    try {
      const fastClient = new APIGatewayClient({ ...fast.clientConfig, maxAttempts: 1 });
      await fastClient.send(new ImportRestApiCommand({ body: DOC }));
      await throttled(fastClient.send(new ImportRestApiCommand({ body: DOC })));
      await fastClock.advance(30); // 3 s x 0.01
      await fastClient.send(new ImportRestApiCommand({ body: DOC }));
    } finally {
      await fast.dispose();
    }
  });

  it('does not throttle when the fault is off', async () => {
    const plain = await startTestCloud({ clock: new ManualClock() });
    try {
      const plainClient = new APIGatewayClient({ ...plain.clientConfig, maxAttempts: 1 });
      for (let i = 0; i < 3; i++) await plainClient.send(new ImportRestApiCommand({ body: DOC }));
    } finally {
      await plain.dispose();
    }
  });
});
