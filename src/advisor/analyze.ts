// From one function's recorded decisions and its role's grants: what it used, what it was given
// and never used, what it was refused, and the least statements that cover what it used.
import { actionMatches, arnMatches } from '../local/iam/evaluate/wildcard.js';
import type { DeniedPermission, FunctionAdvice, Grant, PermissionStatement, RecordedDecision, UnusedGrant, UsedPermission } from './types.js';

export interface AnalyzeInput {
  key: string;
  functionName: string;
  role: string;
  grants: Grant[];
  unjudged: string[];
  /** Decisions of every principal; the function's are picked by its role session. */
  decisions: RecordedDecision[];
  /** Explains a grant never used (where in the config it comes from), when known. */
  explain?: (grant: Grant) => string | undefined;
}

/** The session Lambda runs the function as: assumed-role/<role>/<function>. */
export function isFunctionSession(principalArn: string, role: string, functionName: string): boolean {
  return new RegExp(`^arn:aws[\\w-]*:sts::\\d{12}:assumed-role/${escape(role)}/${escape(functionName)}$`).test(principalArn);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function tally<T extends { action: string; resource: string; calls: number }>(items: Map<string, T>, decision: RecordedDecision, make: () => T): void {
  const id = `${decision.action} ${decision.resource}`;
  const found = items.get(id);
  if (found) found.calls += 1;
  else items.set(id, make());
}

export function analyzeFunction(input: AnalyzeInput): FunctionAdvice {
  const own = input.decisions.filter((d) => isFunctionSession(d.principalArn, input.role, input.functionName));
  const used = new Map<string, UsedPermission>();
  const denied = new Map<string, DeniedPermission>();
  for (const d of own) {
    if (d.decision === 'Allow') tally(used, d, () => ({ action: d.action, resource: d.resource, calls: 1 }));
    else tally(denied, d, () => ({ action: d.action, resource: d.resource, calls: 1, decision: d.decision, ...(d.message ? { message: d.message } : {}) }));
  }
  const usedList = [...used.values()].sort(byActionResource);
  const neverUsed: UnusedGrant[] = input.grants
    .filter((g) => !usedList.some((u) => actionMatches(g.action, u.action) && arnMatches(g.resource, u.resource)))
    .map((g) => {
      const note = input.explain?.(g);
      return note ? { ...g, note } : g;
    });
  return {
    key: input.key,
    functionName: input.functionName,
    role: input.role,
    used: usedList,
    neverUsed,
    denied: [...denied.values()].sort(byActionResource),
    minimalPermissions: minimalStatements([...usedList, ...denied.values()]),
    unjudged: input.unjudged,
  };
}

const byActionResource = (a: { action: string; resource: string }, b: { action: string; resource: string }) =>
  a.action.localeCompare(b.action) || a.resource.localeCompare(b.resource);

/** Actions grouped by resource, then resources with the same actions joined into one statement. */
export function minimalStatements(pairs: { action: string; resource: string }[]): PermissionStatement[] {
  const byResource = new Map<string, Set<string>>();
  for (const { action, resource } of pairs) byResource.set(resource, (byResource.get(resource) ?? new Set()).add(action));
  const byActions = new Map<string, PermissionStatement>();
  for (const [resource, actions] of [...byResource].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...actions].sort();
    const id = sorted.join(',');
    const statement = byActions.get(id) ?? { actions: sorted, resources: [] };
    statement.resources.push(resource);
    byActions.set(id, statement);
  }
  return [...byActions.values()];
}

/** The Action x Resource pairs of a role policy's Allow statements; the rest is unjudged. */
export function grantsOf(policy: string, document: unknown): { grants: Grant[]; unjudged: string[] } {
  const statements = (document as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  const grants: Grant[] = [];
  const unjudged: string[] = [];
  const many = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
  list.forEach((raw, statementIndex) => {
    const s = raw as Record<string, unknown>;
    if (s.Effect !== 'Allow') return;
    if (s.NotAction !== undefined || s.NotResource !== undefined) {
      unjudged.push(`${policy} statement ${statementIndex}: NotAction/NotResource grants everything but a list; narrow it by hand`);
      return;
    }
    for (const action of many(s.Action)) for (const resource of many(s.Resource)) grants.push({ action, resource, policy, statementIndex });
  });
  return { grants, unjudged };
}
