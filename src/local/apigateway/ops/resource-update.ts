// UpdateResource: only "replace /pathPart" and "replace /parentId" (AWS's rules and wording, as
// recorded); the resource's path and its descendants' paths follow the move or the rename.
import { AwsServiceError } from '../../protocol/errors.js';
import { badRequestError, conflictError } from '../errors.js';
import { checkResourcePath } from '../import/convert.js';
import type { Resource, RestApi } from '../model.js';
import { route, type Route } from '../router.js';
import { resourceView } from '../view.js';
import type { OpsContext } from './context.js';

const invalidResource = () => new AwsServiceError('NotFoundException', 'Invalid Resource identifier specified', 404);

function childPath(parent: Resource, pathPart: string): string {
  return parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`;
}

/** Recomputes the paths below a resource whose own path changed. */
function repath(api: RestApi, resource: Resource): void {
  for (const child of Object.values(api.resources)) {
    if (child.parentId !== resource.id) continue;
    child.path = childPath(resource, child.pathPart!);
    repath(api, child);
  }
}

export function resourceUpdateRoutes({ store }: OpsContext): Route[] {
  return [
    route('PATCH', '/restapis/{restapi_id}/resources/{resource_id}', 'UpdateResource', (r) => {
      const api = store.api(r.params.restapi_id!);
      const resource = api.resources[r.params.resource_id!];
      if (!resource) throw invalidResource();
      const operations = Array.isArray(r.json().patchOperations) ? (r.json().patchOperations as { op?: string; path?: string; value?: string }[]) : [];
      let { parentId, pathPart } = resource;
      for (const op of operations) {
        if (op.path !== '/pathPart' && op.path !== '/parentId') {
          throw badRequestError(`Invalid patch path  '${op.path}' specified for op '${op.op}'. Must be one of: [/parentId, /pathPart]`);
        }
        if (op.op !== 'replace') throw badRequestError(`Invalid patch path  '${op.path}' specified for op '${op.op}'. Please choose supported operations`);
        if (resource.id === api.rootResourceId) throw badRequestError(`Root resource cannot update its ${op.path.slice(1)}.`);
        if (op.path === '/pathPart') pathPart = String(op.value ?? '');
        else parentId = String(op.value ?? '');
      }
      const parent = parentId ? api.resources[parentId] : undefined;
      if (!parent) throw invalidResource();
      for (let p: Resource | undefined = parent; p; p = p.parentId ? api.resources[p.parentId] : undefined) {
        if (p.id === resource.id) throw badRequestError('Resources cannot be cyclical.');
      }
      const path = childPath(parent, pathPart!);
      const problem = checkResourcePath(path);
      if (problem) throw badRequestError(`Invalid pathPart '${pathPart}': ${problem}`);
      if (Object.values(api.resources).some((res) => res.id !== resource.id && res.parentId === parent.id && res.pathPart === pathPart)) {
        throw conflictError(`Another resource with the same parent already has this name: ${pathPart}`);
      }
      Object.assign(resource, { parentId: parent.id, pathPart, path });
      repath(api, resource);
      store.save();
      return { body: resourceView(resource, false) };
    }),
  ];
}
