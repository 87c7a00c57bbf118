// The deploy engine end to end against a fresh local cloud: create, no-change redeploy with
// zero writes, a one-handler change, teardown (with and without the state file).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { callEndpoints, inventory, servedCalls, useDeployProject, writeCalls, type DeployProject } from './harness.js';

const PREFIX = 'fxdeploy-dev-';
let cloud: TestCloud;
let project: DeployProject['project'];
let run: DeployProject['run'];
useDeployProject('deploy-basic', (started) => ({ cloud, project, run } = started));

describe('deploy to the local cloud', () => {
  it('creates everything, and every endpoint it prints answers', async () => {
    const result = await run.deploy();
    expect(result.report.changes.updated).toEqual([]);
    expect(result.report.changes.deleted).toEqual([]);
    const api = result.report.apis[0]!;
    expect(api.stageUrl).toBe(`${cloud.url}/restapis/${api.id}/dev/_user_request_`);
    expect(await callEndpoints(result.report)).toEqual(['GET /hello -> 200', 'POST /echo -> 200']);
    const hello = await (await fetch(`${api.stageUrl}/hello`)).json();
    expect(hello).toEqual({ message: 'hello', table: 'fxdeploy-dev-items' });
    expect(await inventory(cloud, PREFIX)).toEqual({
      functions: ['fxdeploy-dev-echo', 'fxdeploy-dev-hello'], roles: ['fxdeploy-dev-echo', 'fxdeploy-dev-hello'], apis: ['fxdeploy-dev-main'],
      keys: ['fxdeploy-dev-partner'], plans: ['fxdeploy-dev-basic'], rules: [], tables: ['fxdeploy-dev-items'],
    });
    const state = JSON.parse(readFileSync(join(project.dir, '.discovery/dev.json'), 'utf8'));
    expect(state.resources['restApi:main'].outputs.id).toBe(api.id);
  });

  it('makes zero write calls when nothing changed, two calls deep', async () => {
    cloud.clearCalls();
    const result = await run.deploy();
    const served = await servedCalls(cloud);
    expect(served).toEqual(expect.arrayContaining(['lambda:GetFunction', 'apigateway:GetRestApis', 'dynamodb:DescribeTable']));
    expect(await writeCalls(cloud)).toEqual([]);
    expect(result.report.changes.created).toEqual([]);
    expect(result.report.changes.updated).toEqual([]);
    expect(result.criticalPathDepth).toBeLessThanOrEqual(2);
  });

  it('updates only the function whose handler changed', async () => {
    const file = join(project.dir, 'handlers/hello.mjs');
    writeFileSync(file, readFileSync(file, 'utf8').replace("message: 'hello'", "message: 'hello again'"));
    cloud.clearCalls();
    const result = await run.deploy();
    expect(result.report.changes.updated).toEqual(['function:hello']);
    expect(result.report.changes.created).toEqual([]);
    expect(await writeCalls(cloud)).toEqual(['lambda:UpdateFunctionCode']);
    const api = result.report.apis[0]!;
    expect(await (await fetch(`${api.stageUrl}/hello`)).json()).toMatchObject({ message: 'hello again' });
  });

  it('tears down everything but the table, and a second teardown has nothing to do', async () => {
    const result = await run.teardown();
    expect(result.report.changes.deleted.length).toBeGreaterThan(5);
    expect(await inventory(cloud, PREFIX)).toEqual({ functions: [], roles: [], apis: [], keys: [], plans: [], rules: [], tables: ['fxdeploy-dev-items'] });
    const again = await run.teardown();
    expect(again.plan.steps).toEqual([]);
  });

  it('tears down with the state file deleted, and deletes the table with deleteData', async () => {
    await run.deploy();
    // The run ended with its cache writes: nothing half-written is left, and the folder can go.
    expect(readdirSync(join(project.dir, '.discovery', 'cache'), { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
    rmSync(join(project.dir, '.discovery'), { recursive: true, force: true });
    await run.teardown({ deleteData: true });
    expect(await inventory(cloud, PREFIX)).toEqual({ functions: [], roles: [], apis: [], keys: [], plans: [], rules: [], tables: [] });
  });
});
