// STS: AssumeRole is authorized on the role (its trust policy is the resource policy);
// GetCallerIdentity and GetSessionToken need no permission, as on AWS.
import { text, type OperationCall, type RequiredPermission } from './permission.js';

export function stsPermissions(call: OperationCall): RequiredPermission[] {
  if (call.operation !== 'AssumeRole') return [];
  const role = text(call.input.RoleArn);
  return role ? [{ action: 'sts:AssumeRole', resources: [role] }] : [];
}
