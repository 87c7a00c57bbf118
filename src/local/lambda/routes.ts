// The Lambda REST-JSON API: method + path -> operation (URIs as in botocore's lambda model).
import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from '../protocol/errors.js';
import { jsonResult, parseJsonBody } from '../protocol/render.js';
import type { AwsRequest, AwsResponse } from '../protocol/request.js';
import { createAlias, deleteAlias, listAliases, renderAlias, requireAlias, updateAlias, type AliasInput } from './aliases.js';
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from './concurrency.js';
import type { LambdaCore } from './core.js';
import { configurationOf, createFunction, deleteFunction, getFunction, listFunctions, updateFunctionCode, updateFunctionConfiguration, type CreateFunctionInput, type UpdateCodeInput } from './functions.js';
import { invokeFunction, type InvocationType } from './invoke.js';
import type { FunctionRecord } from './model.js';
import { assertReachable, parseFunctionRef, resolveQualifier } from './names.js';
import { LATEST } from './model.js';
import { addPermission, getPolicy, removePermission } from './permissions.js';
import { listVersions, publishVersion, type PublishInput } from './versions.js';
import { safeDecode } from '../protocol/request.js';

const INVOCATION_TYPES = new Set<InvocationType>(['RequestResponse', 'Event', 'DryRun']);

export async function routeLambda(core: LambdaCore, req: AwsRequest): Promise<AwsResponse> {
  const segments = req.rawPath.split('/').filter(Boolean).map(safeDecode);
  const [apiVersion, collection, resource, sub, item] = segments;
  const method = req.method.toUpperCase();
  const body = () => parseJsonBody<Record<string, unknown>>(req.body);

  if (apiVersion === '2017-03-31' && collection === 'tags' && resource && segments.length === 3) {
    return tags(core, req, method, resource);
  }
  if (collection === 'functions' && resource && sub === 'concurrency' && segments.length === 4) {
    return concurrency(core, req, method, apiVersion ?? '', resource);
  }
  if (apiVersion !== '2015-03-31' || collection !== 'functions' || segments.length > 5) return unknown(req);

  if (!resource) {
    if (method === 'GET') return jsonResult('ListFunctions', listFunctions(core, req.query));
    if (method === 'POST') return jsonResult('CreateFunction', await createFunction(core, body() as CreateFunctionInput, req.region), 201);
    return unknown(req);
  }

  const ref = parseFunctionRef(resource);
  assertReachable(ref, req.region);
  // A name/ARN qualifier that contradicts the Qualifier parameter is refused before any lookup.
  const given = resolveQualifier(ref, req.query.get('Qualifier'));
  const qualifier = () => given;
  const fn = (): FunctionRecord => core.requireFunction(ref.name, req.region);
  const key = `${method} ${sub ?? ''}${item !== undefined ? '/*' : ''}`;

  switch (key) {
    case 'GET ': {
      const f = core.requireFunction(ref.name, req.region, given);
      return jsonResult('GetFunction', getFunction(core, f, given));
    }
    case 'DELETE ':
      deleteFunction(core, ref.name, req.region, given);
      return jsonResult('DeleteFunction', undefined, 204);
    case 'GET configuration': {
      const f = core.requireFunction(ref.name, req.region, given);
      return jsonResult('GetFunctionConfiguration', configurationOf(core, f, given));
    }
    case 'PUT configuration':
      return jsonResult('UpdateFunctionConfiguration', updateFunctionConfiguration(core, fn(), body()));
    case 'PUT code':
      return jsonResult('UpdateFunctionCode', await updateFunctionCode(core, fn(), body() as UpdateCodeInput));
    case 'POST versions': {
      const f = fn();
      core.assertNoChangeInProgress(f);
      const version = publishVersion(core, f, body() as PublishInput);
      core.store.save();
      // A version published from an Active $LATEST is Active at once (AWS's recorded answer).
      return jsonResult('PublishVersion', core.configuration(f, version), 201);
    }
    case 'GET versions':
      return jsonResult('ListVersionsByFunction', listVersions(core, fn(), req.query));
    case 'POST aliases':
      return jsonResult('CreateAlias', createAlias(core, ref.name, req.region, body() as AliasInput), 201);
    case 'GET aliases':
      return jsonResult('ListAliases', listAliases(core, fn(), req.query));
    case 'GET aliases/*': {
      const f = fn();
      return jsonResult('GetAlias', renderAlias(core, f, requireAlias(core, f, item!)));
    }
    case 'PUT aliases/*':
      return jsonResult('UpdateAlias', updateAlias(core, fn(), item!, body() as AliasInput));
    case 'DELETE aliases/*':
      deleteAlias(core, fn(), item!);
      return jsonResult('DeleteAlias', undefined, 204);
    case 'POST policy':
      return jsonResult('AddPermission', addPermission(core, ref.name, req.region, given, body()), 201);
    case 'GET policy':
      return jsonResult('GetPolicy', getPolicy(core, ref.name, given));
    case 'DELETE policy/*':
      removePermission(core, ref.name, req.region, given, item!, req.query.get('RevisionId'));
      return jsonResult('RemovePermission', undefined, 204);
    case 'POST invocations':
      // Invoke names the version it would have run: unqualified means $LATEST.
      return invoke(core, req, core.requireFunction(ref.name, req.region, given ?? LATEST), given);
    default:
      return unknown(req);
  }
}

async function invoke(core: LambdaCore, req: AwsRequest, fn: FunctionRecord, qualifier: string | undefined): Promise<AwsResponse> {
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.has(type as InvocationType)) {
    throw badRequest('ValidationException', `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`);
  }
  const answer = await invokeFunction(core, {
    fn,
    qualifier,
    payload: req.body,
    invocationType: type as InvocationType,
    tail: header(req, 'x-amz-log-type') === 'Tail',
    clientContext: header(req, 'x-amz-client-context'),
    region: req.region,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
  };
  // As AWS: only a synchronous invocation names the version it ran.
  if (answer.statusCode === 200) headers['x-amz-executed-version'] = answer.executedVersion;
  if (answer.functionError) headers['x-amz-function-error'] = answer.functionError;
  if (answer.logResult !== undefined) headers['x-amz-log-result'] = answer.logResult;
  return { status: answer.statusCode, operation: 'Invoke', headers, body: answer.payload };
}

function tags(core: LambdaCore, req: AwsRequest, method: string, arn: string): AwsResponse {
  const ref = parseFunctionRef(arn);
  if (ref.qualifier) throw badRequest('InvalidParameterValueException', 'Tags on function aliases and versions are not supported. Please specify a function ARN.');
  if (!arn.startsWith('arn:')) {
    throw badRequest('InvalidParameterValueException', `Tags are kept on unqualified function ARNs (arn:aws:lambda:REGION:ACCOUNT:function:NAME); got ${arn}.`);
  }
  const fn = core.requireFunction(ref.name, req.region);
  if (method === 'GET') return jsonResult('ListTags', { Tags: { ...fn.tags } });
  if (method === 'POST') {
    const input = parseJsonBody<{ Tags?: Record<string, string> }>(req.body);
    Object.assign(fn.tags, input.Tags ?? {});
    core.store.save();
    return jsonResult('TagResource', undefined, 204);
  }
  if (method === 'DELETE') {
    for (const key of req.query.getAll('tagKeys')) delete fn.tags[key];
    core.store.save();
    return jsonResult('UntagResource', undefined, 204);
  }
  return unknown(req);
}

function concurrency(core: LambdaCore, req: AwsRequest, method: string, apiVersion: string, resource: string): AwsResponse {
  const ref = parseFunctionRef(resource);
  assertReachable(ref, req.region);
  if (method === 'PUT' && apiVersion === '2017-10-31') {
    return jsonResult('PutFunctionConcurrency', putFunctionConcurrency(core, ref, req.region, parseJsonBody(req.body)));
  }
  if (method === 'GET' && apiVersion === '2019-09-30') return jsonResult('GetFunctionConcurrency', getFunctionConcurrency(core, ref, req.region));
  if (method === 'DELETE' && apiVersion === '2017-10-31') {
    deleteFunctionConcurrency(core, ref, req.region);
    return jsonResult('DeleteFunctionConcurrency', undefined, 204);
  }
  return unknown(req);
}

function header(req: AwsRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function unknown(req: AwsRequest): never {
  throw notFound('UnknownOperationException', `The local Lambda has no operation ${req.method} ${req.path}. It serves the 2015-03-31 functions API and 2017-03-31 tags.`);
}
