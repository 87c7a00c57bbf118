// Create/Get/Update/List/DeleteAlias. An alias points at a published version or $LATEST,
// optionally with weights for a second version.
import { badRequest, conflict, notFound } from '../protocol/errors.js';
import type { LambdaCore } from './core.js';
import { LATEST, type AliasRecord, type FunctionRecord } from './model.js';
import { paginate } from './paging.js';

export interface AliasInput {
  Name?: string;
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: AliasRecord['routingConfig'];
  RevisionId?: string;
}

export function renderAlias(core: LambdaCore, fn: FunctionRecord, alias: AliasRecord): Record<string, unknown> {
  return {
    AliasArn: core.arn(fn, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
    ...(alias.routingConfig ? { RoutingConfig: alias.routingConfig } : {}),
  };
}

export function createAlias(core: LambdaCore, functionName: string, region: string, input: AliasInput): Record<string, unknown> {
  const name = input.Name;
  if (typeof name !== 'string' || !/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(name) || name.length > 128) {
    throw badRequest('ValidationException', `1 validation error detected: Value '${String(name)}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`);
  }
  checkWeightCount(input.RoutingConfig);
  // AWS names the version asked for when the function itself is missing.
  const fn = core.requireFunction(functionName, region, input.FunctionVersion);
  const functionVersion = requireVersion(core, fn, input.FunctionVersion);
  const routingConfig = input.RoutingConfig ? checkRouting(core, fn, functionVersion, input.RoutingConfig) : undefined;
  if (Object.hasOwn(fn.aliases, name)) throw conflict('ResourceConflictException', `Alias already exists: ${core.arn(fn, name)}`);
  const alias: AliasRecord = {
    name,
    functionVersion,
    description: input.Description ?? '',
    revisionId: core.newRevision(),
    ...(routingConfig ? { routingConfig } : {}),
  };
  fn.aliases[name] = alias;
  core.store.save();
  return renderAlias(core, fn, alias);
}

export function requireAlias(core: LambdaCore, fn: FunctionRecord, name: string): AliasRecord {
  const alias = Object.hasOwn(fn.aliases, name) ? fn.aliases[name] : undefined;
  if (!alias) throw notFound('ResourceNotFoundException', `Cannot find alias arn: ${core.arn(fn, name)}`);
  return alias;
}

export function updateAlias(core: LambdaCore, fn: FunctionRecord, name: string, input: AliasInput): Record<string, unknown> {
  const alias = Object.hasOwn(fn.aliases, name) ? fn.aliases[name] : undefined;
  if (!alias) throw notFound('ResourceNotFoundException', `Alias not found: ${core.arn(fn, name)}`);
  core.assertRevision(input.RevisionId, alias.revisionId);
  checkWeightCount(input.RoutingConfig);
  if (input.FunctionVersion !== undefined) alias.functionVersion = requireVersion(core, fn, input.FunctionVersion);
  if (input.Description !== undefined) alias.description = input.Description;
  if (input.RoutingConfig !== undefined) {
    const routing = checkRouting(core, fn, alias.functionVersion, input.RoutingConfig);
    if (routing) alias.routingConfig = routing;
    else delete alias.routingConfig;
  }
  alias.revisionId = core.newRevision();
  core.store.save();
  return renderAlias(core, fn, alias);
}

/** As AWS: deleting an alias that does not exist succeeds. */
export function deleteAlias(core: LambdaCore, fn: FunctionRecord, name: string): void {
  if (!Object.hasOwn(fn.aliases, name)) return;
  delete fn.aliases[name];
  delete fn.policies[name];
  core.store.save();
}

export function listAliases(core: LambdaCore, fn: FunctionRecord, query: URLSearchParams): Record<string, unknown> {
  const version = query.get('FunctionVersion');
  const aliases = Object.values(fn.aliases)
    .filter((a) => !version || a.functionVersion === version)
    .sort((a, b) => a.name.localeCompare(b.name));
  const { items, nextMarker } = paginate(aliases, query);
  return { Aliases: items.map((a) => renderAlias(core, fn, a)), ...(nextMarker ? { NextMarker: nextMarker } : {}) };
}

function requireVersion(core: LambdaCore, fn: FunctionRecord, version: string | undefined): string {
  if (typeof version !== 'string' || !version) throw badRequest('ValidationException', "1 validation error detected: Value null at 'functionVersion' failed to satisfy constraint: Member must not be null");
  if (version !== LATEST && !Object.hasOwn(fn.versions, version)) throw notFound('ResourceNotFoundException', `Function not found: ${core.arn(fn, version)}`);
  return version;
}

function checkWeightCount(routing: AliasRecord['routingConfig'] | undefined): void {
  if (Object.keys(routing?.AdditionalVersionWeights ?? {}).length > 1) {
    throw badRequest('InvalidParameterValueException', 'Number of items in AdditionalVersionWeights cannot be greater than 1');
  }
}

/** The routing an alias keeps: none for empty weights (AWS then shows no RoutingConfig). */
function checkRouting(core: LambdaCore, fn: FunctionRecord, primary: string, routing: NonNullable<AliasRecord['routingConfig']>): AliasRecord['routingConfig'] {
  const weights = Object.entries(routing.AdditionalVersionWeights ?? {});
  if (weights.length === 0) return undefined;
  for (const [version, weight] of weights) {
    requireVersion(core, fn, version);
    if (!(weight >= 0 && weight <= 1)) throw badRequest('InvalidParameterValueException', `The weight of version ${version} must be between 0.0 and 1.0, got ${weight}.`);
    if (primary === LATEST) {
      // This one refusal carries no Type in AWS's body.
      throw badRequest('InvalidParameterValueException', '$LATEST is not supported for an alias pointing to more than 1 version')
        .withBody({ message: '$LATEST is not supported for an alias pointing to more than 1 version' });
    }
    if (version === primary) {
      throw badRequest('InvalidParameterValueException', `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`);
    }
  }
  return routing;
}
