// A bounded fuzzer over the local cloud's eight wire protocols: mutations of valid requests, from
// fixed seeds. The server must never die, every error must be AWS-shaped for its protocol, no
// malformed input may get a 5xx, and a refused request must leave the stored state byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIGatewayClient, CreateDeploymentCommand, GetResourcesCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createLambdaRole } from '../helpers/aws-fixtures.js';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud.js';
import { stateSnapshot } from '../helpers/state-snapshot.js';
import { statesOf } from '../../src/local/persist.js';
import { makeZip } from '../helpers/zip.js';
import { mutateRequest, seeded } from './mutate.js';
import { sendRaw, type RawReply } from './raw-request.js';
import { templates, type Fixture, type Template, type WireProtocol } from './templates.js';

/** Requests per protocol and the seed of each: 8 protocols x 400 = 3,200 requests. */
const REQUESTS_PER_PROTOCOL = 400;
const BATCH = 50;
const SEED_BASE = Number(process.env.FUZZ_SEED ?? 0);
const SEEDS: Record<string, number> = { iam: 101, sts: 202, lambda: 303, apigateway: 404, events: 505, logs: 606, dynamodb: 707, 'execute-api': 808 };

const HANDLER = makeZip({
  'index.js': `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ got: typeof event }) });`,
});

function swagger(fnArn: string) {
  const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
  return {
    swagger: '2.0',
    info: { title: 'fuzz', version: '1' },
    paths: {
      '/mock': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } } } } } },
      '/fn/{proxy+}': { 'x-amazon-apigateway-any-method': { parameters: [{ name: 'proxy', in: 'path', required: true, type: 'string' }], responses: {}, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri } } },
    },
  };
}

interface Finding {
  protocol: WireProtocol;
  request: string;
  problem: string;
}

/** Why the answer is not an AWS-shaped error for its protocol, or undefined when it is. */
function shapeProblem(protocol: WireProtocol, method: string, reply: RawReply): string | undefined {
  if (method === 'HEAD') return undefined;
  const parsed = (() => {
    try {
      return JSON.parse(reply.text) as unknown;
    } catch {
      return undefined;
    }
  })() as Record<string, unknown> | undefined;
  const errorType = reply.headers['x-amzn-errortype'];
  switch (protocol) {
    case 'query':
      return /^<ErrorResponse[\s>][\s\S]*<Code>[^<]+<\/Code>/.test(reply.text) ? undefined : 'not a query-protocol ErrorResponse with a Code';
    case 'json':
      return typeof parsed?.__type === 'string' ? undefined : 'no __type in a JSON error body';
    case 'dynamodb':
      if (reply.status === 404 && reply.text === '<UnknownOperationException/>\n') return undefined; // DynamoDB's answer to a non-POST
      return typeof parsed?.__type === 'string' ? undefined : 'no __type in a DynamoDB error body';
    case 'rest-json':
    case 'execute-api':
      if (!errorType) return 'no x-amzn-ErrorType header';
      return typeof parsed?.message === 'string' || typeof parsed?.Message === 'string' ? undefined : 'no message in the JSON error body';
  }
}

/**
 * What a request's service owns, as text: its state documents as they are in memory (the truth:
 * Logs saves ingested events in batches, so its file lags by design) and its other files.
 */
function ownedState(stateDir: string, owns: string[]): Record<string, string> {
  const documents = statesOf(stateDir);
  const out: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(stateSnapshot(stateDir))) {
    if (owns.some((own) => name === own || name.startsWith(`${own}/`)) && !documents.has(name.replace(/\.json$/, ''))) out[name] = bytes;
  }
  for (const own of owns) {
    const document = documents.get(own.replace(/\.json$/, ''));
    if (document) out[own] = serialised(document.data);
  }
  return out;
}

function serialised(data: unknown): string {
  try {
    return JSON.stringify(data);
  } catch (err) {
    return `unserialisable: ${(err as Error).message}`; // a poisoned document
  }
}

describe('the local cloud under a bounded fuzzer (fixed seeds)', () => {
  let cloud: TestCloud;
  let fixture: Fixture;

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 } });
    const config = cloud.clientConfig;
    const role = await createLambdaRole(cloud, 'fuzz-fixture');
    const fn = await new LambdaClient(config).send(new CreateFunctionCommand({ FunctionName: 'fuzz-fn', Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: HANDLER }, Timeout: 5 }));
    const apigw = new APIGatewayClient(config);
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(swagger(fn.FunctionArn!))) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'test' }));
    await new LambdaClient(config).send(new AddPermissionCommand({ FunctionName: 'fuzz-fn', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${cloud.ctx.accountId}:${api.id}/*` }));
    const resources = await apigw.send(new GetResourcesCommand({ restApiId: api.id! }));
    await new EventBridgeClient(config).send(new PutRuleCommand({ Name: 'fuzz-fixture', ScheduleExpression: 'rate(1 day)', State: 'DISABLED' }));
    const logs = new CloudWatchLogsClient(config);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/fuzz/fixture' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/fuzz/fixture', logStreamName: 's' }));
    await new DynamoDBClient(config).send(new CreateTableCommand({ TableName: 'fuzz', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    fixture = { accountId: cloud.ctx.accountId, role, functionName: 'fuzz-fn', zipBase64: HANDLER.toString('base64'), apiId: api.id!, rootResourceId: resources.items!.find((r) => r.path === '/')!.id!, table: 'fuzz' };
  }, 60_000);
  afterAll(() => cloud?.dispose());

  it('survives every protocol\'s mutated requests with AWS-shaped 4xx answers and untouched state', async () => {
    const started = performance.now();
    const findings: Finding[] = [];
    let sent = 0;
    for (const [name, list] of Object.entries(templates(fixture))) {
      const random = seeded(SEEDS[name]! + SEED_BASE);
      const statuses: Record<number, number> = {};
      for (let i = 0; i < REQUESTS_PER_PROTOCOL; i++) {
        const base: Template = list[Math.floor(random() * list.length)]!;
        const request = mutateRequest(random, base);
        const describeRequest = `${request.method} ${request.path.slice(0, 160)} ${request.body.toString('utf8').slice(0, 160)}`;
        const before = ownedState(cloud.stateDir, base.owns);
        let reply: RawReply;
        try {
          reply = await sendRaw(cloud.url, request);
        } catch (err) {
          findings.push({ protocol: base.protocol, request: describeRequest, problem: `no answer: ${(err as Error).message}` });
          continue;
        } finally {
          sent++;
        }
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (reply.status >= 500) findings.push({ protocol: base.protocol, request: describeRequest, problem: `${reply.status}: ${reply.text.slice(0, 300)}` });
        if (reply.status >= 400) {
          const problem = shapeProblem(base.protocol, request.method, reply);
          if (problem) findings.push({ protocol: base.protocol, request: describeRequest, problem: `${problem} (${reply.status}: ${reply.text.slice(0, 200)})` });
          const after = ownedState(cloud.stateDir, base.owns);
          const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((file) => before[file] !== after[file]);
          if (changed.length > 0) findings.push({ protocol: base.protocol, request: describeRequest, problem: `refused (${reply.status} ${reply.text.slice(0, 120)}) but changed ${changed.join(', ')}` });
        }
        if ((i + 1) % BATCH === 0) {
          const health = await fetch(`${cloud.url}/_local/health`);
          expect(health.status, `health after ${sent} requests`).toBe(200);
        }
      }
      console.log(`fuzzer: ${name} answers by status ${JSON.stringify(statuses)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzzer: ${sent} requests across 8 protocols in ${seconds.toFixed(1)} s; ${findings.length} findings`);
    expect(findings.slice(0, 25)).toEqual([]);
  }, 120_000);
});
