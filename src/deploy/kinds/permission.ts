// Resource-policy statements letting API Gateway or EventBridge invoke a function, scoped to one
// API or rule. Only the engine's own statements (ids starting `discovery-`) are ever swept.
import { call, type ApiCall } from '../calls.js';
import { STATEMENT_PREFIX, type PermissionResource } from '../model.js';
import { hasTokens } from '../refs.js';
import { upToDate, wanted, type KindModule } from './kind.js';

const where = (functionName: string, qualifier?: string) => `${functionName}${qualifier ? `:${qualifier}` : ''}`;

function removeCall(functionName: string, qualifier: string | undefined, statementId: string): ApiCall {
  return call('lambda:RemovePermission', { FunctionName: functionName, Qualifier: qualifier, StatementId: statementId }, `${where(functionName, qualifier)} ${statementId}`, { absentOk: true });
}

function addCall(d: PermissionResource, ifExists?: ApiCall[]): ApiCall {
  return call('lambda:AddPermission', {
    FunctionName: d.functionName, Qualifier: d.qualifier, StatementId: d.statementId, Action: 'lambda:InvokeFunction', Principal: d.principal, SourceArn: d.sourceArn,
  }, where(d.functionName, d.qualifier), ifExists ? { ifExists } : {});
}

export const permission: KindModule<'permission'> = {
  read: { with: 'function' },
  diff(d, { remote }) {
    const st = remote.functions[d.functionName]?.policies[d.qualifier ?? '']?.find((s) => s.sid === d.statementId);
    const replace = [removeCall(d.functionName, d.qualifier, d.statementId), addCall(d)];
    // A statement left by an interrupted run, possibly scoped differently: replaced.
    if (!st) return { exists: false, reason: 'permission missing', calls: [addCall(d, replace)] };
    if (hasTokens(d.sourceArn)) return { exists: true, reason: 'API is new: permission re-scoped', calls: replace };
    if (st.sourceArn !== d.sourceArn || (st.principal !== undefined && st.principal !== d.principal)) {
      return { exists: true, reason: `scoped to ${st.sourceArn ?? 'any source'}, want ${d.sourceArn}`, calls: replace };
    }
    return upToDate();
  },
  orphans(remote, desired) {
    const functions = new Set(wanted(desired, 'function').map((f) => f.name));
    const aliases = new Set(wanted(desired, 'alias').map((a) => `${a.functionName}:${a.aliasName}`));
    const statements = new Set(wanted(desired, 'permission').map((p) => `${p.functionName}:${p.qualifier ?? ''}:${p.statementId}`));
    return Object.values(remote.functions).filter((f) => functions.has(f.name)).flatMap((f) => Object.entries(f.policies).flatMap(([qualifier, list]) => {
      if (qualifier && !aliases.has(`${f.name}:${qualifier}`)) return []; // goes with its alias
      return list.filter((st) => st.sid.startsWith(STATEMENT_PREFIX) && !statements.has(`${f.name}:${qualifier}:${st.sid}`))
        .map((st) => ({ id: `permission:${f.name}:${qualifier}:${st.sid}`, kind: 'permission' as const, name: st.sid, parent: f.name, qualifier: qualifier || undefined }));
    }));
  },
  deleteCalls: (o) => (o.parent ? [removeCall(o.parent, o.qualifier, o.name)] : []),
  deleteRank: 6,
};
