// ctx.ports.lambda: how API Gateway and EventBridge invoke functions in process.
import type { InvokeOptions, InvokeResult, LambdaPort } from '../ports.js';
import type { LambdaCore } from './core.js';
import { invokeFunction } from './invoke.js';
import { parseFunctionRef, resolveQualifier } from './names.js';
import { invokeAllowed } from './permissions.js';
import { policyDocument } from './policy.js';
import type { PolicyDocument } from '../iam/evaluate/index.js';

export function createLambdaPort(core: LambdaCore): LambdaPort {
  const locate = (functionRef: string, qualifier: string | undefined) => {
    const ref = parseFunctionRef(functionRef);
    return { fn: core.requireFunction(ref.name, core.ctx.defaultRegion), qualifier: resolveQualifier(ref, qualifier) };
  };
  return {
    async invoke(functionRef: string, qualifier: string | undefined, payload: Buffer, options: InvokeOptions = {}): Promise<InvokeResult> {
      const { fn, qualifier: resolved } = locate(functionRef, qualifier);
      const answer = await invokeFunction(core, {
        fn,
        qualifier: resolved,
        payload,
        invocationType: options.invocationType ?? 'RequestResponse',
        region: fn.region,
        caller: options.caller,
        serialisedJson: options.serialisedJson,
        onLogs: options.onLogs,
      });
      return { statusCode: answer.statusCode, payload: answer.payload, functionError: answer.functionError, executedVersion: answer.executedVersion };
    },
    exists(functionRef: string, qualifier?: string): boolean {
      try {
        const { fn, qualifier: resolved } = locate(functionRef, qualifier);
        core.resolve(fn, resolved);
        return true;
      } catch {
        return false;
      }
    },
    functionPolicy(functionRef: string, qualifier: string | undefined) {
      try {
        const { fn, qualifier: resolved } = locate(functionRef, qualifier);
        const statements = fn.policies[core.resolve(fn, resolved).policyKey]?.statements;
        return statements?.length ? (JSON.parse(policyDocument(statements)) as PolicyDocument) : undefined;
      } catch {
        return undefined;
      }
    },
    isInvokeAllowed(functionRef: string, qualifier: string | undefined, principal: string, sourceArn: string): boolean {
      try {
        const { fn, qualifier: resolved } = locate(functionRef, qualifier);
        return invokeAllowed(core, fn, resolved, principal, sourceArn);
      } catch {
        return false;
      }
    },
    functions: () => Object.values(core.store.functions),
  };
}
