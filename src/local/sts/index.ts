// STS (query protocol). GetCallerIdentity answers the fixed local account (or the assumed role of
// temporary credentials), so tools that derive ARNs from the caller's account work unchanged.
// GetSessionToken and AssumeRole issue temporary credentials the signature checks then accept.
import type { CloudContext } from '../context.js';
import { AwsServiceError } from '../protocol/errors.js';
import { parseForm, xmlResult } from '../protocol/render.js';
import type { AwsResponse } from '../protocol/request.js';
import type { LocalService } from '../service.js';
import { derivedRoleId, SessionStore, type SessionRecord } from './sessions.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const validation = (message: string) => new AwsServiceError('ValidationError', message, 400);

/** AWS's wording for a number member out of range or not a number. */
function durationSeconds(text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw validation(`1 validation error detected: Value '${text}' at 'durationSeconds' failed to satisfy constraint: Member must be a number`);
  if (value < min) throw validation(`1 validation error detected: Value '${text}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (value > max) throw validation(`1 validation error detected: Value '${text}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return value;
}

const credentialsOf = (session: SessionRecord) => ({
  AccessKeyId: session.accessKeyId,
  SecretAccessKey: session.secretAccessKey,
  SessionToken: session.sessionToken,
  Expiration: new Date(session.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
});

export function createStsService(ctx: CloudContext): LocalService {
  const sessions = new SessionStore(ctx.stateDir, ctx.clock);
  ctx.ports.sts = {
    findSession: (accessKeyId) => sessions.credential(accessKeyId),
    issueServiceSession(roleArn, sessionName, durationSeconds) {
      const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
      const roleId = ctx.ports.iam?.roleForSession(roleArn)?.roleId || derivedRoleId(roleArn);
      return sessions.issue(durationSeconds, { arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${sessionName}`, userId: `${roleId}:${sessionName}` });
    },
  };
  const userArn = `arn:aws:iam::${ctx.accountId}:user/local`;

  /** An IAM user's access key (CreateAccessKey): that user is the caller. */
  function iamUser(accessKeyId: string | undefined) {
    const principal = accessKeyId ? ctx.ports.iam?.resolvePrincipal(accessKeyId) : undefined;
    return principal?.kind === 'user' ? principal : undefined;
  }

  function getCallerIdentity(accessKeyId: string | undefined): AwsResponse {
    const session = accessKeyId ? sessions.find(accessKeyId) : undefined;
    const user = iamUser(accessKeyId);
    return xmlResult('sts', 'GetCallerIdentity', {
      Arn: session?.arn ?? user?.arn ?? userArn,
      UserId: session?.userId ?? user?.userId ?? 'AIDALOCALCLOUDUSER0001',
      Account: ctx.accountId,
    });
  }

  function getSessionToken(params: Map<string, string>, accessKeyId: string | undefined): AwsResponse {
    if (accessKeyId && sessions.find(accessKeyId)) throw new AwsServiceError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
    const duration = durationSeconds(params.get('DurationSeconds'), 43_200, 900, 129_600);
    return xmlResult('sts', 'GetSessionToken', { Credentials: credentialsOf(sessions.issue(duration)) });
  }

  function assumeRole(params: Map<string, string>, accessKeyId: string | undefined): AwsResponse {
    const roleArn = params.get('RoleArn');
    const sessionName = params.get('RoleSessionName');
    if (roleArn === undefined) throw validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    if (sessionName === undefined) throw validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    if (!SESSION_NAME.test(sessionName)) {
      throw validation(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    const duration = durationSeconds(params.get('DurationSeconds'), 3600, 900, 43_200);
    const caller = (accessKeyId ? sessions.find(accessKeyId)?.arn : undefined) ?? iamUser(accessKeyId)?.arn ?? userArn;
    const role = ctx.ports.iam?.roleForSession(roleArn);
    if (!role) throw new AwsServiceError('AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    if (duration > role.maxSessionDuration) throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const arn = `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${sessionName}`;
    const userId = `${role.roleId || derivedRoleId(roleArn)}:${sessionName}`;
    const session = sessions.issue(duration, { arn, userId });
    return xmlResult('sts', 'AssumeRole', { Credentials: credentialsOf(session), AssumedRoleUser: { AssumedRoleId: userId, Arn: arn } });
  }

  return {
    name: 'sts',
    protocol: 'query',
    async handle(req) {
      const params = parseForm(req.body, req.query);
      const action = params.get('Action') ?? '';
      switch (action) {
        case 'GetCallerIdentity': return getCallerIdentity(req.accessKeyId);
        case 'GetSessionToken': return getSessionToken(params, req.accessKeyId);
        case 'AssumeRole': return assumeRole(params, req.accessKeyId);
        default:
          throw new AwsServiceError('InvalidAction', `The action ${action || '(none)'} is not valid for this endpoint. The local cloud's STS serves GetCallerIdentity, GetSessionToken and AssumeRole.`, 400);
      }
    },
  };
}
