// Wire shapes of API Gateway objects: what Get* answers, without internal bookkeeping fields.
import type { ApiKey, Deployment, Method, Resource, RestApi, Stage, UsagePlan } from './model.js';

export function restApiView(api: RestApi) {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    version: api.version,
    createdDate: api.createdDate,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: { ...api.endpointConfiguration, ipAddressType: api.endpointConfiguration.ipAddressType ?? 'ipv4' },
    policy: api.policy,
    binaryMediaTypes: api.binaryMediaTypes?.length ? api.binaryMediaTypes : undefined,
    minimumCompressionSize: api.minimumCompressionSize,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
    warnings: api.warnings?.length ? api.warnings : undefined,
    tags: nonEmpty(api.tags),
    rootResourceId: api.rootResourceId,
  };
}

/** Without embed=methods API Gateway lists each method as an empty object. */
export function resourceView(resource: Resource, embedMethods: boolean) {
  const methods = Object.entries(resource.resourceMethods);
  return {
    id: resource.id,
    parentId: resource.parentId,
    pathPart: resource.pathPart,
    path: resource.path,
    resourceMethods: methods.length
      ? Object.fromEntries(methods.map(([verb, method]) => [verb, embedMethods ? methodView(method) : {}]))
      : undefined,
  };
}

export const methodView = (method: Method) => method;

export function deploymentView(deployment: Deployment, embedSummary: boolean) {
  return {
    id: deployment.id,
    description: deployment.description,
    createdDate: deployment.createdDate,
    apiSummary: embedSummary ? apiSummary(deployment) : undefined,
  };
}

/** path -> verb -> how the method is secured, as GetDeployment?embed=apisummary answers. */
function apiSummary(deployment: Deployment) {
  const summary: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> = {};
  for (const resource of Object.values(deployment.snapshot.resources)) {
    for (const [verb, method] of Object.entries(resource.resourceMethods)) {
      (summary[resource.path] ??= {})[verb] = { authorizationType: method.authorizationType, apiKeyRequired: method.apiKeyRequired };
    }
  }
  return summary;
}

export const stageView = (stage: Stage) => ({ ...stage, variables: nonEmpty(stage.variables), tags: nonEmpty(stage.tags) });

export function apiKeyView(key: ApiKey, includeValue: boolean) {
  const { value, ...rest } = key;
  const shown = { ...rest, name: key.name || undefined, tags: nonEmpty(key.tags) };
  return includeValue ? { ...shown, value } : shown;
}

export function usagePlanView(plan: UsagePlan) {
  const { keyIds: _keyIds, ...rest } = plan;
  // AWS answers a quota with its offset, 0 unless set.
  const quota = plan.quota ? { ...plan.quota, offset: plan.quota.offset ?? 0 } : undefined;
  return { ...rest, quota, tags: nonEmpty(plan.tags) };
}

/** AWS leaves out an empty tag map. */
export function nonEmpty<T extends object>(map: T | undefined): T | undefined {
  return map && Object.keys(map).length ? map : undefined;
}
