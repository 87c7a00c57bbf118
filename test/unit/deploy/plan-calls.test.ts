// The plan of a small project, call by call: every operation and its inputs as they will be sent,
// values known only later as tokens; and how `plan` prints them.
import { beforeAll, describe, expect, it } from 'vitest';
import { createOutput } from '../../../src/cli/output.js';
import { printableCall } from '../../../src/deploy/calls.js';
import type { DesiredState } from '../../../src/deploy/model.js';
import { planCalls, printableSteps, type Plan } from '../../../src/deploy/plan.js';
import { plan } from '../../../src/deploy/planner.js';
import { emptyRemoteState } from '../../../src/deploy/remote-state.js';
import { ACCOUNT, desiredFor, remoteMatching } from './helpers.js';

let basic: DesiredState;
let fresh: Plan;
beforeAll(async () => {
  basic = await desiredFor('deploy-basic');
  fresh = plan({ project: basic.project, stage: basic.stage, region: basic.region, resources: basic.resources, remote: emptyRemoteState(ACCOUNT), artifacts: basic.artifacts });
});

const TAGS = { 'discovery:project': 'fxdeploy', 'discovery:stage': 'dev' };
const TAG_LIST = [{ Key: 'discovery:project', Value: 'fxdeploy' }, { Key: 'discovery:stage', Value: 'dev' }];
const API = '{{ref:restApi:main#id}}';

describe('the plan of a fresh deploy-basic stage', () => {
  it('is exactly these calls', () => {
    const calls = planCalls(fresh).map(({ step, call }) => [step, call.operation, printableCall(call).input]);
    const zip = (id: string) => expect.stringMatching(new RegExp(`^<zip ${id}, \\d+ bytes>$`));
    const policy = expect.stringMatching(/^\{"Version":"2012-10-17","Statement":\[/);
    const roleInput = (name: string) => ({
      RoleName: name, Tags: TAG_LIST, Description: `Execution role of Lambda function ${name} (discovery-cli)`,
      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    });
    // Node functions run with source maps on (config/environment.ts), so stacks name the .ts line.
    const fnInput = (key: string, memory: number, own: Record<string, string>, environment = { ...own, NODE_OPTIONS: '--enable-source-maps' }) => ({
      FunctionName: `fxdeploy-dev-${key}`, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: `arn:aws:iam::${ACCOUNT}:role/fxdeploy-dev-${key}`,
      MemorySize: memory, Timeout: 10, Description: '', Environment: { Variables: environment }, Code: { ZipFile: zip(`function:${key}`) }, Tags: TAGS, Publish: false, PackageType: 'Zip',
    });
    expect(calls).toEqual([
      ['table:items', 'dynamodb:CreateTable', {
        TableName: 'fxdeploy-dev-items', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], Tags: TAG_LIST,
      }],
      ['role:hello', 'iam:CreateRole', roleInput('fxdeploy-dev-hello')],
      ['rolePolicy:hello', 'iam:PutRolePolicy', { RoleName: 'fxdeploy-dev-hello', PolicyName: 'fxdeploy-dev-hello-policy', PolicyDocument: policy }],
      ['logGroup:function:hello', 'logs:CreateLogGroup', { logGroupName: '/aws/lambda/fxdeploy-dev-hello', tags: TAGS }],
      ['function:hello', 'lambda:CreateFunction', fnInput('hello', 128, { TABLE: 'fxdeploy-dev-items', STAGE: 'dev' })],
      ['role:echo', 'iam:CreateRole', roleInput('fxdeploy-dev-echo')],
      ['rolePolicy:echo', 'iam:PutRolePolicy', { RoleName: 'fxdeploy-dev-echo', PolicyName: 'fxdeploy-dev-echo-policy', PolicyDocument: policy }],
      ['logGroup:function:echo', 'logs:CreateLogGroup', { logGroupName: '/aws/lambda/fxdeploy-dev-echo', tags: TAGS }],
      ['function:echo', 'lambda:CreateFunction', fnInput('echo', 256, {})],
      ['restApi:main', 'apigateway:ImportRestApi', { body: expect.stringMatching(/^<apiBody main, \d+ bytes>$/), failOnWarnings: false, parameters: { endpointConfigurationTypes: 'REGIONAL' } }],
      ['restApi:main', 'apigateway:TagResource', { resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${API}`, tags: { ...TAGS, 'discovery:definition': expect.stringMatching(/^[0-9a-f]{64}$/) } }],
      ['deployment:main:dev', 'apigateway:CreateDeployment', { restApiId: API, stageName: 'dev', description: expect.stringMatching(/^discovery:[0-9a-f]{64}$/) }],
      ['stageSettings:main:dev', 'apigateway:TagResource', { resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${API}/stages/dev`, tags: TAGS }],
      ...['echo', 'hello'].map((key) => [`permission:${key}:discovery-main-unqualified`, 'lambda:AddPermission', {
        FunctionName: `fxdeploy-dev-${key}`, StatementId: 'discovery-main-unqualified', Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${API}/*`,
      }]),
      ['apiKey:partner', 'apigateway:CreateApiKey', { name: 'fxdeploy-dev-partner', description: 'a partner', enabled: true, tags: TAGS }],
      ['usagePlan:basic', 'apigateway:CreateUsagePlan', {
        name: 'fxdeploy-dev-basic', description: '', apiStages: [{ apiId: API, stage: 'dev' }],
        throttle: { rateLimit: 50, burstLimit: 100 }, quota: { limit: 1000, period: 'DAY' }, tags: TAGS,
      }],
      ['usagePlanKey:basic:partner', 'apigateway:CreateUsagePlanKey', { usagePlanId: '{{ref:usagePlan:basic#id}}', keyId: '{{ref:apiKey:partner#id}}', keyType: 'API_KEY' }],
    ]);
  });

  it('names what each call answers for later calls, and what an interrupted run left is adopted', () => {
    const call = (step: string, n = 0) => fresh.steps.find((s) => s.id === step)!.calls[n]!;
    expect(call('restApi:main').outputs).toEqual({ id: 'id' });
    expect(call('apiKey:partner').outputs).toEqual({ id: 'id' });
    expect(call('role:hello').ifExists?.map((c) => c.operation)).toEqual(['iam:UpdateAssumeRolePolicy', 'iam:TagRole']);
    expect(call('function:hello').ifExists?.map((c) => c.operation)).toEqual(['lambda:UpdateFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:TagResource']);
  });

  it('has no call, and so no step with an action, when the stage matches', () => {
    const again = plan({ project: basic.project, stage: basic.stage, region: basic.region, resources: basic.resources, remote: remoteMatching(basic) });
    expect(planCalls(again)).toEqual([]);
    expect(again.steps.every((s) => s.action === 'noop')).toBe(true);
  });

  it('prints one line per call under its step, and --json gives the calls whole without bodies', () => {
    let text = '';
    const stderr = { isTTY: false, write: (chunk: string) => { text += chunk; return true; } } as unknown as NodeJS.WriteStream;
    createOutput({ stderr }).plan(fresh, 'Plan for stage dev:');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('usagePlan:basic'));
    expect(lines[at]).toMatch(/^\s+\+ create usagePlan:basic\s+usage plan does not exist$/);
    expect(lines[at + 1]).toBe('      apigateway:CreateUsagePlan name=fxdeploy-dev-basic description= apiStages=[{"apiId":"{{ref:restApi:main#id}}","stage":"dev"}] throttle={"rateLimit":50,"burstLimit":100} quota={"limit":1000,"period":"DAY"} tags={"discovery:project":"fxdeploy","discovery:stage":"dev"}');
    expect(text).toContain('      apigateway:CreateUsagePlanKey usagePlanId={{ref:usagePlan:basic#id}} keyId={{ref:apiKey:partner#id}} keyType=API_KEY');
    expect(text).not.toContain('PK\u0003\u0004'); // no zip bytes
    const json = JSON.stringify(printableSteps(fresh));
    expect(JSON.parse(json)[0]).toMatchObject({ id: 'table:items', action: 'create', calls: [{ operation: 'dynamodb:CreateTable', resource: 'fxdeploy-dev-items', ifExists: [] }] });
    expect(json).toMatch(/"ZipFile":"<zip function:hello, \d+ bytes>"/);
  });
});
