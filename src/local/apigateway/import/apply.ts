// Writes a converted document into a REST API: a new one (import), or an existing one in
// overwrite or merge mode. Resource, model and validator ids are kept for what already exists.
import { newId } from '../ids.js';
import type { Method, Model, Resource, RestApi } from '../model.js';
import type { ImportedApi, ImportedMethod } from './convert.js';

export type ImportMode = 'import' | 'overwrite' | 'merge';

export function applyImport(api: RestApi, imported: ImportedApi, mode: ImportMode): void {
  const merge = mode === 'merge';
  if (!merge || imported.name) api.name = imported.name;
  const existingTypes = api.binaryMediaTypes ?? [];
  for (const field of ['description', 'version', 'policy', 'binaryMediaTypes', 'disableExecuteApiEndpoint'] as const) {
    if (!merge || imported[field] !== undefined) (api as unknown as Record<string, unknown>)[field] = imported[field];
  }
  // Merge adds the document's binary media types to those the API has.
  if (merge && imported.binaryMediaTypes) api.binaryMediaTypes = [...new Set([...existingTypes, ...imported.binaryMediaTypes])];
  if (imported.apiKeySource) api.apiKeySource = imported.apiKeySource;
  else if (!merge) api.apiKeySource = 'HEADER';
  if (imported.endpointTypes?.length) api.endpointConfiguration = { types: imported.endpointTypes };
  api.warnings = imported.warnings;

  api.requestValidators = mergeByName(api.requestValidators, imported.validators, merge, (v, id) => ({ id, ...v }));
  api.models = mergeByName(api.models, imported.models, merge, (m, id): Model => ({ id, ...m }));
  const validatorIds = new Map(Object.values(api.requestValidators).map((v) => [v.name, v.id]));
  api.authorizers = mergeByName(api.authorizers ?? {}, imported.authorizers, merge, (a, id) => ({ id, ...a }));
  const authorizerIds = new Map(Object.values(api.authorizers).map((a) => [a.name, a.id]));
  if (imported.gatewayResponses) api.gatewayResponses = merge ? { ...api.gatewayResponses, ...imported.gatewayResponses } : imported.gatewayResponses;
  else if (!merge) delete api.gatewayResponses;

  const byPath = new Map(Object.values(api.resources).map((r) => [r.path, r]));
  const root = api.resources[api.rootResourceId]!;
  const kept: Record<string, Resource> = merge ? api.resources : { [root.id]: { ...root, resourceMethods: {} } };
  const ensure = (path: string): Resource => {
    const existing = Object.values(kept).find((r) => r.path === path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parent = ensure(cut === 0 ? '/' : path.slice(0, cut));
    const previous = byPath.get(path);
    const resource: Resource = {
      id: previous?.id ?? newId(),
      parentId: parent.id,
      pathPart: path.slice(cut + 1),
      path,
      resourceMethods: merge && previous ? previous.resourceMethods : {},
    };
    kept[resource.id] = resource;
    return resource;
  };
  for (const [path, methods] of imported.paths) {
    const resource = ensure(path);
    for (const [verb, method] of Object.entries(methods)) {
      resource.resourceMethods[verb] = toMethod(method, resource.id, validatorIds, authorizerIds);
    }
  }
  api.resources = kept;
}

function toMethod(imported: ImportedMethod, resourceId: string, validatorIds: Map<string, string>, authorizerIds: Map<string, string>): Method {
  const { validatorName, authorizerName, ...method } = imported;
  const result: Method = structuredClone(method);
  if (validatorName) result.requestValidatorId = validatorIds.get(validatorName);
  if (authorizerName) result.authorizerId = authorizerIds.get(authorizerName);
  if (result.methodIntegration) result.methodIntegration.cacheNamespace = resourceId;
  return result;
}

/** Items keyed by id, matched by name: existing names keep their id; overwrite drops the rest. */
function mergeByName<I extends { name: string }, T extends { id: string; name: string }>(
  existing: Record<string, T>,
  incoming: I[],
  merge: boolean,
  make: (item: I, id: string) => T,
): Record<string, T> {
  const idByName = new Map(Object.values(existing).map((item) => [item.name, item.id]));
  const out: Record<string, T> = merge ? { ...existing } : {};
  for (const item of incoming) {
    const id = idByName.get(item.name) ?? newId();
    out[id] = make(item, id);
  }
  return out;
}
