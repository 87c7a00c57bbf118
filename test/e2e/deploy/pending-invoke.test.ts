// A deploy killed after its last resource step, before its after-deploy invocation: the next
// run, with nothing else to change, still invokes (the state file kept it pending).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InjectedAbort } from '../../../src/deploy/executor.js';
import { readState } from '../../../src/deploy/state.js';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { servedCalls, useDeployProject, type DeployProject } from './harness.js';

let cloud: TestCloud;
let project: DeployProject['project'];
let run: DeployProject['run'];
useDeployProject('deploy-basic', (started) => ({ cloud, project, run } = started));

describe('invokeAfterDeploy', () => {
  it('runs on the next deploy when the one that planned it was interrupted before it', async () => {
    const config = JSON.parse(readFileSync(project.configPath, 'utf8'));
    config.functions.hello.invokeAfterDeploy = true;
    writeFileSync(project.configPath, JSON.stringify(config, null, 2));

    const dry = await run.deploy({ dryRun: true });
    const resourceSteps = dry.plan.steps.filter((s) => s.action !== 'noop' && s.kind !== 'invokeAfterDeploy').length;
    expect(dry.plan.steps.find((s) => s.id === 'invokeAfterDeploy:hello')?.action).toBe('create');
    await expect(run.deploy({ abortAfterSteps: resourceSteps })).rejects.toBeInstanceOf(InjectedAbort);
    const statePath = project.configPath.replace(/discovery\.config\.json$/, '.discovery/dev.json');
    expect(readState(statePath)?.pendingInvokes).toEqual(['invokeAfterDeploy:hello']);

    cloud.clearCalls();
    const again = await run.deploy();
    expect(again.report.changes.created).toEqual(['invokeAfterDeploy:hello']);
    expect((await servedCalls(cloud)).filter((c) => c === 'lambda:Invoke')).toHaveLength(1);
    expect(readState(statePath)?.pendingInvokes).toBeUndefined();

    cloud.clearCalls();
    const quiet = await run.deploy();
    expect(quiet.report.changes.created).toEqual([]);
    expect(await servedCalls(cloud)).not.toContain('lambda:Invoke');
  });
});
