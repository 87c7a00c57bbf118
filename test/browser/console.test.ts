// The local console in a real browser, after `discovery-cli deploy` put the discovery system on a
// fresh local cloud and its registrar registered hello_world: the page lists the seven functions,
// both APIs with their routes, the catalog table's items and hello_world's registration, and a
// request sent from the page's form is answered. Screenshots go to test-artifacts/console/.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud.js';
import { copyRootProject, deployRoot, type DeployOutput } from '../e2e/discovery/support.js';
import { launchChromium, screenshot, type Page, type TestBrowser } from './chromium.js';

const name = (key: string) => `discovery-dev-${key}`;
const FUNCTIONS = ['catalog_deregister', 'catalog_latest', 'catalog_list', 'catalog_lookup', 'catalog_register', 'hello_world', 'hello_world_registrar'].map(name);

let cloud: TestCloud;
let configPath: string;
let deployed: DeployOutput;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  cloud = await startTestCloud();
  configPath = copyRootProject();
  deployed = await deployRoot(cloud, configPath);
  const registrar = await new LambdaClient(cloud.clientConfig).send(new InvokeCommand({ FunctionName: name('hello_world_registrar') }));
  if (registrar.FunctionError) throw new Error(`the registrar failed: ${Buffer.from(registrar.Payload ?? []).toString()}`);
  browser = await launchChromium();
  page = await browser.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.dispose();
  if (configPath) rmSync(dirname(configPath), { recursive: true, force: true });
});

const open = async (tab: string) => {
  await page.goto(`${cloud.url}/_local/console#${tab}`);
  await page.getByRole('tab', { name: /./ }).first().waitFor();
};

describe('the local console after deploying the discovery system', () => {
  it('lists the seven functions, and one function shows its configuration and recent invocations with their logs', async () => {
    await open('functions');
    const rows = page.getByTestId('function-row');
    await expect.poll(() => rows.count()).toBe(7);
    const names = await rows.locator('td:first-child').allInnerTexts();
    expect(names.sort()).toEqual(FUNCTIONS);
    await page.getByRole('link', { name: name('hello_world_registrar') }).click();
    const detail = page.getByTestId('function-detail');
    await expect.poll(() => detail.innerText()).toContain('SERVICE_NAME');
    expect(await detail.innerText()).toContain('nodejs22.x');
    const invocation = detail.getByTestId('invocation').first();
    await invocation.waitFor();
    await invocation.locator('summary').click();
    expect(await invocation.innerText()).toMatch(/ms/);
    await screenshot(page, 'functions');
  });

  it('shows the two APIs with their stage and route trees', async () => {
    await open('apis');
    const cards = page.getByTestId('api-card');
    await expect.poll(() => cards.count()).toBe(2);
    const catalog = cards.filter({ hasText: name('catalog') });
    const hello = cards.filter({ hasText: name('hello') }).filter({ hasNotText: name('catalog') });
    const catalogRoutes = await catalog.getByTestId('route').locator('code.path').allInnerTexts();
    expect(catalogRoutes).toEqual(expect.arrayContaining(['/catalog', '/catalog/register', '/catalog/deregister', '/catalog/{serviceName}', '/catalog/{serviceName}/latest', '/catalog/{serviceName}/{serviceVersion}']));
    expect(await hello.getByTestId('route').locator('code.path').allInnerTexts()).toContain('/hello');
    const helloApi = deployed.apis.find((a) => a.name === name('hello'))!;
    expect(await hello.getByTestId('stage-url').innerText()).toContain(`/restapis/${helloApi.id}/dev/_user_request_`);
    await screenshot(page, 'apis');
  });

  it('sends a request from the page and shows the answer', async () => {
    await open('apis');
    const hello = page.getByTestId('api-card').filter({ hasText: '/hello' }).filter({ hasNotText: '/catalog' });
    const form = hello.getByTestId('request-form');
    await form.getByLabel('Path').fill('/hello');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.getByTestId('answer-status').innerText().catch(() => '')).toBe('200');
    expect(await form.getByTestId('answer-body').innerText()).toContain('Hello World');
    await screenshot(page, 'api-request');
    // The request is in the live call log like any other.
    await open('calls');
    await expect.poll(() => page.getByTestId('calls').innerText()).toContain('GET dev/hello');
    await screenshot(page, 'calls');
  });

  it("lists the catalog table's items", async () => {
    await open('tables');
    const table = page.getByTestId('table-row').filter({ hasText: name('catalog') });
    await table.getByRole('link').click();
    const items = page.getByTestId('item-row');
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('items').innerText()).toContain('hello_world');
    await screenshot(page, 'tables');
  });

  it("shows hello_world's registration in the discovery catalog, with its status and lease", async () => {
    await open('catalog');
    const entry = page.locator('[data-testid=catalog-entry][data-service=hello_world][data-version="1.0"]');
    await entry.waitFor();
    expect(await entry.getByTestId('catalog-status').innerText()).toBe('healthy');
    expect(await entry.innerText()).toMatch(/\d+ s left/);
    await screenshot(page, 'catalog');
  });

  it('puts an item into a table from the page, then deletes it', async () => {
    await open('tables');
    await page.getByTestId('table-row').filter({ hasText: name('catalog') }).getByRole('link').click();
    const panel = page.getByTestId('table-items');
    await panel.getByLabel('Item').fill(JSON.stringify({ name: { S: 'console_test' }, version: { S: '9.9' }, status: { S: 'healthy' } }));
    await panel.getByRole('button', { name: 'Put item' }).click();
    const row = panel.getByTestId('item-row').filter({ hasText: 'console_test' });
    await row.waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });

  it('asked the local cloud for nothing it refused (no unsigned control-plane request, no favicon)', () => {
    expect(cloud.calls().filter((call) => call.operation === 'Refused')).toEqual([]);
  });
});
