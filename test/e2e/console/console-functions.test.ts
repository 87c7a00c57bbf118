// The console's functions: configuration, versions and aliases as Lambda holds them, and recent
// invocations rebuilt from the function's log group, each with what its handler printed and
// whether it failed (a throw, as the runtime reports it; a console.error alone is no failure).
import { CreateAliasCommand, CreateFunctionCommand, InvokeCommand, LambdaClient, PublishVersionCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionView, InvocationView } from '../../../src/local/console/views.js';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { makeZip } from '../../helpers/zip.js';

const CODE = makeZip({
  'index.js': `exports.handler = async (event) => {
    console.log('handling', event.n);
    console.error('only a warning');
    if (event.fail) throw new TypeError('bad input ' + event.n);
    return { n: event.n };
  };`,
});

let cloud: TestCloud;
let lambda: LambdaClient;

beforeAll(async () => {
  cloud = await startTestCloud();
  lambda = new LambdaClient(cloud.clientConfig);
  const role = await createLambdaRole(cloud, 'console-fn');
  await lambda.send(new CreateFunctionCommand({
    FunctionName: 'worker', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: CODE },
    Description: 'does work', Environment: { Variables: { MODE: 'test' } }, Timeout: 5,
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.05 }, { FunctionName: 'worker' });
  await lambda.send(new PublishVersionCommand({ FunctionName: 'worker', Description: 'first' }));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'worker', Name: 'live', FunctionVersion: '1' }));
  const payload = (body: unknown) => Buffer.from(JSON.stringify(body));
  await lambda.send(new InvokeCommand({ FunctionName: 'worker', Payload: payload({ n: 1 }) }));
  await lambda.send(new InvokeCommand({ FunctionName: 'worker', Qualifier: 'live', Payload: payload({ n: 2, fail: true }) }));
});

afterAll(async () => {
  await cloud?.dispose();
});

const get = async <T>(path: string) => (await (await fetch(`${cloud.url}/_local/console/api/${path}`)).json()) as T;

describe('console functions', () => {
  it('shows the configuration, versions and aliases', async () => {
    const [fn, ...others] = await get<FunctionView[]>('functions');
    expect(others).toEqual([]);
    expect(fn).toMatchObject({
      name: 'worker', arn: 'arn:aws:lambda:us-east-1:000000000000:function:worker', runtime: 'nodejs22.x', handler: 'index.handler',
      description: 'does work', timeout: 5, environment: { MODE: 'test' }, codeSize: CODE.length,
      versions: [{ version: '1', description: 'first' }], aliases: [{ name: 'live', functionVersion: '1' }],
    });
  });

  it('lists recent invocations, newest first, with their lines and outcome', async () => {
    const invocations = await get<InvocationView[]>('functions/worker/invocations');
    expect(invocations.map((i) => [i.version, i.failed])).toEqual([['1', true], ['$LATEST', false]]);
    const [failed, ok] = invocations as [InvocationView, InvocationView];
    expect(ok.lines.map((l) => l.message).join('\n')).toMatch(/INFO\thandling 1[\s\S]*ERROR\tonly a warning/);
    expect(failed.lines.map((l) => l.message).join('\n')).toContain('bad input 2');
    expect(ok.durationMs).toBeGreaterThan(0);
    expect(await get('functions/nothing/invocations')).toEqual([]);
  });
});
