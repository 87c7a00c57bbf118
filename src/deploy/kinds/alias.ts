// Function aliases: a version number, $LATEST, or the version this deploy publishes (a token).
import { call } from '../calls.js';
import { hasTokens } from '../refs.js';
import { upToDate, wanted, type KindModule } from './kind.js';

export const alias: KindModule<'alias'> = {
  read: { with: 'function' },
  diff(d, { remote }) {
    const a = remote.functions[d.functionName]?.aliases[d.aliasName];
    const where = `${d.functionName}:${d.aliasName}`;
    const update = call('lambda:UpdateAlias', { FunctionName: d.functionName, Name: d.aliasName, FunctionVersion: d.version }, where);
    const outputs = { version: d.version };
    if (!a) {
      return { exists: false, reason: 'alias missing', outputs, calls: [call('lambda:CreateAlias', { FunctionName: d.functionName, Name: d.aliasName, FunctionVersion: d.version }, where, { ifExists: [update] })] };
    }
    if (hasTokens(d.version)) return { exists: true, reason: 'moves to the version this deploy publishes', outputs, calls: [update] };
    return a.version === d.version ? upToDate(outputs) : { exists: true, reason: `points to ${a.version}, want ${d.version}`, outputs, calls: [update] };
  },
  orphans(remote, desired) {
    const want = new Set(wanted(desired, 'alias').map((a) => `${a.functionName}:${a.aliasName}`));
    const functions = new Set(wanted(desired, 'function').map((f) => f.name));
    return Object.values(remote.functions).filter((f) => functions.has(f.name)).flatMap((f) => Object.keys(f.aliases)
      .filter((name) => !want.has(`${f.name}:${name}`))
      .map((name) => ({ id: `alias:${f.name}:${name}`, kind: 'alias' as const, name, parent: f.name })));
  },
  deleteCalls: (o) => (o.parent ? [call('lambda:DeleteAlias', { FunctionName: o.parent, Name: o.name }, `${o.parent}:${o.name}`, { absentOk: true })] : []),
  deleteRank: 7,
};
