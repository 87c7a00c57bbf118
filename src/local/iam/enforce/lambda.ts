// What AWS authorizes each Lambda operation against: lambda:<Action> on the function ARN
// (qualified for the operations that take a Qualifier), ListFunctions on "*", and iam:PassRole
// on the execution role for CreateFunction and a role change.
import { parseFunctionRef } from '../../lambda/names.js';
import { text, type OperationCall, type RequiredPermission } from './permission.js';

/** Operations whose IAM action is not lambda:<operation>. */
const ACTION: Record<string, string> = { Invoke: 'InvokeFunction' };
/** Operations authorized on the qualified ARN when a qualifier is named. */
const QUALIFIED = new Set(['Invoke', 'GetFunction', 'GetFunctionConfiguration', 'GetPolicy', 'AddPermission', 'RemovePermission']);

export function lambdaPermissions(call: OperationCall): RequiredPermission[] {
  const action = `lambda:${ACTION[call.operation] ?? call.operation}`;
  if (call.operation === 'ListFunctions') return [{ action, resources: ['*'] }];
  const tagged = text(call.input.Resource);
  if (tagged) return [{ action, resources: [tagged] }];
  const name = text(call.input.FunctionName);
  if (!name) return [{ action, resources: ['*'] }];
  let ref;
  try {
    ref = parseFunctionRef(name);
  } catch {
    return []; // Lambda answers the malformed name itself.
  }
  const account = /^arn:aws[a-z-]*:lambda:[^:]+:(\d{12}):/.exec(name)?.[1] ?? /^(\d{12}):function:/.exec(name)?.[1] ?? call.accountId;
  const region = /^arn:aws[a-z-]*:lambda:([^:]+):/.exec(name)?.[1] ?? call.region;
  const qualifier = QUALIFIED.has(call.operation) ? (ref.qualifier ?? text(call.input.Qualifier)) : undefined;
  const permissions: RequiredPermission[] = [{ action, resources: [`arn:aws:lambda:${region}:${account}:function:${ref.name}${qualifier ? `:${qualifier}` : ''}`] }];
  const role = text(call.input.Role);
  if (role && (call.operation === 'CreateFunction' || call.operation === 'UpdateFunctionConfiguration')) permissions.push({ action: 'iam:PassRole', resources: [role] });
  return permissions;
}
