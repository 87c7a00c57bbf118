// What the config no longer has is deleted by the next deploy; what it changes is updated in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIGatewayClient, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { callEndpoints, inventory, useDeployProject, type DeployProject } from './harness.js';

let cloud: TestCloud;
let project: DeployProject['project'];
let run: DeployProject['run'];
useDeployProject('deploy-basic', (started) => ({ cloud, project, run } = started));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON edits in a test
function editJson(path: string, edit: (doc: any) => void): void {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  edit(doc);
  writeFileSync(path, JSON.stringify(doc, null, 2));
}

describe('sweep and in-place updates', () => {
  it('deletes a removed function, key and plan binding, and updates the API and plan in place', async () => {
    const first = await run.deploy();
    const apiId = first.report.apis[0]!.id;

    editJson(project.configPath, (c) => {
      delete c.functions.echo;
      delete c.apiKeys;
      delete c.usagePlans.basic.keys;
      c.usagePlans.basic.throttle = { rateLimit: 7, burstLimit: 9 };
    });
    editJson(join(project.dir, 'swagger/main.json'), (d) => { delete d.paths['/echo']; });

    const second = await run.deploy();
    const keyDelete = second.plan.steps.find((s) => s.id.startsWith('delete:apiKey'));
    expect(keyDelete?.action === 'delete' && keyDelete.resource.physicalId).toBeTruthy();
    expect(second.report.changes.deleted.sort()).toEqual([
      keyDelete!.id,
      'delete:function:fxdeploy-dev-echo',
      'delete:logGroup:/aws/lambda/fxdeploy-dev-echo',
      'delete:role:fxdeploy-dev-echo',
      second.plan.steps.find((s) => s.id.startsWith('delete:usagePlanKey'))!.id,
    ].sort());
    expect(second.report.changes.updated.sort()).toEqual(['deployment:main:dev', 'restApi:main', 'usagePlan:basic']);
    // Updated in place: same API id, so the same URL.
    expect(second.report.apis[0]!.id).toBe(apiId);
    expect(await callEndpoints(second.report)).toEqual(['GET /hello -> 200']);
    expect(await inventory(cloud, 'fxdeploy-dev-')).toMatchObject({ functions: ['fxdeploy-dev-hello'], roles: ['fxdeploy-dev-hello'], keys: [], plans: ['fxdeploy-dev-basic'] });
    const plans = await new APIGatewayClient(cloud.clientConfig).send(new GetUsagePlansCommand({}));
    expect(plans.items?.[0]?.throttle).toEqual({ rateLimit: 7, burstLimit: 9 });
  });
});
