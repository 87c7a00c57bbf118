// REST APIs as the console shows them: read from the API Gateway port (the state the data plane serves).
import type { CloudContext } from '../../context.js';
import type { Resource } from '../../apigateway/model.js';
import type { ApiView, RouteView } from '../views.js';

export function listApis(ctx: CloudContext): ApiView[] {
  const data = ctx.ports.apigateway?.data;
  if (!data) return [];
  return Object.values(data.restApis)
    .map((api): ApiView => ({
      id: api.id,
      name: api.name,
      description: api.description,
      createdDate: api.createdDate,
      routes: routeTree(api.resources),
      stages: Object.values(api.stages)
        .map((stage) => ({
          name: stage.stageName,
          deploymentId: stage.deploymentId,
          description: stage.description,
          variables: { ...stage.variables },
          url: `${ctx.url}/restapis/${api.id}/${encodeURIComponent(stage.stageName)}/_user_request_`,
          routes: routeTree(api.deployments[stage.deploymentId]?.snapshot.resources ?? {}),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Resources in path order (a parent before its children), each with its methods. */
export function routeTree(resources: Record<string, Resource>): RouteView[] {
  return Object.values(resources)
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((resource) => ({
      path: resource.path,
      methods: Object.values(resource.resourceMethods)
        .sort((a, b) => a.httpMethod.localeCompare(b.httpMethod))
        .map((method) => {
          const integration = method.methodIntegration;
          return {
            httpMethod: method.httpMethod,
            authorizationType: method.authorizationType,
            apiKeyRequired: method.apiKeyRequired,
            integration: integration?.type,
            functionName: integration?.uri ? functionNameOf(integration.uri) : undefined,
          };
        }),
    }));
}

/** arn:aws:apigateway:R:lambda:path/2015-03-31/functions/arn:aws:lambda:R:A:function:NAME[:Q]/invocations -> NAME */
function functionNameOf(uri: string): string | undefined {
  return /:function:([^:/]+)/.exec(uri)?.[1];
}
