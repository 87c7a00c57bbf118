// Test helpers: a real desired state from a fixture project (load + build, no AWS), and the
// remote state of a stage that already matches it, to edit into the case under test.
import { resolve } from 'node:path';
import { resolveTarget } from '../../../src/aws/target.js';
import { buildProject } from '../../../src/build/build.js';
import { loadProject } from '../../../src/config/load.js';
import { desiredState } from '../../../src/deploy/desired.js';
import type { DesiredState, Resource } from '../../../src/deploy/model.js';
import { TAG_DEFINITION } from '../../../src/deploy/model.js';
import { deploymentDescription } from '../../../src/deploy/kinds/rest-api.js';
import { topologicalOrder } from '../../../src/deploy/planner.js';
import { fillTokens, referencedIds, type Outputs } from '../../../src/deploy/refs.js';
import { emptyRemoteState, type RemoteState } from '../../../src/deploy/remote-state.js';

export const ACCOUNT = '123456789012';
export const target = await resolveTarget({ region: 'us-east-1', env: { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' } });

export async function desiredFor(fixture: string, stage = 'dev'): Promise<DesiredState> {
  const project = await loadProject({ configPath: resolve(__dirname, '../../fixtures', fixture, 'discovery.config.json'), stage });
  const built = await buildProject(project);
  return desiredState({ built, target, accountId: ACCOUNT });
}

/** What AWS would hold after a successful deploy of `desired` (ids: api-0, key-0, plan-0, version 1). */
export function remoteMatching(desired: DesiredState): RemoteState {
  const remote = emptyRemoteState(ACCOUNT);
  const outputs: Outputs = {};
  let n = 0;
  const byId = new Map(desired.resources.map((r) => [r.id, r]));
  const order = topologicalOrder(desired.resources, (r) => [...(r.after ?? []), ...referencedIds(r)].filter((id) => byId.has(id)));
  for (const raw of order) {
    const r = fillTokens(raw, outputs) as Resource;
    switch (r.kind) {
      case 'role':
        remote.roles[r.name] = { name: r.name, arn: r.arn, tags: r.tags, trustedServices: [r.service], policies: {} };
        break;
      case 'rolePolicy':
        remote.roles[r.roleName]!.policies[r.policyName] = structuredClone(r.document);
        break;
      case 'table':
        remote.tables[r.name] = { name: r.name, arn: r.arn, status: 'ACTIVE', partitionKey: r.partitionKey, sortKey: r.sortKey };
        break;
      case 'tableTtl':
        remote.tables[r.tableName]!.ttl = { attribute: r.attribute, enabled: true };
        break;
      case 'logGroup':
        remote.logGroups.push(r.name);
        break;
      case 'function':
        remote.functions[r.name] = { name: r.name, arn: r.arn, settings: structuredClone(r.settings), codeSha256: r.codeSha256, tags: r.tags, versions: [], aliases: {}, policies: { '': [] } };
        break;
      case 'functionVersion': {
        const fn = remote.functions[r.functionName]!;
        const version = String(fn.versions.length + 1);
        fn.versions.push({ version, codeSha256: r.codeSha256, settings: structuredClone(r.settings) });
        outputs[r.id] = { version };
        break;
      }
      case 'alias':
        remote.functions[r.functionName]!.aliases[r.aliasName] = { version: r.version };
        break;
      case 'permission': {
        const fn = remote.functions[r.functionName]!;
        (fn.policies[r.qualifier ?? ''] ??= []).push({ sid: r.statementId, principal: r.principal, sourceArn: r.sourceArn });
        break;
      }
      case 'restApi':
        remote.restApis.push({ id: `api-${n}`, name: r.name, tags: { ...r.tags, [TAG_DEFINITION]: r.definitionHash }, createdDate: n, stages: {}, deployments: {} });
        outputs[r.id] = { id: `api-${n++}` };
        break;
      case 'deployment': {
        const api = remote.restApis.find((a) => a.id === r.restApiId)!;
        const deploymentId = `dep-${n++}`;
        api.deployments[deploymentId] = deploymentDescription(r.definitionHash);
        api.stages[r.stageName] = { name: r.stageName, deploymentId, variables: {}, methodSettings: {}, cacheClusterEnabled: false, tags: {} };
        break;
      }
      case 'stageSettings': {
        const stage = remote.restApis.find((a) => a.id === r.restApiId)!.stages[r.stageName]!;
        Object.assign(stage, { variables: { ...r.variables }, methodSettings: structuredClone(r.methodSettings), cacheClusterEnabled: r.cacheClusterEnabled, cacheClusterSize: r.cacheClusterSize, accessLog: r.accessLog, tags: r.tags });
        break;
      }
      case 'apiKey':
        remote.apiKeys.push({ id: `key-${n}`, name: r.name, description: r.description, enabled: r.enabled, tags: r.tags, createdDate: n });
        outputs[r.id] = { id: `key-${n++}` };
        break;
      case 'usagePlan':
        remote.usagePlans.push({ id: `plan-${n}`, name: r.name, description: r.description, apiStages: r.apiStages, throttle: r.throttle, quota: r.quota, tags: r.tags, keyIds: [] });
        outputs[r.id] = { id: `plan-${n++}` };
        break;
      case 'usagePlanKey':
        remote.usagePlans.find((p) => p.id === r.usagePlanId)!.keyIds.push(r.keyId);
        break;
      case 'scheduleRule':
        remote.rules[r.name] = { name: r.name, arn: r.arn, expression: r.expression, enabled: r.enabled, targets: [] };
        break;
      case 'scheduleTarget':
        remote.rules[r.ruleName]!.targets.push({ id: r.targetId, arn: r.functionArn, input: r.input });
        break;
      case 'apiGatewayAccount':
        remote.apiGatewayAccount = { cloudwatchRoleArn: r.roleArn };
        break;
      case 'invokeAfterDeploy':
        break;
    }
  }
  return remote;
}
