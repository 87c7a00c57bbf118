// Parity: Invoke (sync answers, Event and DryRun, errors, log tail), recorded in test_lambda
// TestLambdaFeatures and TestLambdaErrors. Payloads are compared parsed (JSON objects), as recorded.
// Where the recorded runtime is retired (nodejs16.x/18.x), nodejs22.x runs the same handler.
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, InvokeCommand, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { describe } from 'vitest';
import { parityCase } from '../harness/case.js';
import { observe } from '../harness/observe.js';
import { makeZip } from '../../helpers/zip.js';
import { createFixtureFunction, uniqueName, useLambdaCloud, type LambdaParityEnv } from './fixture.js';

const file = 'lambda_/test_lambda' as const;

const ECHO_JS = 'exports.handler = async (event) => {\n  console.log(JSON.stringify(event));\n  return event;\n};\n';
const NONE_PY = 'import json\n\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return\n';
const NONE_JS = 'exports.handler = async (event) => {\n   console.log(JSON.stringify(event))\n}\n';
const HANDLER_ERROR_PY = 'def handler(event, context):\n    raise Exception("Handler fails")\n';

/** Invoke as boto3 reports it after reading the stream: Payload parsed when it is a JSON object. */
async function invoke(env: LambdaParityEnv, input: InvokeCommandInput) {
  const answer = await observe(env.lambda, new InvokeCommand(input));
  if (answer.Payload instanceof Uint8Array) {
    const text = Buffer.from(answer.Payload).toString('utf8');
    let parsed: unknown = text;
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object') parsed = value;
    } catch {
      // not JSON: kept as text
    }
    answer.Payload = parsed;
  } else if (!('Error' in answer)) {
    answer.Payload = ''; // boto3 reads an empty stream as ''
  }
  return answer;
}

async function createWith(env: LambdaParityEnv, runtime: 'python' | 'nodejs', source: string, extra: { Runtime?: string; Handler?: string; file?: string } = {}) {
  const name = uniqueName('test-function');
  const fileName = extra.file ?? (runtime === 'python' ? 'handler.py' : 'handler.js');
  await createFixtureFunction(env, {
    FunctionName: name,
    Runtime: (extra.Runtime ?? (runtime === 'python' ? 'python3.12' : 'nodejs22.x')) as never,
    Handler: extra.Handler ?? 'handler.handler',
    Code: { ZipFile: makeZip({ [fileName]: source }) },
  });
  return name;
}

describe('parity: Lambda invoke', () => {
  const env = useLambdaCloud();

  parityCase({ file, test: 'TestLambdaFeatures::test_invoke_exceptions' }, async (r) => {
    r.value('invoke_function_doesnotexist', await observe(env().lambda, new InvokeCommand({ FunctionName: 'doesnotexist' })));
  });

  for (const [id, runtime] of [['python3.10', 'python'], ['nodejs16.x', 'nodejs']] as const) {
    const runtimeName = runtime === 'python' ? 'python3.10' : 'nodejs22.x';
    const source = runtime === 'python' ? undefined : ECHO_JS;
    const echo = () => createWith(env(), runtime, source ?? 'import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return event\n', { Runtime: runtimeName });
    parityCase({ file, test: `TestLambdaFeatures::test_invocation_type_request_response[${id}]` }, async (r) => {
      r.value('invoke-result', await invoke(env(), { FunctionName: await echo(), Payload: Buffer.from('{}'), InvocationType: 'RequestResponse' }));
    });
    parityCase({ file, test: `TestLambdaFeatures::test_invocation_type_event[${id}]` }, async (r) => {
      r.value('invoke-result', await invoke(env(), { FunctionName: await echo(), Payload: Buffer.from('{}'), InvocationType: 'Event' }));
    });
    parityCase({ file, test: `TestLambdaFeatures::test_invocation_type_dry_run[${id}]` }, async (r) => {
      r.value('invoke-result', await invoke(env(), { FunctionName: await echo(), Payload: Buffer.from('{}'), InvocationType: 'DryRun' }));
    });
  }

  for (const runtime of ['python', 'nodejs'] as const) {
    for (const type of ['RequestResponse', 'Event'] as const) {
      parityCase({ file, test: `TestLambdaFeatures::test_invocation_type_no_return_payload[${runtime}-${type}]` }, async (r) => {
        const name = await createWith(env(), runtime, runtime === 'python' ? NONE_PY : NONE_JS);
        r.value('invoke-result', await invoke(env(), { FunctionName: name, Payload: Buffer.from('{}'), InvocationType: type }));
      });
    }
  }

  parityCase({ file, test: 'TestLambdaFeatures::test_invocation_with_logs[python3.10]' }, async (r) => {
    const name = await createWith(env(), 'python', 'import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return event\n', { Runtime: 'python3.10' });
    const answer = await invoke(env(), { FunctionName: name, Payload: Buffer.from('{}'), LogType: 'Tail' });
    const logs = Buffer.from(String(answer.LogResult ?? ''), 'base64').toString('utf8');
    r.value('invoke', { ...answer, ...(answer.LogResult ? { LogResult: 'log-result' } : {}) });
    const lines = logs.split(/(?<=\n)/).map((line) =>
      line
        .replace(/RequestId: [0-9a-f-]{36}/g, 'RequestId: <request-id>')
        .replace(/(Init Duration|Billed Duration|Duration): [\d.]+ ms/g, '$1: <duration> ms')
        .replace(/Max Memory Used: \d+ MB/, 'Max Memory Used: <memory> MB'));
    r.value('logs', { logs: lines });
  });

  parityCase({ file, test: 'TestLambdaErrors::test_lambda_handler_error' }, async (r) => {
    const name = await createWith(env(), 'python', HANDLER_ERROR_PY, { Handler: 'lambda_handler_error.handler', file: 'lambda_handler_error.py' });
    r.value('invocation_error', await invoke(env(), { FunctionName: name }));
  });
});

/** The recorded tests hid CodeSha256 behind the literal "code-sha256"; the same is done here. */
function hideSha<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'CodeSha256' ? 'code-sha256' : item))) as T;
}

describe('parity: Lambda function state and recreation', () => {
  const env = useLambdaCloud();
  const testLambda = 'lambda_/test_lambda' as const;

  parityCase({ file: testLambda, test: 'TestLambdaBaseFeatures::test_function_state' }, async (r) => {
    const { lambda, role } = env();
    const name = uniqueName('test-function');
    r.value('create-fn-response', hideSha(await observe(lambda, new CreateFunctionCommand({
      FunctionName: name, Runtime: 'python3.12', Handler: 'handler.handler', Role: role, Code: { ZipFile: makeZip({ 'handler.py': 'def handler(event, context):\n    return event\n' }) },
    }))));
    r.value('get-fn-response', hideSha(await observe(lambda, new GetFunctionCommand({ FunctionName: name }))));
  });

  parityCase({ file: testLambda, test: 'TestLambdaCleanup::test_recreate_function' }, async (r) => {
    const name = uniqueName('test-function');
    const code = { ZipFile: makeZip({ 'lambda_echo.py': 'import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return event\n' }) };
    r.value('create_function_response_one', hideSha(await createFixtureFunction(env(), { FunctionName: name, Handler: 'lambda_echo.handler', Code: code })));
    await env().lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    r.value('create_function_response_two', hideSha(await createFixtureFunction(env(), { FunctionName: name, Handler: 'lambda_echo.handler', Code: code })));
  });
});
