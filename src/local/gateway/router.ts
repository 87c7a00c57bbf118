// Finds the resource and method a request path selects in a deployment snapshot, as API Gateway
// does for REST APIs: a literal segment beats {param}, which beats the greedy {proxy+}.
import type { Method, Resource } from '../apigateway/model.js';

interface RouteNode {
  resource?: Resource;
  literals: Map<string, RouteNode>;
  /** {name} child, if any (API Gateway allows one variable child per resource). */
  param?: { name: string; node: RouteNode };
  /** {name+} child: consumes one or more remaining segments. */
  greedy?: { name: string; node: RouteNode };
}

export interface RouteMatch {
  resource: Resource;
  method: Method;
  pathParameters: Record<string, string>;
  /**
   * The request path as the router read it (empty segments dropped: "//admin/x" is "/admin/x").
   * Everything that judges the path (the resource policy's execute-api ARN) uses this one.
   */
  path: string;
}

/** Compiled trees, one per snapshot's resource map; snapshots are frozen, so never stale. */
const trees = new WeakMap<Record<string, Resource>, RouteNode>();

function compile(resources: Record<string, Resource>): RouteNode {
  const root: RouteNode = { literals: new Map() };
  for (const resource of Object.values(resources)) {
    let node = root;
    for (const segment of splitPath(resource.path)) {
      const variable = /^\{(.+?)(\+)?\}$/.exec(segment);
      if (!variable) {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = { literals: new Map() }));
        node = next;
      } else if (variable[2]) {
        node.greedy ??= { name: variable[1]!, node: { literals: new Map() } };
        node = node.greedy.node;
      } else {
        node.param ??= { name: variable[1]!, node: { literals: new Map() } };
        node = node.param.node;
      }
    }
    node.resource = resource;
  }
  return root;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/** The resource for a path, or undefined; path parameters are filled in the given object. */
export function findResource(resources: Record<string, Resource>, path: string, params: Record<string, string>): Resource | undefined {
  let tree = trees.get(resources);
  if (!tree) trees.set(resources, (tree = compile(resources)));
  const resource = walk(tree, splitPath(path), 0, params);
  // A greedy parameter keeps the inner double slashes of the path, as AWS's (recorded); a
  // trailing slash is not part of it.
  const greedy = resource ? /\{([^}]+)\+\}/.exec(resource.path) : null;
  if (resource && greedy) {
    const before = splitPath(resource.path).indexOf(greedy[0]);
    params[greedy[1]!] = path.replace(/^\/+/, '').split('/').slice(before).join('/').replace(/\/+$/, '');
  }
  return resource;
}

function walk(node: RouteNode, segments: string[], index: number, params: Record<string, string>): Resource | undefined {
  if (index === segments.length) return node.resource;
  const segment = segments[index]!;
  const literal = node.literals.get(segment);
  if (literal) {
    const found = walk(literal, segments, index + 1, params);
    if (found) return found;
  }
  if (node.param) {
    const found = walk(node.param.node, segments, index + 1, params);
    if (found) {
      params[node.param.name] = segment;
      return found;
    }
  }
  if (node.greedy?.node.resource) {
    params[node.greedy.name] = segments.slice(index).join('/');
    return node.greedy.node.resource;
  }
  return undefined;
}

/** Resource and method for a request; undefined means API Gateway's "Missing Authentication Token". */
export function route(resources: Record<string, Resource>, path: string, httpMethod: string): RouteMatch | undefined {
  const pathParameters: Record<string, string> = {};
  const resource = findResource(resources, path, pathParameters);
  if (!resource) return undefined;
  const method = resource.resourceMethods[httpMethod] ?? resource.resourceMethods.ANY;
  if (!method) return undefined;
  return { resource, method, pathParameters, path: `/${splitPath(path).join('/')}` };
}
