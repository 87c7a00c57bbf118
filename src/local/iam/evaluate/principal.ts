// Principal / NotPrincipal of resource policies. "*" is anyone; an account id or its root ARN is
// every principal of that account; a role ARN covers the sessions of that role.
import type { PrincipalElement, RequestPrincipal } from './types.js';

/** How a Principal element covers the caller: by name, only as a member of a named account, or not. */
export type PrincipalMatch = 'direct' | 'account' | 'none';

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Account id and role name of an assumed-role session ARN, so `role/path/Name` matches it. */
function sessionRole(arn: string): { account: string; role: string } | undefined {
  const m = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  return m ? { account: m[1]!, role: m[2]! } : undefined;
}

function awsEntryMatch(entry: string, principal: RequestPrincipal): PrincipalMatch {
  if (entry === '*') return 'direct';
  const account = /^\d{12}$/.test(entry) ? entry : /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(entry)?.[1];
  if (account !== undefined) {
    if (principal.accountId !== account) return 'none';
    return principal.isRoot ? 'direct' : 'account';
  }
  if (!principal.arn) return 'none';
  if (entry === principal.arn || (principal.roleArn !== undefined && entry === principal.roleArn)) return 'direct';
  const session = sessionRole(principal.arn);
  const role = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry);
  if (session && role && role[1] === session.account && role[2] === session.role) return 'direct';
  return 'none';
}

export function principalMatch(element: PrincipalElement | undefined, principal: RequestPrincipal): PrincipalMatch {
  if (element === undefined) return 'none';
  if (element === '*') return 'direct';
  let best: PrincipalMatch = 'none';
  for (const entry of list(element.AWS)) {
    const match = awsEntryMatch(entry, principal);
    if (match === 'direct') return 'direct';
    if (match === 'account') best = 'account';
  }
  if (principal.service && list(element.Service).some((s) => s === principal.service || s === '*')) return 'direct';
  return best;
}
