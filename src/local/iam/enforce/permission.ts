// One permission a request needs: the IAM action and the resource ARN(s) AWS authorizes it on.

export interface RequiredPermission {
  action: string;
  resources: string[];
}

/** What an operation's permission mapper is given: the decoded input and where the call was made. */
export interface OperationCall {
  operation: string;
  input: Record<string, unknown>;
  region: string;
  accountId: string;
  /** REST services (API Gateway) authorize on the HTTP method and path. */
  method: string;
  path: string;
  /** The caller's own IAM user name, for IAM operations that default to it (GetUser, CreateAccessKey). */
  callerUserName?: string;
}

export type PermissionMapper = (call: OperationCall) => RequiredPermission[];

export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
