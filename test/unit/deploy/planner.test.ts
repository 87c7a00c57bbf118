// Plans from given remote states: no AWS, no SDK mocks. The desired states come from real
// fixture projects through the real load and build.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/deploy/model.js';
import { TAG_PROJECT, TAG_STAGE } from '../../../src/deploy/model.js';
import { summarize, type Plan } from '../../../src/deploy/plan.js';
import { plan } from '../../../src/deploy/planner.js';
import type { RemoteState } from '../../../src/deploy/remote-state.js';
import { emptyRemoteState } from '../../../src/deploy/remote-state.js';
import { ACCOUNT, desiredFor, remoteMatching } from './helpers.js';

const planFor = (desired: DesiredState, remote: RemoteState, deleteData = false): Plan =>
  plan({ project: desired.project, stage: desired.stage, region: desired.region, resources: desired.resources, remote, sweep: { deleteData } });
const changed = (p: Plan) => p.steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.id}`).sort();

let basic: DesiredState;
let aliased: DesiredState;
beforeAll(async () => {
  [basic, aliased] = await Promise.all([desiredFor('deploy-basic'), desiredFor('valid/node-api')]);
});

describe('planner: a fresh stage', () => {
  it('creates every resource, deletes nothing, orders functions after their roles', () => {
    const p = planFor(basic, emptyRemoteState(ACCOUNT));
    const s = summarize(p);
    expect(s.delete).toEqual([]);
    expect(s.noop).toEqual([]);
    expect(s.create).toEqual(expect.arrayContaining([
      'role:hello', 'rolePolicy:hello', 'function:hello', 'function:echo', 'table:items', 'restApi:main',
      'deployment:main:dev', 'apiKey:partner', 'usagePlan:basic', 'usagePlanKey:basic:partner',
    ]));
    const fn = p.steps.find((x) => x.id === 'function:hello')!;
    expect(fn.dependsOn).toContain('role:hello');
    expect(fn.dependsOn).not.toContain('rolePolicy:hello');
    // The API does not wait for functions (their ARNs are known from names): depth stays flat.
    expect(p.steps.find((x) => x.id === 'restApi:main')!.dependsOn).toEqual([]);
    const key = p.steps.find((x) => x.id === 'usagePlanKey:basic:partner')!;
    expect(key.dependsOn).toEqual(expect.arrayContaining(['usagePlan:basic', 'apiKey:partner']));
  });

  it('grants each role exactly its log group and its table access', () => {
    const policy = basic.resources.find((r) => r.id === 'rolePolicy:hello');
    expect(policy?.kind).toBe('rolePolicy');
    if (policy?.kind !== 'rolePolicy') return;
    const [logs, table, ...rest] = policy.document.Statement;
    expect(logs!.Resource).toEqual([`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/fxdeploy-dev-hello:*`]);
    expect(table!.Action).toContain('dynamodb:GetItem');
    expect(table!.Action).not.toContain('dynamodb:PutItem');
    expect(table!.Resource).toEqual([`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/fxdeploy-dev-items`, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/fxdeploy-dev-items/index/*`]);
    expect(rest).toEqual([]);
  });

  it('scopes API permissions to the API, not the account', () => {
    const remote = remoteMatching(basic);
    const apiId = remote.restApis[0]!.id;
    const p = planFor(basic, remote);
    const perms = p.steps.filter((s) => s.kind === 'permission');
    expect(perms).toHaveLength(2);
    for (const perm of perms) expect(perm.resource).toMatchObject({ principal: 'apigateway.amazonaws.com', sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/*` });
  });
});

describe('planner: an existing stage', () => {
  it('plans nothing when nothing changed', () => {
    expect(changed(planFor(basic, remoteMatching(basic)))).toEqual([]);
    expect(changed(planFor(aliased, remoteMatching(aliased)))).toEqual([]);
  });

  it('updates only the function whose code changed', () => {
    const remote = remoteMatching(basic);
    remote.functions['fxdeploy-dev-hello']!.codeSha256 = 'old-hash';
    const p = planFor(basic, remote);
    expect(changed(p)).toEqual(['update function:hello']);
    expect(p.steps.find((s) => s.id === 'function:hello')!.calls.map((c) => c.operation)).toEqual(['lambda:UpdateFunctionCode']);
  });

  it('updates configuration without touching code', () => {
    const remote = remoteMatching(basic);
    remote.functions['fxdeploy-dev-echo']!.settings.memory = 128;
    const p = planFor(basic, remote);
    expect(changed(p)).toEqual(['update function:echo']);
    expect(p.steps.find((s) => s.id === 'function:echo')!.calls.map((c) => c.operation)).toEqual(['lambda:UpdateFunctionConfiguration']);
  });

  it('deletes what the config no longer has, after everything else, keys before plans before APIs', () => {
    const remote = remoteMatching(basic);
    const tags = { [TAG_PROJECT]: 'fxdeploy', [TAG_STAGE]: 'dev' };
    remote.functions['fxdeploy-dev-old'] = { name: 'fxdeploy-dev-old', arn: 'arn:aws:lambda:us-east-1:1:function:fxdeploy-dev-old', settings: remote.functions['fxdeploy-dev-echo']!.settings, codeSha256: 'x', tags, versions: [], aliases: {}, policies: {} };
    remote.roles['fxdeploy-dev-old'] = { name: 'fxdeploy-dev-old', arn: 'arn:aws:iam::1:role/fxdeploy-dev-old', tags, trustedServices: ['lambda.amazonaws.com'], policies: {} };
    remote.apiKeys.push({ id: 'key-old', name: 'fxdeploy-dev-gone', description: '', enabled: true, tags });
    remote.restApis.push({ id: 'api-old', name: 'fxdeploy-dev-legacy', tags, stages: {}, deployments: {} });
    remote.logGroups.push('/aws/lambda/fxdeploy-dev-old');
    const p = planFor(basic, remote);
    expect(changed(p)).toEqual([
      'delete delete:apiKey:fxdeploy-dev-gone#key-old',
      'delete delete:function:fxdeploy-dev-old',
      'delete delete:logGroup:/aws/lambda/fxdeploy-dev-old',
      'delete delete:restApi:fxdeploy-dev-legacy#api-old',
      'delete delete:role:fxdeploy-dev-old',
    ]);
    const step = (id: string) => p.steps.find((s) => s.id === id)!;
    expect(step('delete:restApi:fxdeploy-dev-legacy#api-old').dependsOn).toEqual(['delete:apiKey:fxdeploy-dev-gone#key-old']);
    expect(step('delete:role:fxdeploy-dev-old').dependsOn).toEqual(['delete:function:fxdeploy-dev-old']);
  });

  it('replaces a permission scoped account-wide (as the seed made it)', () => {
    const remote = remoteMatching(basic);
    const statements = remote.functions['fxdeploy-dev-hello']!.policies['']!;
    statements[0]!.sourceArn = `arn:aws:execute-api:us-east-1:${ACCOUNT}:*`;
    const p = planFor(basic, remote);
    const id = p.steps.find((s) => s.kind === 'permission' && s.action !== 'noop')!.id;
    expect(changed(p)).toEqual([`update ${id}`]);
    expect(p.steps.find((s) => s.id === id)!.calls.map((c) => c.operation)).toEqual(['lambda:RemovePermission', 'lambda:AddPermission']);
  });

  it('publishes a version and moves the stage aliases when code changes', () => {
    const remote = remoteMatching(aliased);
    remote.functions['fixture-node-dev-hello']!.codeSha256 = 'old';
    remote.functions['fixture-node-dev-hello']!.versions[0]!.codeSha256 = 'old';
    const p = planFor(aliased, remote);
    expect(changed(p)).toEqual([
      'create functionVersion:hello',
      'update alias:hello:beta',
      'update alias:hello:live',
      'update function:hello',
    ]);
    const alias = p.steps.find((s) => s.id === 'alias:hello:live')!;
    expect(alias.dependsOn).toContain('functionVersion:hello');
  });

  it('moves an alias that points at an older version', () => {
    const remote = remoteMatching(aliased);
    const fn = remote.functions['fixture-node-dev-hello']!;
    fn.versions.push({ ...fn.versions[0]!, version: '2' });
    fn.aliases.live = { version: '1' };
    fn.aliases.beta = { version: '2' };
    expect(changed(planFor(aliased, remote))).toEqual(['update alias:hello:live']);
  });

  it('keeps the tagged API of two with one name and deletes the duplicate', () => {
    const remote = remoteMatching(basic);
    remote.restApis.push({ id: 'api-dup', name: 'fxdeploy-dev-main', tags: {}, createdDate: 99, stages: {}, deployments: {} });
    const p = planFor(basic, remote);
    expect(changed(p)).toEqual(['delete delete:restApi:fxdeploy-dev-main#api-dup']);
    // Its reason is the duplicate, not a config change: the API is still in the config.
    expect(p.steps.find((s) => s.action === 'delete')!.reason).toMatch(/^a duplicate of fxdeploy-dev-main/);
  });

  it('says a deletion is a removal from the config, and keeps a table the config dropped', () => {
    const remote = remoteMatching(basic);
    remote.logGroups.push('/aws/lambda/fxdeploy-dev-old');
    remote.tables['fxdeploy-dev-archive'] = { name: 'fxdeploy-dev-archive', arn: 'arn:aws:dynamodb:us-east-1:1:table/fxdeploy-dev-archive', status: 'ACTIVE' };
    const p = planFor(basic, remote);
    expect(p.steps.find((s) => s.id === 'delete:logGroup:/aws/lambda/fxdeploy-dev-old')!.reason).toBe('no longer in the config');
    expect(p.kept).toEqual([{ id: 'table:fxdeploy-dev-archive', reason: 'no longer in the config, but it holds data; teardown --delete-data deletes it' }]);
  });

  it('re-deploys a stage serving an older definition, without re-putting an unchanged API', () => {
    const remote = remoteMatching(basic);
    const api = remote.restApis[0]!;
    api.deployments[api.stages.dev!.deploymentId!] = 'discovery:old';
    expect(changed(planFor(basic, remote))).toEqual(['update deployment:main:dev']);
  });

  it("sets API Gateway's account CloudWatch role before a logging stage, only when the account has none", () => {
    const remote = remoteMatching(aliased);
    delete remote.apiGatewayAccount;
    const p = planFor(aliased, remote);
    expect(changed(p)).toEqual(['create apiGatewayAccount']);
    const logging = p.steps.filter((s) => s.kind === 'stageSettings' && s.dependsOn.includes('apiGatewayAccount'));
    expect(logging.length).toBeGreaterThan(0);
    // Another role already set by the account's owner is left alone.
    expect(changed(planFor(aliased, { ...remote, apiGatewayAccount: { cloudwatchRoleArn: 'arn:aws:iam::000000000000:role/theirs' } }))).toEqual([]);
    // A stage without logging needs nothing.
    expect(basic.resources.some((r) => r.kind === 'apiGatewayAccount')).toBe(false);
  });

  it('updates the stage when it holds settings of a method no longer configured', () => {
    const remote = remoteMatching(basic);
    remote.restApis[0]!.stages.dev!.methodSettings['/gone/GET'] = { throttlingRateLimit: 1 };
    expect(changed(planFor(basic, remote))).toEqual(['update stageSettings:main:dev']);
  });
});

describe('planner: after-deploy invocations', () => {
  const withInvoke = (d: DesiredState): DesiredState => ({
    ...d, resources: [...d.resources, { id: 'invokeAfterDeploy:hello', kind: 'invokeAfterDeploy', functionName: 'fxdeploy-dev-hello', input: '{}', after: d.resources.map((r) => r.id) }],
  });

  it('invokes only when the deploy changes something, or when an interrupted deploy left it pending', () => {
    const d = withInvoke(basic);
    const remote = remoteMatching(basic);
    const quiet = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: d.resources, remote });
    expect(changed(quiet)).toEqual([]);
    const pending = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: d.resources, remote, pendingInvokes: ['invokeAfterDeploy:hello'] });
    expect(changed(pending)).toEqual(['create invokeAfterDeploy:hello']);
    const step = pending.steps.find((s) => s.id === 'invokeAfterDeploy:hello')!;
    expect(step.reason).toBe('left undone by an interrupted deploy');
    expect(step.calls.map((c) => [c.operation, c.input.FunctionName])).toEqual([['lambda:Invoke', 'fxdeploy-dev-hello']]);
  });
});

describe('planner: teardown (empty desired state)', () => {
  it('deletes everything in reverse dependency order and keeps tables', () => {
    const remote = remoteMatching(basic);
    const p = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: [], remote });
    const order = p.steps.map((s) => s.kind);
    expect(order).not.toContain('table');
    const rank = (k: string) => order.indexOf(k as never);
    const depthOf = (id: string): number => {
      const s = p.steps.find((x) => x.id === id)!;
      return s.dependsOn.length ? 1 + Math.max(...s.dependsOn.map(depthOf)) : 0;
    };
    const level = (kind: string) => depthOf(p.steps.find((s) => s.kind === kind)!.id);
    expect(level('apiKey')).toBe(0);
    expect(level('usagePlan')).toBeLessThan(level('restApi'));
    expect(level('restApi')).toBeLessThan(level('function'));
    expect(level('function')).toBeLessThan(level('role'));
    expect(rank('function')).toBeGreaterThanOrEqual(0);
  });

  it('gives the teardown as each deletion\'s reason and says which table it keeps and why', () => {
    const remote = remoteMatching(basic);
    const p = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: [], remote, teardown: true });
    const reasons = new Set(p.steps.map((s) => s.reason));
    expect([...reasons]).toEqual(['stage dev is torn down']);
    expect(p.kept).toEqual([{ id: 'table:fxdeploy-dev-items', reason: 'it holds data; pass --delete-data to delete it' }]);
    const all = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: [], remote, teardown: true, sweep: { deleteData: true } });
    expect(all.steps.find((s) => s.kind === 'table')!.reason).toBe('stage dev is torn down with --delete-data: the table and its data');
    expect(all.kept).toEqual([]);
  });

  it('deletes tables only with deleteData', () => {
    const remote = remoteMatching(basic);
    const p = plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: [], remote, sweep: { deleteData: true } });
    expect(p.steps.filter((s) => s.kind === 'table').map((s) => s.id)).toEqual(['delete:table:fxdeploy-dev-items']);
  });

  it('has nothing to do on an empty account', () => {
    expect(plan({ project: 'fxdeploy', stage: 'dev', region: 'us-east-1', resources: [], remote: emptyRemoteState() }).steps).toEqual([]);
  });
});
