// The local Lambda control plane and Invoke through the AWS SDK v3, against a real local cloud.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, DeleteAliasCommand, DeleteFunctionCommand,
  GetAliasCommand, GetFunctionCommand, GetFunctionConfigurationCommand, GetPolicyCommand, InvokeCommand,
  LambdaClient, ListAliasesCommand, ListFunctionsCommand, ListTagsCommand, ListVersionsByFunctionCommand,
  PublishVersionCommand, RemovePermissionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand,
  UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole, decode, failure } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const ECHO = makeZip({
  'index.js': `exports.handler = async (event, context) => {
    console.log('event', JSON.stringify(event));
    if (event.fail) throw new TypeError('bad input: ' + event.fail);
    if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
    return { echo: event, version: context.functionVersion, arn: context.invokedFunctionArn, greeting: process.env.GREETING ?? null };
  };`,
});
const ECHO_V2 = makeZip({ 'index.js': `exports.handler = async () => 'v2';` });
const sha = (zip: Buffer) => createHash('sha256').update(zip).digest('base64');

describe('Lambda in the local cloud (SDK v3)', () => {
  let cloud: TestCloud;
  let lambda: LambdaClient;
  let role: string;
  const waiter = () => ({ client: lambda, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.05 });

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    lambda = new LambdaClient(cloud.clientConfig);
    role = await createLambdaRole(cloud, 'lambda-e2e');
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'echo', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: ECHO },
      Timeout: 1, Environment: { Variables: { GREETING: 'hello' } }, Tags: { team: 'discovery' },
    }));
  });
  afterAll(() => cloud.dispose());

  it('creates a function and describes it as AWS does', async () => {
    const { Configuration, Code, Tags } = await lambda.send(new GetFunctionCommand({ FunctionName: 'echo' }));
    expect(Configuration).toMatchObject({
      FunctionName: 'echo', FunctionArn: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo`, Runtime: 'nodejs22.x',
      Role: role, Handler: 'index.handler', CodeSha256: sha(ECHO), CodeSize: ECHO.length, Timeout: 1, MemorySize: 128,
      Version: '$LATEST', State: 'Active', LastUpdateStatus: 'Successful', PackageType: 'Zip', Environment: { Variables: { GREETING: 'hello' } },
    });
    expect(Configuration?.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(Code?.Location).toMatch(/\.zip$/);
    expect(Tags).toEqual({ team: 'discovery' });
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'echo' }));
    expect(config.CodeSha256).toBe(sha(ECHO));
    await waitUntilFunctionActiveV2(waiter(), { FunctionName: 'echo' });
  });

  it('refuses duplicates, unknown roles, retired runtimes and unknown functions with AWS errors', async () => {
    const base = { Runtime: 'nodejs22.x' as const, Role: role, Handler: 'index.handler', Code: { ZipFile: ECHO } };
    expect(await failure(lambda.send(new CreateFunctionCommand({ ...base, FunctionName: 'echo' }))))
      .toMatchObject({ name: 'ResourceConflictException', status: 409, message: 'Function already exist: echo' });
    expect(await failure(lambda.send(new CreateFunctionCommand({ ...base, FunctionName: 'x', Role: `arn:aws:iam::${cloud.ctx.accountId}:role/nope` }))))
      .toMatchObject({ name: 'InvalidParameterValueException', status: 400, message: 'The role defined for the function cannot be assumed by Lambda.' });
    const retired = await failure(lambda.send(new CreateFunctionCommand({ ...base, FunctionName: 'x', Runtime: 'python2.7' })));
    expect(retired).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(retired.message).toMatch(/^The runtime parameter of python2.7 is no longer supported/);
    expect(await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', Runtime: 'nodejs12.x' }))))
      .toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'missing' }))))
      .toMatchObject({ name: 'ResourceNotFoundException', status: 404, message: `Function not found: arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:missing` });
    expect(await failure(lambda.send(new InvokeCommand({ FunctionName: 'missing' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses a zip with an entry escaping the folder, and keeps serving', async () => {
    const evil = makeZip({ 'index.js': 'exports.handler = async () => 1', '../escape.js': 'x' });
    const err = await failure(lambda.send(new CreateFunctionCommand({ FunctionName: 'evil', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: evil } })));
    expect(err).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(err.message).toMatch(/Could not unzip uploaded file.*\.\.\/escape\.js/);
    expect(await failure(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: makeZip({ '/etc/x': 'x' }) }))))
      .toMatchObject({ name: 'InvalidParameterValueException' });
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    expect(Functions?.map((f) => f.FunctionName)).toEqual(['echo']);
  });

  it('refuses a zip over 50 MB with RequestEntityTooLargeException', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024 + 1);
    expect(await failure(lambda.send(new CreateFunctionCommand({ FunctionName: 'huge', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: huge } }))))
      .toMatchObject({ name: 'RequestEntityTooLargeException', status: 413 });
  });

  it('invokes synchronously with the log tail, asynchronously (202) and as a dry run (204)', async () => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ a: 1 }), LogType: 'Tail' }));
    expect(answer.StatusCode).toBe(200);
    expect(answer.ExecutedVersion).toBe('$LATEST');
    expect(answer.FunctionError).toBeUndefined();
    expect(decode(answer.Payload)).toEqual({ echo: { a: 1 }, version: '$LATEST', arn: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo`, greeting: 'hello' });
    const log = Buffer.from(answer.LogResult!, 'base64').toString('utf8');
    expect(log).toMatch(/START RequestId: \S+ Version: \$LATEST\n/);
    expect(log).toMatch(/\tINFO\tevent \{"a":1\}\n/);
    expect(log).toMatch(/END RequestId: \S+\nREPORT RequestId: \S+\tDuration: /);
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: '{}' }))).StatusCode).toBe(202);
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }))).StatusCode).toBe(204);
  });

  it('runs Event invocations in the background: their output reaches /aws/lambda/NAME', async () => {
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: '{"marker":"async-42"}' }))).StatusCode).toBe(202);
    await vi.waitFor(async () => {
      const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/echo', filterPattern: '"async-42"' }));
      expect(events?.length).toBeGreaterThan(0);
    }, { timeout: 10_000, interval: 20 });
  });

  it('publishes on CreateFunction with Publish and pages ListFunctions', async () => {
    const created = await lambda.send(new CreateFunctionCommand({ FunctionName: 'paged', Runtime: 'python3.12', Role: role, Handler: 'app.handler', Code: { ZipFile: makeZip({ 'app.py': 'def handler(e, c):\n    return 1\n' }) }, Publish: true }));
    expect(created).toMatchObject({ Version: '1', State: 'Pending' });
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 1 }));
    expect(first.Functions?.map((f) => f.FunctionName)).toEqual(['echo']);
    const second = await lambda.send(new ListFunctionsCommand({ MaxItems: 1, Marker: first.NextMarker }));
    expect(second.Functions?.map((f) => f.FunctionName)).toEqual(['paged']);
    expect(second.NextMarker).toBeUndefined();
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'paged' }));
  });

  it('returns thrown errors and timeouts as FunctionError Unhandled', async () => {
    const thrown = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ fail: 'x' }) }));
    expect(thrown.StatusCode).toBe(200);
    expect(thrown.FunctionError).toBe('Unhandled');
    expect(decode(thrown.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input: x', trace: expect.arrayContaining(['TypeError: bad input: x']) });
    const timedOut = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ hang: true }) }));
    expect(timedOut.FunctionError).toBe('Unhandled');
    expect(decode(timedOut.Payload).errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
    const after = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: '{"b":2}' }));
    expect([after.FunctionError, decode(after.Payload)]).toEqual([undefined, expect.objectContaining({ echo: { b: 2 } })]);
  });

  it('refuses payloads over 6 MB and payloads that are not JSON', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(6 * 1024 * 1024) });
    expect(await failure(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: big })))).toMatchObject({ name: 'RequestTooLargeException', status: 413 });
    expect(await failure(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: '{not json' })))).toMatchObject({ name: 'InvalidRequestContentException', status: 400 });
  });

  it('publishes versions only on change, and routes aliases to them', async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'echo', Description: 'first' }));
    expect(v1).toMatchObject({ Version: '1', FunctionArn: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo:1`, Description: 'first' });
    expect((await lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }))).Version).toBe('1');
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: ECHO_V2 }));
    await waitUntilFunctionUpdatedV2(waiter(), { FunctionName: 'echo' });
    expect((await lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }))).Version).toBe('2');
    const { Versions } = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'echo' }));
    expect(Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);
    expect(Versions?.[1]?.CodeSha256).toBe(sha(ECHO));
    expect(Versions?.[2]?.CodeSha256).toBe(sha(ECHO_V2));

    const alias = await lambda.send(new CreateAliasCommand({ FunctionName: 'echo', Name: 'live', FunctionVersion: '1', Description: 'prod' }));
    expect(alias).toMatchObject({ AliasArn: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo:live`, Name: 'live', FunctionVersion: '1' });
    expect(await failure(lambda.send(new CreateAliasCommand({ FunctionName: 'echo', Name: 'live', FunctionVersion: '1' })))).toMatchObject({ name: 'ResourceConflictException' });
    expect(await failure(lambda.send(new CreateAliasCommand({ FunctionName: 'echo', Name: 'bad', FunctionVersion: '9' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    const viaAlias = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Qualifier: 'live', Payload: '{"c":3}' }));
    expect(viaAlias.ExecutedVersion).toBe('1');
    expect(decode(viaAlias.Payload)).toMatchObject({ echo: { c: 3 }, version: '1', arn: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo:live` });
    await lambda.send(new UpdateAliasCommand({ FunctionName: 'echo', Name: 'live', FunctionVersion: '2' }));
    expect((await lambda.send(new GetAliasCommand({ FunctionName: 'echo', Name: 'live' }))).FunctionVersion).toBe('2');
    const viaArn = await lambda.send(new InvokeCommand({ FunctionName: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo:live` }));
    expect([viaArn.ExecutedVersion, decode(viaArn.Payload)]).toEqual(['2', 'v2']);
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'echo:1', Payload: '{}' }))).ExecutedVersion).toBe('1');
    expect((await lambda.send(new ListAliasesCommand({ FunctionName: 'echo' }))).Aliases?.map((a) => a.Name)).toEqual(['live']);

    await lambda.send(new CreateAliasCommand({ FunctionName: 'echo', Name: 'old', FunctionVersion: '1' }));
    expect(await failure(lambda.send(new DeleteFunctionCommand({ FunctionName: 'echo', Qualifier: '1' })))).toMatchObject({ name: 'ResourceConflictException' });
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'echo', Name: 'old' }));
    expect(await failure(lambda.send(new GetAliasCommand({ FunctionName: 'echo', Name: 'old' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'echo', Qualifier: '1' }));
    expect((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'echo' }))).Versions?.map((v) => v.Version)).toEqual(['$LATEST', '2']);
    expect(await failure(lambda.send(new InvokeCommand({ FunctionName: 'echo', Qualifier: '1' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('publishes a new version when only the description of $LATEST changed, as AWS does', async () => {
    const before = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'echo' }));
    const last = Number(before.Versions?.at(-1)?.Version);
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', Description: 'described anew' }));
    await waitUntilFunctionUpdatedV2(waiter(), { FunctionName: 'echo' });
    const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }));
    expect(published).toMatchObject({ Version: String(last + 1), Description: 'described anew' });
    // Nothing changed since: the same version again.
    expect((await lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }))).Version).toBe(String(last + 1));
  });

  it('keeps a separate resource policy per qualifier and checks it for in-process callers', async () => {
    const apiArn = `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:abc123/*/GET/catalog/*`;
    const added = await lambda.send(new AddPermissionCommand({
      FunctionName: 'echo', Qualifier: 'live', StatementId: 'apigw', Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com', SourceArn: apiArn, SourceAccount: cloud.ctx.accountId,
    }));
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: 'apigw', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction',
      Resource: `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo:live`,
      Condition: { StringEquals: { 'AWS:SourceAccount': cloud.ctx.accountId }, ArnLike: { 'AWS:SourceArn': apiArn } },
    });
    expect(await failure(lambda.send(new AddPermissionCommand({ FunctionName: 'echo', Qualifier: 'live', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }))))
      .toMatchObject({ name: 'ResourceConflictException', status: 409 });
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'echo', Qualifier: 'live' }))).Policy!);
    expect(policy).toMatchObject({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 'apigw' }] });
    expect(await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'echo' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'echo', Qualifier: '2' })))).toMatchObject({ name: 'ResourceNotFoundException' });

    const port = cloud.ctx.ports.lambda!;
    const source = `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:abc123/dev/GET/catalog/svc`;
    expect(port.isInvokeAllowed('echo', 'live', 'apigateway.amazonaws.com', source)).toBe(true);
    expect(port.isInvokeAllowed('echo', undefined, 'apigateway.amazonaws.com', source)).toBe(false);
    expect(port.isInvokeAllowed('echo', 'live', 'apigateway.amazonaws.com', source.replace('abc123', 'other'))).toBe(false);
    expect(port.isInvokeAllowed('echo', 'live', 'events.amazonaws.com', source)).toBe(false);
    const allowed = await port.invoke(`arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo:live`, undefined, Buffer.from('{}'), { caller: { principal: 'apigateway.amazonaws.com', sourceArn: source } });
    expect([allowed.statusCode, allowed.executedVersion, allowed.payload.toString()]).toEqual([200, '2', '"v2"']);
    await expect(port.invoke('echo', undefined, Buffer.from('{}'), { caller: { principal: 'apigateway.amazonaws.com', sourceArn: source } }))
      .rejects.toMatchObject({ code: 'AccessDeniedException' });
    expect(port.exists('echo', 'live')).toBe(true);
    expect(port.exists('echo', 'nope')).toBe(false);

    await lambda.send(new RemovePermissionCommand({ FunctionName: 'echo', Qualifier: 'live', StatementId: 'apigw' }));
    // The allow just given (and reused across calls) is gone with the statement.
    await expect(port.invoke(`arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo:live`, undefined, Buffer.from('{}'), { caller: { principal: 'apigateway.amazonaws.com', sourceArn: source } }))
      .rejects.toMatchObject({ code: 'AccessDeniedException' });
    expect(await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'echo', Qualifier: 'live' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failure(lambda.send(new RemovePermissionCommand({ FunctionName: 'echo', Qualifier: 'live', StatementId: 'apigw' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('tags functions by ARN', async () => {
    const arn = `arn:aws:lambda:us-east-1:${cloud.ctx.accountId}:function:echo`;
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { stage: 'dev', owner: 'me' } }));
    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['owner'] }));
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: 'discovery', stage: 'dev' });
  });

  it('updates configuration, lists and deletes functions', async () => {
    const updated = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', MemorySize: 256, Description: 'echoes' }));
    expect(updated).toMatchObject({ MemorySize: 256, Description: 'echoes', CodeSha256: sha(ECHO_V2) });
    await waitUntilFunctionUpdatedV2(waiter(), { FunctionName: 'echo' });
    expect(await failure(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: ECHO, RevisionId: 'stale' }))))
      .toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    const republished = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: ECHO, Publish: true, RevisionId: updated.RevisionId }));
    // Version 3 is the description-only publish above.
    // As AWS answers (recorded): the new version, still being created, without a LastUpdateStatus.
    expect(republished).toMatchObject({ Version: '4', CodeSha256: sha(ECHO), State: 'Pending' });
    expect(republished.LastUpdateStatus).toBeUndefined();
    const { Functions } = await lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    expect(Functions?.map((f) => f.Version)).toEqual(['$LATEST', '2', '3', '4']);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'echo' }));
    expect(await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'echo' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  });
});
