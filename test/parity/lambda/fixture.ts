// What the Lambda parity cases share: one local cloud per file (changes complete at once, so no
// waiting), a role Lambda may assume, tiny zip packages, and CreateFunction with the defaults the
// recorded tests used (python3.12, handler.handler, 30 s, empty Environment and Tags), answered
// in the recordings' wrapper {CreateFunctionResponse, CreateEventSourceMappingResponse: null}.
import { CreateFunctionCommand, LambdaClient, type CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { createLambdaRole } from '../../helpers/aws-fixtures.js';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { makeZip } from '../../helpers/zip.js';
import { observe, type BotoShaped } from '../harness/observe.js';

export const ECHO_PY = 'import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return event\n';
export const VERSION_PY = 'import os\n\ndef handler(event, context):\n    return {"version": os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")}\n';

/** A zip holding handler.py (the recorded tests' archive layout). */
export const pythonZip = (source: string = ECHO_PY): Uint8Array => makeZip({ 'handler.py': source });

export interface LambdaParityEnv {
  cloud: TestCloud;
  lambda: LambdaClient;
  role: string;
  region: string;
  account: string;
}

let counter = 0;
/** A fresh function name per use, as the recorded tests' short uids. */
export const uniqueName = (prefix = 'fn') => `${prefix}-${(++counter).toString(36)}${Date.now().toString(36).slice(-4)}`;

/** Starts the local cloud for the file; `env()` is ready inside the cases. */
export function useLambdaCloud(): () => LambdaParityEnv {
  let env: LambdaParityEnv | undefined;
  useTestCloud({ faults: { lambdaStateDelayMs: 0 } }, async (cloud) => {
    const role = await createLambdaRole(cloud, 'lambda-parity-role');
    env = { cloud, lambda: new LambdaClient(cloud.clientConfig), role, region: cloud.clientConfig.region, account: role.split(':')[4]! };
  });
  return () => {
    if (!env) throw new Error('the local cloud is not started');
    return env;
  };
}

export type CreateInput = Partial<CreateFunctionCommandInput> & { FunctionName: string };

/** The recorded fixture's CreateFunction input. */
export function fixtureInput(env: LambdaParityEnv, input: CreateInput): CreateFunctionCommandInput {
  return {
    Runtime: 'python3.12',
    Handler: 'handler.handler',
    Role: env.role,
    Code: { ZipFile: pythonZip() },
    Timeout: 30,
    Environment: { Variables: {} },
    Tags: {},
    ...input,
  };
}

/** CreateFunction as the recorded fixture calls it; the answer in its wrapper. */
export async function createFixtureFunction(env: LambdaParityEnv, input: CreateInput): Promise<BotoShaped> {
  const answer = await observe(env.lambda, new CreateFunctionCommand(fixtureInput(env, input)));
  if ('Error' in answer) throw new Error(`CreateFunction failed: ${JSON.stringify(answer)}`);
  return { CreateEventSourceMappingResponse: null, CreateFunctionResponse: answer };
}
