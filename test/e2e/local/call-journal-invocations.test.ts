// The call journal shows each execute-api request with the functions it ran and what they printed
// (how `discovery-cli dev` prints a handler's lines under its request). The gateway hands the
// request's log sink down to each invocation: concurrent requests must never get each other's
// lines, and a Lambda authorizer's lines belong to the request it judged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIGatewayClient, CreateDeploymentCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { createGatewayFunction, createLambdaRole } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const PRINTER = (label: string) => makeZip({
  'index.js': `exports.handler = async (event) => {
    console.log('${label} ' + event.queryStringParameters.n);
    return { statusCode: 200, body: '${label}' };
  };`,
});
const AUTHORIZER = makeZip({
  'index.js': `exports.handler = async (event) => {
    console.log('judging ' + event.authorizationToken);
    return { principalId: 'me', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } };
  };`,
});

const lambdaUri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;
const proxy = (arn: string, security?: object[]) => ({
  get: { ...(security ? { security } : {}), responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: lambdaUri(arn) } },
});

describe('the call journal: the invocations of each request', () => {
  let cloud: TestCloud;
  let base = '';

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    const role = await createLambdaRole(cloud, 'journal-e2e');
    const make = (name: string, zip: Uint8Array) => createGatewayFunction(cloud, role, name, zip);
    const [left, right, judge] = [await make('left', PRINTER('left')), await make('right', PRINTER('right')), await make('judge', AUTHORIZER)];
    const swagger = {
      swagger: '2.0',
      info: { title: 'journal', version: '1' },
      securityDefinitions: {
        token: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: lambdaUri(judge), authorizerResultTtlInSeconds: 0 } },
      },
      paths: { '/left': proxy(left), '/right': proxy(right), '/guarded': proxy(left, [{ token: [] }]) },
    };
    const apigw = new APIGatewayClient(cloud.clientConfig);
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(swagger)), failOnWarnings: true }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
    base = `${cloud.url}/restapis/${api.id}/dev/_user_request_`;
  }, 60_000);
  afterAll(() => cloud?.dispose());

  const logsOf = (path: string) => cloud.calls().filter((c) => c.service === 'execute-api' && c.request?.path === path).map((c) => c.invocations);

  it('keeps each of many concurrent requests with its own function and line', async () => {
    cloud.clearCalls();
    const sent = Array.from({ length: 24 }, (_, n) => ({ side: n % 2 ? 'right' : 'left', n }));
    const answers = await Promise.all(sent.map(({ side, n }) => fetch(`${base}/${side}?n=${n}`).then((r) => r.text())));
    expect(answers).toEqual(sent.map(({ side }) => side));
    for (const side of ['left', 'right']) {
      const seen = logsOf(`/${side}`);
      // One invocation per request, of the request's own function, with exactly its one line.
      for (const invocations of seen) expect(invocations).toEqual([{ functionName: side, logs: [expect.stringMatching(new RegExp(`\\t${side} \\d+$`))] }]);
      const numbers = seen.map((invocations) => Number(/ (\d+)$/.exec(invocations![0]!.logs[0]!)![1]));
      expect(numbers.sort((a, b) => a - b)).toEqual(sent.filter((r) => r.side === side).map((r) => r.n));
    }
  });

  it("puts the authorizer's lines and the integration's on the request they served, in that order", async () => {
    cloud.clearCalls();
    const res = await fetch(`${base}/guarded?n=7`, { headers: { Authorization: 'token-7' } });
    expect(res.status).toBe(200);
    expect(logsOf('/guarded')).toEqual([[
      { functionName: 'judge', logs: [expect.stringMatching(/\tjudging token-7$/)] },
      { functionName: 'left', logs: [expect.stringMatching(/\tleft 7$/)] },
    ]]);
  });
});
