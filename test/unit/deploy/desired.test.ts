// The desired model's pure parts: qualifiers an API invokes, stage patches, references.
import { beforeAll, describe, expect, it } from 'vitest';
import { methodSettingPath, stagePatch } from '../../../src/deploy/kinds/stage-settings.js';
import { invokedQualifiers } from '../../../src/deploy/desired.js';
import type { DesiredState, StageSettingsResource } from '../../../src/deploy/model.js';
import { ACCOUNT, desiredFor } from './helpers.js';

const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:p-dev-fn`;
const uri = (suffix: string) => `"uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ARN}${suffix}/invocations"`;

describe('invokedQualifiers', () => {
  it('finds the unqualified ARN, literal aliases and stage-variable aliases per stage', () => {
    expect(invokedQualifiers(uri(''), ARN, [{}])).toEqual([undefined]);
    expect(invokedQualifiers(uri(':prod'), ARN, [{}])).toEqual(['prod']);
    expect(invokedQualifiers(uri(':${stageVariables.lambdaAlias}'), ARN, [{ lambdaAlias: 'live' }, { lambdaAlias: 'beta' }, {}])).toEqual(['live', 'beta']);
  });
  it('does not mistake a longer function name for this one', () => {
    expect(invokedQualifiers(`"${ARN}x/invocations"`, ARN, [{}])).toEqual([]);
  });
});

describe('stage patches', () => {
  const base: StageSettingsResource = {
    id: 's', kind: 'stageSettings', restApiId: 'a', stageName: 'dev', stageArn: 'arn', variables: { color: 'blue' },
    methodSettings: { '*/*': { throttlingRateLimit: 10 }, '/pets/{id}/GET': { cachingEnabled: true } }, cacheClusterEnabled: false, tags: {},
  };
  it('escapes resource paths as API Gateway patch paths want', () => {
    expect(methodSettingPath('*/*')).toBe('/*/*');
    expect(methodSettingPath('/pets/{id}/GET')).toBe('/~1pets~1{id}/GET');
  });
  it('sets only what differs and removes variables no longer configured', () => {
    const ops = stagePatch(base, { name: 'dev', variables: { color: 'red', old: 'x' }, methodSettings: { '*/*': { throttlingRateLimit: 10 } }, cacheClusterEnabled: false, tags: {} });
    expect(ops).toEqual([
      { op: 'replace', path: '/variables/color', value: 'blue' },
      { op: 'remove', path: '/variables/old' },
      { op: 'replace', path: '/~1pets~1{id}/GET/caching/enabled', value: 'true' },
    ]);
  });
  it('removes the settings of a method no longer configured', () => {
    const current = { name: 'dev', variables: { color: 'blue' }, methodSettings: { ...base.methodSettings, '/old/POST': { throttlingRateLimit: 1 } }, cacheClusterEnabled: false, tags: {} };
    expect(stagePatch(base, current)).toEqual([{ op: 'remove', path: '/~1old/POST' }]);
  });
});

describe('desired state from a project', () => {
  let aliased: DesiredState;
  beforeAll(async () => {
    aliased = await desiredFor('valid/node-api');
  });

  it('makes a function referencing an API wait for it, through a token', () => {
    const worker = aliased.resources.find((r) => r.id === 'function:worker');
    expect(worker?.kind === 'function' && worker.settings.environment.HELLO_API).toBe('https://{{ref:restApi:hello#id}}.execute-api.us-east-1.amazonaws.com/live');
  });

  it('keeps an alias per API stage on the functions the API invokes, and a permission per alias', () => {
    const ids = aliased.resources.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['alias:hello:live', 'alias:hello:beta', 'functionVersion:hello']));
    const perms = aliased.resources.filter((r) => r.kind === 'permission' && r.principal === 'apigateway.amazonaws.com');
    expect(perms.map((p) => (p.kind === 'permission' ? p.qualifier : '')).sort()).toEqual(['beta', 'live']);
  });

  it('schedules with an EventBridge rule, target and a permission scoped to that rule', () => {
    const perm = aliased.resources.find((r) => r.id === 'permission:worker:discovery-schedule');
    expect(perm).toMatchObject({ principal: 'events.amazonaws.com', sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/fixture-node-dev-worker-schedule` });
  });
});
