// Deploy order follows references: an API is made after the functions its markers name, and a
// function whose strings reference an API after that API. A cycle cannot be deployed.
import { findReferences, referenceSites } from '../references.js';
import type { CheckContext } from './context.js';

type Node = `function:${string}` | `api:${string}`;

export function checkCycles(ctx: CheckContext): void {
  const edges = new Map<Node, Set<Node>>();
  const link = (from: Node, to: Node) => edges.set(from, (edges.get(from) ?? new Set()).add(to));
  for (const [key, fn] of Object.entries(ctx.config.functions)) {
    for (const site of referenceSites(fn)) {
      for (const { ref } of findReferences(site.text)) {
        if (ref && (ref.kind === 'api' || ref.kind === 'apiStageUrl')) link(`function:${key}`, `api:${ref.key}`);
      }
    }
  }
  for (const api of Object.values(ctx.apis)) {
    for (const fn of api.functionMarkers) link(`api:${api.key}`, `function:${fn}`);
  }
  const reported = new Set<string>();
  for (const cycle of findCycles(edges)) {
    const id = [...cycle].sort().join(',');
    if (reported.has(id)) continue;
    reported.add(id);
    const fn = cycle.find((n) => n.startsWith('function:'))!.slice('function:'.length);
    const api = cycle.find((n) => n.startsWith('api:'))!.slice('api:'.length);
    ctx.problems.add(ctx.configFile, ctx.at('functions', fn),
      `dependency cycle ${[...cycle, cycle[0]].join(' -> ')}: function "${fn}" references API "${api}", which invokes it, so neither can be made first`,
      `drop the \${api:...} reference from functions.${fn} (e.g. pass the URL through a stage variable or discover it at run time)`);
  }
}

function findCycles(edges: Map<Node, Set<Node>>): Node[][] {
  const cycles: Node[][] = [];
  const state = new Map<Node, 'open' | 'done'>();
  const stack: Node[] = [];
  const visit = (n: Node) => {
    state.set(n, 'open');
    stack.push(n);
    for (const next of edges.get(n) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}
