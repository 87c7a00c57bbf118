// The shape check every control-plane request passes before a model sees it (botocore's models).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../src/local/protocol/errors.js';
import type { AwsRequest } from '../../../src/local/protocol/request.js';
import { matchesPattern } from '../../../src/local/protocol/validate/patterns.js';
import { validateRequest } from '../../../src/local/protocol/validate/index.js';

function req(service: string, method: string, pathAndQuery: string, body = '', headers: Record<string, string> = {}): AwsRequest {
  const [path = '/', search = ''] = pathAndQuery.split('?', 2);
  return { method, path: decodeURIComponent(path), rawPath: path, query: new URLSearchParams(search), headers, body: Buffer.from(body), service, region: 'us-east-1', target: headers['x-amz-target'] };
}

function refusal(request: AwsRequest): AwsServiceError {
  try {
    validateRequest(request.service, request);
  } catch (err) {
    if (err instanceof AwsServiceError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('validateRequest', () => {
  it('finds rest-json operations by method and URI template, literal query members first', () => {
    expect(validateRequest('lambda', req('lambda', 'POST', '/2015-03-31/functions/f/invocations', 'not json at all'))?.operation).toBe('Invoke');
    expect(validateRequest('apigateway', req('apigateway', 'POST', '/restapis?mode=import', 'swagger: "2.0"'))?.operation).toBe('ImportRestApi');
    expect(validateRequest('apigateway', req('apigateway', 'POST', '/restapis', '{"name":"a"}'))?.operation).toBe('CreateRestApi');
    expect(validateRequest('lambda', req('lambda', 'GET', '/2015-03-31/nothing/here'))).toBeUndefined();
  });

  it('checks URI labels, query strings and headers as members', () => {
    expect(refusal(req('lambda', 'GET', '/2015-03-31/functions?MaxItems=0')).message)
      .toBe("1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
    expect(refusal(req('lambda', 'POST', '/2015-03-31/functions/f/invocations', '', { 'x-amz-invocation-type': 'Sometimes' })).message)
      .toContain("Value 'Sometimes' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
    expect(refusal(req('apigateway', 'GET', '/restapis?limit=abc'))).toMatchObject({ code: 'SerializationException', status: 400 });
  });

  it('rebuilds query-protocol lists from .member.N keys', () => {
    const form = 'Action=TagRole&RoleName=r&Tags.member.1.Key=a&Tags.member.1.Value=b&Tags.member.2.Key=' + 'k'.repeat(129) + '&Tags.member.2.Value=v';
    const err = refusal(req('iam', 'POST', '/', form));
    expect(err).toMatchObject({ code: 'ValidationError' });
    expect(err.message).toContain("at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 128");
    expect(validateRequest('iam', req('iam', 'POST', '/', 'Action=NoSuchAction'))).toBeUndefined();
  });

  it('answers type faults as serialization errors in each service\'s words', () => {
    const target = { 'x-amz-target': 'Logs_20140328.CreateLogGroup' };
    expect(refusal(req('logs', 'POST', '/', '{"logGroupName":5}', target))).toMatchObject({ code: 'SerializationException' });
    expect(refusal(req('logs', 'POST', '/', '[]', target))).toMatchObject({ code: 'SerializationException' });
    expect(refusal(req('logs', 'POST', '/', '{}', target))).toMatchObject({ code: 'InvalidParameterException' });
    expect(refusal(req('events', 'POST', '/', '{"Name":"r","Tags":[null]}', { 'x-amz-target': 'AWSEvents.PutRule' }))).toMatchObject({ code: 'SerializationException' });
    expect(refusal(req('lambda', 'POST', '/2015-03-31/functions', '{"FunctionName":[]}'))).toMatchObject({ code: 'InvalidRequestContentException' });
  });

  it('reads a null member as an absent one and hands the service the body without it', () => {
    const checked = validateRequest('lambda', req('lambda', 'PUT', '/2015-03-31/functions/f/configuration', '{"Environment":null,"Timeout":3}'));
    expect(checked?.cleanedBody).toEqual({ Timeout: 3 });
  });

  it('bounds nesting depth', () => {
    const deep = `{"Description":${'['.repeat(65)}${']'.repeat(65)}}`;
    expect(refusal(req('lambda', 'PUT', '/2015-03-31/functions/f/configuration', deep)).message).toContain('nested deeper than 64');
  });

  it('translates Java-only pattern constructs and never throws on a pattern JS cannot compile', () => {
    expect(matchesPattern('\\p{Alnum}+', 'abc1')).toBe(true);
    expect(matchesPattern('\\p{Alnum}+', 'a-b')).toBe(false);
    expect(matchesPattern('[\\p{L}\\p{Z}]*', 'é ü')).toBe(true);
    expect(matchesPattern('a++b', 'aab')).toBe(true);
    expect(matchesPattern('(?<broken', 'anything')).toBe(true);
  });
});

describe('the committed shapes', () => {
  it('are what scripts/gen-service-shapes.mjs makes of botocore\'s models and the served operations', () => {
    const result = spawnSync(process.execPath, ['scripts/gen-service-shapes.mjs', '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
