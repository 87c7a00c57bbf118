// Two local clouds in one process (tests, benchmarks, a tool embedding the library) hold functions
// with the same ARN: each decides an invoke by its own function policy, never by the other's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const ECHO = makeZip({ 'index.js': `exports.handler = async () => 'ok';` });

describe('two local clouds in one process', () => {
  const clouds: TestCloud[] = [];
  beforeAll(async () => {
    for (const api of ['aaa111', 'bbb222']) {
      const cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
      const lambda = new LambdaClient(cloud.clientConfig);
      const role = await createLambdaRole(cloud, 'echo-role');
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: ECHO } }));
      await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { FunctionName: 'echo' });
      await lambda.send(new AddPermissionCommand({
        FunctionName: 'echo', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:${api}/*`,
      }));
      clouds.push(cloud);
    }
  }, 60_000);
  afterAll(async () => {
    for (const cloud of clouds) await cloud.dispose();
  });

  it('judges an invoke by the function policy of the cloud it is sent to', async () => {
    const [first, second] = clouds as [TestCloud, TestCloud];
    const from = (cloud: TestCloud, api: string) => ({ caller: { principal: 'apigateway.amazonaws.com', sourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:${api}/dev/GET/x` } });
    for (let round = 0; round < 2; round++) {
      // Asked again: the reused answer is still each cloud's own.
      expect((await first.ctx.ports.lambda!.invoke('echo', undefined, Buffer.from('{}'), from(first, 'aaa111'))).statusCode).toBe(200);
      await expect(second.ctx.ports.lambda!.invoke('echo', undefined, Buffer.from('{}'), from(second, 'aaa111'))).rejects.toMatchObject({ code: 'AccessDeniedException' });
      expect((await second.ctx.ports.lambda!.invoke('echo', undefined, Buffer.from('{}'), from(second, 'bbb222'))).statusCode).toBe(200);
      await expect(first.ctx.ports.lambda!.invoke('echo', undefined, Buffer.from('{}'), from(first, 'bbb222'))).rejects.toMatchObject({ code: 'AccessDeniedException' });
    }
  });
});
