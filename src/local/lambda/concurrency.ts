// Put/Get/DeleteFunctionConcurrency: a function's reserved concurrency, kept on the unqualified
// function as AWS keeps it, within the account's limit (1000, of which 100 stay unreserved).
import { badRequest } from '../protocol/errors.js';
import type { LambdaCore } from './core.js';
import { LATEST } from './model.js';
import type { FunctionRef } from './names.js';

export const ACCOUNT_CONCURRENCY = 1000;
export const MIN_UNRESERVED = 100;

function unqualified(ref: FunctionRef): void {
  if (ref.qualifier) {
    throw badRequest('InvalidParameterValueException',
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
  }
}

export function putFunctionConcurrency(core: LambdaCore, ref: FunctionRef, region: string, input: { ReservedConcurrentExecutions?: number }): Record<string, unknown> {
  unqualified(ref);
  const fn = core.requireFunction(ref.name, region, LATEST);
  const wanted = Number(input.ReservedConcurrentExecutions);
  const reservedElsewhere = Object.values(core.store.functions)
    .filter((other) => other !== fn)
    .reduce((sum, other) => sum + (other.reservedConcurrency ?? 0), 0);
  if (ACCOUNT_CONCURRENCY - reservedElsewhere - wanted < MIN_UNRESERVED) {
    throw badRequest('InvalidParameterValueException',
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`);
  }
  fn.reservedConcurrency = wanted;
  core.store.save();
  return { ReservedConcurrentExecutions: wanted };
}

export function getFunctionConcurrency(core: LambdaCore, ref: FunctionRef, region: string): Record<string, unknown> {
  unqualified(ref);
  const fn = core.requireFunction(ref.name, region);
  return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}

export function deleteFunctionConcurrency(core: LambdaCore, ref: FunctionRef, region: string): void {
  unqualified(ref);
  const fn = core.requireFunction(ref.name, region);
  delete fn.reservedConcurrency;
  core.store.save();
}
