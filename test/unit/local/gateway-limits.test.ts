import { describe, expect, it } from 'vitest';
import { quotaPeriodStart } from '../../../src/local/gateway/limits/usage-plans.js';
import { addApiKey, addUsagePlan, buildApiData, harness, ManualClock, mockIntegration } from './gateway-fixtures.js';

const keyedApi = () => buildApiData({
  paths: {
    '/items': { GET: { apiKeyRequired: true, integration: mockIntegration() } },
    '/items/{id}': { GET: { apiKeyRequired: true, integration: mockIntegration() } },
    '/open': { GET: { integration: mockIntegration() } },
  },
});

describe('API keys and usage plans', () => {
  it('answers 403 Forbidden without a key, with an unknown, disabled or unbound key; 200 with a bound key', async () => {
    const data = keyedApi();
    addApiKey(data, { id: 'k1', value: 'good-key-value-0123456789' });
    addApiKey(data, { id: 'k2', value: 'disabled-key-0123456789', enabled: false });
    addApiKey(data, { id: 'k3', value: 'unbound-key-0123456789' });
    addUsagePlan(data, { id: 'p1', keyIds: ['k1', 'k2'] });
    addUsagePlan(data, { id: 'p2', keyIds: ['k3'], apiStages: [{ apiId: 'otherapi', stage: 'dev' }] });
    const gw = harness(data);
    for (const key of [undefined, 'nope', 'disabled-key-0123456789', 'unbound-key-0123456789']) {
      const res = await gw.send({ path: '/items', headers: key ? { 'x-api-key': key } : {} });
      expect(res.status, String(key)).toBe(403);
      expect(res.text).toBe('{"message":"Forbidden"}');
      expect(res.headers['x-amzn-ErrorType']).toBe('ForbiddenException');
    }
    expect((await gw.send({ path: '/items', headers: { 'x-api-key': 'good-key-value-0123456789' } })).status).toBe(200);
    expect((await gw.send({ path: '/open' })).status).toBe(200);
  });

  it('answers 429 Limit Exceeded past the quota, and serves again in the next period', async () => {
    const data = keyedApi();
    addApiKey(data, { id: 'k1', value: 'good-key-value-0123456789' });
    addUsagePlan(data, { id: 'p1', keyIds: ['k1'], quota: { limit: 3, period: 'DAY' } });
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 23, 59, 0));
    const gw = harness(data, { clock });
    const headers = { 'x-api-key': 'good-key-value-0123456789' };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await gw.send({ path: '/items', headers })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const over = await gw.send({ path: '/items', headers });
    expect(over.text).toBe('{"message":"Limit Exceeded"}');
    expect(over.headers['x-amzn-ErrorType']).toBe('LimitExceededException');
    await clock.advance(60_000);
    expect((await gw.send({ path: '/items', headers })).status).toBe(200);
  });

  it('throttles per key with a token bucket: burst, then rate per second', async () => {
    const data = keyedApi();
    addApiKey(data, { id: 'k1', value: 'good-key-value-0123456789' });
    addApiKey(data, { id: 'k2', value: 'other-key-value-0123456789' });
    addUsagePlan(data, { id: 'p1', keyIds: ['k1', 'k2'], throttle: { rateLimit: 2, burstLimit: 2 } });
    const clock = new ManualClock();
    const gw = harness(data, { clock });
    const send = (key: string) => gw.send({ path: '/items', headers: { 'x-api-key': key } });
    expect((await send('good-key-value-0123456789')).status).toBe(200);
    expect((await send('good-key-value-0123456789')).status).toBe(200);
    const throttled = await send('good-key-value-0123456789');
    expect(throttled.status).toBe(429);
    expect(throttled.text).toBe('{"message":"Too Many Requests"}');
    // Another key has its own bucket.
    expect((await send('other-key-value-0123456789')).status).toBe(200);
    await clock.advance(500); // 2/s refills one token in 500 ms
    expect((await send('good-key-value-0123456789')).status).toBe(200);
    expect((await send('good-key-value-0123456789')).status).toBe(429);
  });

  it('applies per-method throttle overrides of the plan stage', async () => {
    const data = keyedApi();
    addApiKey(data, { id: 'k1', value: 'good-key-value-0123456789' });
    addUsagePlan(data, {
      id: 'p1', keyIds: ['k1'], throttle: { rateLimit: 100, burstLimit: 100 },
      apiStages: [{ apiId: 'abc123defg', stage: 'dev', throttle: { '/items/{id}/GET': { rateLimit: 1, burstLimit: 1 } } }],
    });
    const gw = harness(data);
    const headers = { 'x-api-key': 'good-key-value-0123456789' };
    expect((await gw.send({ path: '/items/1', headers })).status).toBe(200);
    expect((await gw.send({ path: '/items/2', headers })).status).toBe(429);
    expect((await gw.send({ path: '/items', headers })).status).toBe(200);
  });

  it('applies stage methodSettings throttles, the method key over */*', async () => {
    const data = buildApiData({
      methodSettings: { '*/*': { throttlingRateLimit: 1, throttlingBurstLimit: 1 }, '~1items~1{id}/GET': { throttlingRateLimit: 10, throttlingBurstLimit: 3 } },
      paths: { '/items': { GET: { integration: mockIntegration() } }, '/items/{id}': { GET: { integration: mockIntegration() } } },
    });
    const gw = harness(data);
    expect([(await gw.send({ path: '/items' })).status, (await gw.send({ path: '/items' })).status]).toEqual([200, 429]);
    const perItem = [];
    for (let i = 0; i < 4; i++) perItem.push((await gw.send({ path: `/items/${i}` })).status);
    expect(perItem).toEqual([200, 200, 200, 429]);
  });

  it('starts quota periods in UTC: day, week (offset 0 = Sunday), month', () => {
    const wed = Date.UTC(2026, 10, 18, 15, 30); // Wednesday
    expect(new Date(quotaPeriodStart('DAY', 0, wed)).toISOString()).toBe('2026-11-18T00:00:00.000Z');
    expect(new Date(quotaPeriodStart('WEEK', 0, wed)).toISOString()).toBe('2026-11-15T00:00:00.000Z');
    expect(new Date(quotaPeriodStart('WEEK', 1, wed)).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(new Date(quotaPeriodStart('MONTH', 0, wed)).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});
