// State transitions driven by an injected clock (waiters really poll; a second update while one is
// in progress conflicts), the IAM-propagation fault, and persistence across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand,
  GetPolicyCommand, InvokeCommand, LambdaClient, PublishVersionCommand, UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole, decode, failure } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const ZIP = makeZip({ 'index.js': `exports.handler = async (e) => ({ got: e, env: process.env.STAGE ?? null });` });

describe('Lambda state transitions and faults (injected clock)', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  // Only now() is driven by the test; sleep waits in real time so background loops stay idle.
  const clock = { now: () => now, sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
  let cloud: TestCloud;
  let lambda: LambdaClient;
  const getFunctionCalls = () => cloud.calls().filter((c) => c.service === 'lambda' && c.operation === 'GetFunction').length;

  beforeAll(async () => {
    cloud = await startTestCloud({ clock, faults: { lambdaStateDelayMs: 1000, iamPropagationMs: 8000 } });
    lambda = new LambdaClient(cloud.clientConfig);
  });
  afterAll(() => cloud.dispose());

  it('refuses a role younger than the IAM propagation delay, then accepts it', async () => {
    const role = await createLambdaRole(cloud, 'young-role');
    const create = () => lambda.send(new CreateFunctionCommand({ FunctionName: 'stateful', Runtime: 'nodejs24.x', Role: role, Handler: 'index.handler', Code: { ZipFile: ZIP } }));
    expect(await failure(create())).toMatchObject({ name: 'InvalidParameterValueException', message: 'The role defined for the function cannot be assumed by Lambda.' });
    now += 8000;
    const created = await create();
    expect(created).toMatchObject({ State: 'Pending', StateReasonCode: 'Creating' });
  });

  it('stays Pending until the clock passes the delay, so waitUntilFunctionActiveV2 polls', async () => {
    expect((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'stateful' }))).State).toBe('Pending');
    // As AWS: no invoke before the function is Active.
    expect(await failure(lambda.send(new InvokeCommand({ FunctionName: 'stateful', Payload: Buffer.from('{}') })))).toMatchObject({
      name: 'ResourceConflictException', message: 'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    });
    const before = getFunctionCalls();
    const waiting = waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20, minDelay: 0.01, maxDelay: 0.02 }, { FunctionName: 'stateful' });
    await vi.waitFor(() => expect(getFunctionCalls() - before).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 5 });
    now += 1000;
    expect((await waiting).state).toBe('SUCCESS');
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: 'stateful' }))).Configuration).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
  });

  it('answers ResourceConflictException to a second update while the first is in progress', async () => {
    const first = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'stateful', Environment: { Variables: { STAGE: 'dev' } } }));
    expect(first.LastUpdateStatus).toBe('InProgress');
    const arn = `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:stateful`;
    expect(await failure(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'stateful', ZipFile: ZIP })))).toMatchObject({
      name: 'ResourceConflictException', status: 409,
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
    });
    const before = getFunctionCalls();
    const waiting = waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 20, minDelay: 0.01, maxDelay: 0.02 }, { FunctionName: 'stateful' });
    await vi.waitFor(() => expect(getFunctionCalls() - before).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 5 });
    now += 1000;
    expect((await waiting).state).toBe('SUCCESS');
    const second = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'stateful', Timeout: 5 }));
    expect(second).toMatchObject({ Timeout: 5, Environment: { Variables: { STAGE: 'dev' } } });
  });

  it('refuses a freshly created role on UpdateFunctionConfiguration too', async () => {
    now += 1000;
    const role = await createLambdaRole(cloud, 'newer-role');
    expect(await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'stateful', Role: role }))))
      .toMatchObject({ name: 'InvalidParameterValueException', message: 'The role defined for the function cannot be assumed by Lambda.' });
  });
});

describe('Lambda persistence across a restart', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'lambda-persist-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('keeps functions, versions, aliases, policies and code, and still invokes', async () => {
    const first = await startTestCloud({ stateDir, faults: { lambdaStateDelayMs: 0 } });
    const role = await createLambdaRole(first, 'persist-role');
    let lambda = new LambdaClient(first.clientConfig);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'kept', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: ZIP }, Publish: true }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'live', FunctionVersion: '1' }));
    await lambda.send(new AddPermissionCommand({ FunctionName: 'kept', Qualifier: 'live', StatementId: 's1', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' }));
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: 'kept', Payload: '{"n":1}' }))).Payload)).toEqual({ got: { n: 1 }, env: null });
    const sha = (await lambda.send(new GetFunctionCommand({ FunctionName: 'kept' }))).Configuration?.CodeSha256;
    await first.stop();
    // The unpacked code is a cache: remove it to show the kept zip is enough.
    rmSync(join(stateDir, 'lambda', 'task'), { recursive: true, force: true });

    const second = await startTestCloud({ stateDir, faults: { lambdaStateDelayMs: 0 } });
    try {
      lambda = new LambdaClient(second.clientConfig);
      expect((await lambda.send(new GetFunctionCommand({ FunctionName: 'kept' }))).Configuration?.CodeSha256).toBe(sha);
      const answer = await lambda.send(new InvokeCommand({ FunctionName: 'kept', Qualifier: 'live', Payload: '{"n":2}' }));
      expect([answer.ExecutedVersion, decode(answer.Payload)]).toEqual(['1', { got: { n: 2 }, env: null }]);
      expect(JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'kept', Qualifier: 'live' }))).Policy!).Statement[0].Sid).toBe('s1');
      expect((await lambda.send(new PublishVersionCommand({ FunctionName: 'kept' }))).Version).toBe('1');
    } finally {
      await second.stop();
    }
  });
});
