// Valid requests of each wire protocol, the seeds the fuzzer mutates, in the order it runs them
// (the data plane before the control-plane phases that may delete what it calls). Each names its protocol
// (how its errors must look) and the state files it may change.
import type { RawRequest } from './raw-request.js';

export type WireProtocol = 'query' | 'json' | 'rest-json' | 'dynamodb' | 'execute-api';

export interface Template extends RawRequest {
  protocol: WireProtocol;
  /** Names under the state folder this service owns (files or folders). */
  owns: string[];
  json?: unknown;
  form?: Array<[string, string]>;
}

export interface Fixture {
  accountId: string;
  role: string;
  functionName: string;
  zipBase64: string;
  apiId: string;
  rootResourceId: string;
  table: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const form = (protocol: 'query', service: 'iam' | 'sts', params: Array<[string, string]>): Template => ({
  protocol, service, owns: service === 'iam' ? ['iam.json'] : [], method: 'POST', path: '/',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: Buffer.from(params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')), form: params,
});
const target = (service: 'events' | 'logs', prefix: string, operation: string, json: unknown): Template => ({
  protocol: 'json', service, owns: [`${service}.json`], method: 'POST', path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${prefix}.${operation}` }, body: Buffer.from(JSON.stringify(json)), json,
});
const rest = (service: 'lambda' | 'apigateway', method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Template => ({
  protocol: 'rest-json', service, owns: service === 'lambda' ? ['lambda.json', 'lambda/code'] : ['apigateway.json'], method, path,
  headers: { ...JSON_HEADERS, ...headers }, body: Buffer.from(json === undefined ? '' : JSON.stringify(json)), json,
});
const dynamo = (operation: string, json: unknown): Template => ({
  protocol: 'dynamodb', service: 'dynamodb', owns: ['dynamodb-ttl.json'], method: 'POST', path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` }, body: Buffer.from(JSON.stringify(json)), json,
});

export function templates(f: Fixture): Record<string, Template[]> {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const fnArn = `arn:aws:lambda:us-east-1:${f.accountId}:function:${f.functionName}`;
  const version: Array<[string, string]> = [['Version', '2010-05-08']];
  return {
    iam: [
      form('query', 'iam', [['Action', 'CreateRole'], ...version, ['RoleName', 'fuzz-role'], ['AssumeRolePolicyDocument', trust], ['Tags.member.1.Key', 'k'], ['Tags.member.1.Value', 'v']]),
      form('query', 'iam', [['Action', 'GetRole'], ...version, ['RoleName', 'fuzz-fixture']]),
      form('query', 'iam', [['Action', 'ListRoles'], ...version, ['MaxItems', '5'], ['PathPrefix', '/']]),
      form('query', 'iam', [['Action', 'PutRolePolicy'], ...version, ['RoleName', 'fuzz-fixture'], ['PolicyName', 'p'], ['PolicyDocument', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })]]),
      form('query', 'iam', [['Action', 'TagRole'], ...version, ['RoleName', 'fuzz-fixture'], ['Tags.member.1.Key', 'a'], ['Tags.member.1.Value', 'b']]),
      form('query', 'iam', [['Action', 'AttachRolePolicy'], ...version, ['RoleName', 'fuzz-fixture'], ['PolicyArn', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']]),
    ],
    sts: [form('query', 'sts', [['Action', 'GetCallerIdentity'], ['Version', '2011-06-15']])],
    events: [
      target('events', 'AWSEvents', 'PutRule', { Name: 'fuzz-rule', ScheduleExpression: 'rate(1 day)', State: 'DISABLED', Tags: [{ Key: 'a', Value: 'b' }] }),
      target('events', 'AWSEvents', 'PutTargets', { Rule: 'fuzz-fixture', Targets: [{ Id: '1', Arn: fnArn, Input: '{"a":1}' }] }),
      target('events', 'AWSEvents', 'ListRules', { NamePrefix: 'fuzz', Limit: 10 }),
      target('events', 'AWSEvents', 'TagResource', { ResourceARN: `arn:aws:events:us-east-1:${f.accountId}:rule/fuzz-fixture`, Tags: [{ Key: 'k', Value: 'v' }] }),
    ],
    logs: [
      target('logs', 'Logs_20140328', 'CreateLogGroup', { logGroupName: '/fuzz/group', tags: { a: 'b' } }),
      target('logs', 'Logs_20140328', 'PutLogEvents', { logGroupName: '/fuzz/fixture', logStreamName: 's', logEvents: [{ timestamp: Date.UTC(2026, 0, 1), message: 'hello' }] }),
      target('logs', 'Logs_20140328', 'DescribeLogGroups', { logGroupNamePrefix: '/fuzz', limit: 5 }),
      target('logs', 'Logs_20140328', 'FilterLogEvents', { logGroupName: '/fuzz/fixture', filterPattern: 'hello', limit: 10 }),
      target('logs', 'Logs_20140328', 'PutRetentionPolicy', { logGroupName: '/fuzz/fixture', retentionInDays: 7 }),
    ],
    dynamodb: [
      dynamo('PutItem', { TableName: f.table, Item: { pk: { S: 'a' }, n: { N: '1' }, l: { L: [{ S: 'x' }, { M: { y: { BOOL: true } } }] } } }),
      dynamo('GetItem', { TableName: f.table, Key: { pk: { S: 'a' } } }),
      dynamo('Query', { TableName: f.table, KeyConditionExpression: 'pk = :v', ExpressionAttributeValues: { ':v': { S: 'a' } } }),
      dynamo('UpdateItem', { TableName: f.table, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } }),
      dynamo('BatchWriteItem', { RequestItems: { [f.table]: [{ PutRequest: { Item: { pk: { S: 'b' } } } }] } }),
      dynamo('Scan', { TableName: f.table, Limit: 5 }),
      dynamo('UpdateTimeToLive', { TableName: f.table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }),
    ],
    'execute-api': [
      { protocol: 'execute-api', owns: ['apigateway.json'], method: 'GET', path: `/restapis/${f.apiId}/test/_user_request_/mock`, headers: {}, body: Buffer.alloc(0) },
      { protocol: 'execute-api', owns: ['apigateway.json'], method: 'POST', path: `/restapis/${f.apiId}/test/_user_request_/fn/a?x=1`, headers: JSON_HEADERS, body: Buffer.from('{"k":"v"}'), json: { k: 'v' } },
      { protocol: 'execute-api', owns: ['apigateway.json'], method: 'GET', path: `/restapis/${f.apiId}/test/_user_request_/fn/deep/er`, headers: {}, body: Buffer.alloc(0) },
    ],
    apigateway: [
      rest('apigateway', 'POST', '/restapis', { name: 'fuzz-api', description: 'd', endpointConfiguration: { types: ['REGIONAL'] }, tags: { a: 'b' } }),
      rest('apigateway', 'GET', '/restapis?limit=5'),
      rest('apigateway', 'GET', `/restapis/${f.apiId}/resources?embed=methods`),
      rest('apigateway', 'POST', `/restapis/${f.apiId}/resources/${f.rootResourceId}`, { pathPart: 'fuzz' }),
      rest('apigateway', 'PUT', `/restapis/${f.apiId}/resources/${f.rootResourceId}/methods/PATCH`, { authorizationType: 'NONE', apiKeyRequired: false, requestParameters: { 'method.request.querystring.q': false } }),
      rest('apigateway', 'POST', '/apikeys', { name: 'fuzz-key', enabled: true, value: 'abcdefghijklmnopqrstuvwxyz' }),
      rest('apigateway', 'PATCH', `/restapis/${f.apiId}/stages/test`, { patchOperations: [{ op: 'replace', path: '/variables/x', value: 'y' }] }),
      rest('apigateway', 'POST', `/restapis/${f.apiId}/deployments`, { stageName: 'test', description: 'fuzz' }),
      rest('apigateway', 'POST', '/usageplans', { name: 'fuzz-plan', throttle: { rateLimit: 10, burstLimit: 5 }, apiStages: [{ apiId: f.apiId, stage: 'test' }] }),
    ],
    lambda: [
      rest('lambda', 'GET', `/2015-03-31/functions/${f.functionName}`),
      rest('lambda', 'GET', '/2015-03-31/functions?MaxItems=5'),
      rest('lambda', 'POST', '/2015-03-31/functions', { FunctionName: 'fuzz-made', Runtime: 'nodejs22.x', Role: f.role, Handler: 'index.handler', Code: { ZipFile: f.zipBase64 }, Timeout: 3, MemorySize: 128, Environment: { Variables: { A: 'b' } }, Tags: { t: 'v' } }),
      rest('lambda', 'PUT', `/2015-03-31/functions/${f.functionName}/configuration`, { Description: 'fuzzed', Timeout: 5, Environment: { Variables: { KEY: 'value' } } }),
      rest('lambda', 'POST', `/2015-03-31/functions/${f.functionName}/invocations`, { hello: 'world' }),
      rest('lambda', 'POST', `/2017-03-31/tags/${encodeURIComponent(fnArn)}`, { Tags: { a: 'b' } }),
      rest('lambda', 'POST', `/2015-03-31/functions/${f.functionName}/policy`, { StatementId: 'fuzz', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }),
      rest('lambda', 'POST', `/2015-03-31/functions/${f.functionName}/aliases`, { Name: 'fuzz', FunctionVersion: '$LATEST' }),
      rest('lambda', 'PUT', `/2015-03-31/functions/${f.functionName}/code`, { ZipFile: f.zipBase64 }),
    ],
  };
}
