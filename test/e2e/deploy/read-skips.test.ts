// A fresh deploy reads only what exists: the listings of functions and roles prove the rest
// absent, so no per-function or per-role read answers 404 (issue #11: 300 such reads for 50
// functions before). A redeploy still reads every function and role it finds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, engine, type FixtureCopy } from '../../helpers/deploy-engine.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

describe('deploy reads', () => {
  let cloud: TestCloud;
  let project: FixtureCopy;
  beforeAll(async () => {
    cloud = await startTestCloud();
    project = copyFixture('deploy-basic');
  });
  afterAll(async () => {
    project.dispose();
    await cloud.dispose();
  });

  const perResourceReads = () =>
    cloud.calls().filter((c) => (c.service === 'lambda' && c.operation !== 'ListFunctions') || (c.service === 'iam' && c.operation !== 'ListRoles'));

  it('sends no per-function or per-role read on a fresh deploy', async () => {
    cloud.clearCalls();
    await engine(cloud.url, project.configPath).deploy();
    expect(perResourceReads().filter((c) => c.status === 404)).toEqual([]);
    expect(cloud.calls().some((c) => c.operation === 'ListFunctions')).toBe(true);
  });

  it('reads each existing function and role again on a redeploy, and changes nothing', async () => {
    cloud.clearCalls();
    const result = await engine(cloud.url, project.configPath).deploy();
    const { created, updated, deleted } = result.report.changes;
    expect([...created, ...updated, ...deleted]).toEqual([]);
    // two functions and two roles, each read with its details (versions, aliases, policies)
    expect(perResourceReads().filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(4);
  });
});
