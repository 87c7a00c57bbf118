// A stage serving a deployment of the current definition (its description carries the hash).
import { call } from '../calls.js';
import { upToDate, wanted, type KindModule } from './kind.js';
import { deploymentDescription, primaryApi } from './rest-api.js';

export const deployment: KindModule<'deployment'> = {
  read: { with: 'restApi' },
  diff(d, { remote }) {
    const api = remote.restApis.find((a) => a.id === d.restApiId);
    const stage = api?.stages[d.stageName];
    const description = stage?.deploymentId ? api!.deployments[stage.deploymentId] : undefined;
    if (stage && description === deploymentDescription(d.definitionHash)) return upToDate({ deploymentId: stage.deploymentId! });
    return {
      exists: Boolean(stage), reason: stage ? 'stage serves an older definition' : 'stage does not exist',
      calls: [call('apigateway:CreateDeployment', { restApiId: d.restApiId, stageName: d.stageName, description: deploymentDescription(d.definitionHash) }, `${d.restApiId}/${d.stageName}`, { outputs: { deploymentId: 'id' } })],
    };
  },
  orphans(remote, desired) {
    const apis = new Set(wanted(desired, 'restApi').map((a) => a.name));
    const stages = new Set(wanted(desired, 'deployment').map((d) => `${d.restApiId}/${d.stageName}`));
    return remote.restApis.filter((a) => apis.has(a.name) && primaryApi(remote, a.name)?.id === a.id).flatMap((a) => Object.keys(a.stages)
      .filter((s) => !stages.has(`${a.id}/${s}`))
      .map((s) => ({ id: `stage:${a.id}:${s}`, kind: 'deployment' as const, name: s, parent: a.id })));
  },
  deleteCalls: (o) => (o.parent ? [call('apigateway:DeleteStage', { restApiId: o.parent, stageName: o.name }, `${o.parent}/${o.name}`, { absentOk: true })] : []),
  deleteRank: 2,
};
