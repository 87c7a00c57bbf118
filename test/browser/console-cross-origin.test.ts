// A web page the developer visits (another origin, here another port of 127.0.0.1) can neither read
// the console's data nor change anything through it, whatever the browser lets it send; the
// console's own page, under either of its origins, can.
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud.js';
import { launchChromium, screenshot, type TestBrowser } from './chromium.js';

const TABLE = 'victim';
let cloud: TestCloud;
let browser: TestBrowser;
let hostile: Server;
let hostileUrl: string;

/** The attacker's page: every way a page can reach another origin, results kept in window.results. */
const hostilePage = (target: string) => `<!doctype html><html><body><h1>Nothing to see</h1>
<form id="form" method="POST" enctype="text/plain" action="${target}/_local/console/api/tables/${TABLE}/query" target="sink">
  <input name='{"partition":"x","ignore":"' value='"}'>
</form>
<iframe name="sink"></iframe>
<script>
const api = ${JSON.stringify(`${target}/_local/console/api`)};
const item = JSON.stringify({ item: { pk: { S: 'written-by-attacker' } } });
async function attempt(name, run) {
  try { results[name] = await run(); } catch (err) { results[name] = 'blocked: ' + err.name; }
}
window.results = {};
window.done = (async () => {
  await attempt('read', async () => (await fetch(api + '/tables')).status);
  await attempt('readNoCors', async () => { const r = await fetch(api + '/tables', { mode: 'no-cors' }); return r.type + ':' + (await r.text()).length; });
  await attempt('putJson', async () => (await fetch(api + '/tables/${TABLE}/items', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: item })).status);
  await attempt('putNoCors', async () => (await fetch(api + '/tables/${TABLE}/items', { method: 'PUT', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: item })).type);
  await attempt('postNoCors', async () => (await fetch(api + '/apis/x/stages/y/request', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ method: 'GET', path: '/' }) })).type);
  await attempt('beacon', async () => navigator.sendBeacon(api + '/tables/${TABLE}/items', new Blob([item], { type: 'text/plain' })));
  document.getElementById('form').submit();
})();
</script></body></html>`;

beforeAll(async () => {
  cloud = await startTestCloud();
  await new DynamoDBClient(cloud.clientConfig).send(new CreateTableCommand({
    TableName: TABLE, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  }));
  hostile = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(hostilePage(cloud.url));
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => hostile?.close(resolve));
  await cloud?.dispose();
});

const items = async () => (await new DynamoDBClient(cloud.clientConfig).send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items ?? [];

describe('the console against a page of another origin', () => {
  it('gives that page nothing to read and takes no change from it', async () => {
    const page = await browser.newPage();
    const refused: { url: string; status: number }[] = [];
    page.on('response', (res) => {
      if (res.url().startsWith(cloud.url)) refused.push({ url: res.url(), status: res.status() });
    });
    await page.goto(hostileUrl);
    await page.evaluate(() => (window as unknown as { done: Promise<void> }).done);
    await page.waitForEvent('framenavigated', { predicate: (frame) => frame.url().includes('/query'), timeout: 10_000 }).catch(() => undefined);
    const results = await page.evaluate(() => (window as unknown as { results: Record<string, unknown> }).results);
    await screenshot(page, 'cross-origin');

    // CORS: the browser hides the answer (the console grants no origin but its own) or refuses to send.
    expect(results.read).toBe('blocked: TypeError');
    expect(results.putJson).toBe('blocked: TypeError');
    // Opaque: sent, but the page learns nothing; the console refused it.
    expect(results.readNoCors).toBe('opaque:0');
    expect(results.postNoCors).toBe('opaque');
    // A browser sends no PUT (or DELETE) without CORS at all.
    expect(results.putNoCors).toBe('blocked: TypeError');
    // Everything that did reach the local cloud was answered 403 (the gate or the console).
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect(answer, answer.url).toMatchObject({ status: 403 });
    expect(await items()).toEqual([]);
    // No request was sent to an API on the page's behalf.
    expect(cloud.calls().filter((c) => c.operation.includes('(console)'))).toEqual([]);
    await page.close();
  });

  it('is refused to another site even when the user allowed that origin for the control plane', async () => {
    const allowing = await startTestCloud({ allowOrigins: ['http://127.0.0.1:3000'] });
    try {
      const own = await fetch(`${allowing.url}/_local/health`, { headers: { origin: 'http://127.0.0.1:3000' } });
      expect(own.status).toBe(200);
      const res = await fetch(`${allowing.url}/_local/console/api/tables`, { headers: { origin: 'http://127.0.0.1:3000' } });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'Forbidden', message: expect.stringContaining('Origin http://127.0.0.1:3000') } });
    } finally {
      await allowing.dispose();
    }
  });

  it('takes changes from its own page, at 127.0.0.1 and at localhost', async () => {
    for (const [index, base] of [cloud.url, cloud.url.replace('127.0.0.1', 'localhost')].entries()) {
      const page = await browser.newPage();
      await page.goto(`${base}/_local/console#tables`);
      const status = await page.evaluate(async (pk) => {
        const res = await fetch('/_local/console/api/tables/victim/items', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: { pk: { S: pk } } }) });
        return res.status;
      }, `own-page-${index}`);
      expect(status, base).toBe(200);
      await page.close();
    }
    expect((await items()).map((i) => i.pk?.S).sort()).toEqual(['own-page-0', 'own-page-1']);
  });

  it('cannot be framed by another site', async () => {
    const page = await browser.newPage();
    await page.setContent(`<iframe id="f" src="${cloud.url}/_local/console"></iframe>`);
    const response = await fetch(`${cloud.url}/_local/console`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const frame = page.frames().find((f) => f.url().includes('/_local/console'));
    // Blocked: the frame never runs the console (no tab list rendered in it).
    const tabs = frame ? await frame.locator('[role=tab]').count().catch(() => 0) : 0;
    expect(tabs).toBe(0);
    await page.close();
  });
});
