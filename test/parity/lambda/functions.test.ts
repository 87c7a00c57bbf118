// Parity: function create/get/update/delete, list, reserved concurrency and CreateFunction's
// validation (recorded in test_lambda_api TestLambdaFunction, TestLambdaReservedConcurrency).
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { describe } from 'vitest';
import { notEmulated, parityCase } from '../harness/case.js';
import { observe } from '../harness/observe.js';
import { createFixtureFunction, fixtureInput, pythonZip, uniqueName, useLambdaCloud, VERSION_PY } from './fixture.js';

const file = 'lambda_/test_lambda_api' as const;

/** DeleteFunction as boto3 reports it: the HTTP status also as StatusCode (botocore's output member). */
async function deleteAnswer(lambda: LambdaClient, FunctionName: string) {
  const answer = await observe(lambda, new DeleteFunctionCommand({ FunctionName }));
  if ('Error' in answer) return answer;
  const { ResponseMetadata, ...rest } = answer;
  return { ...rest, StatusCode: 204, ResponseMetadata };
}

/** Every page of ListFunctions (page size 1, as the recorded test's paginator), this case's functions only. */
async function listAll(lambda: LambdaClient, names: string[], FunctionVersion?: 'ALL') {
  const functions: FunctionConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 1, Marker, ...(FunctionVersion ? { FunctionVersion } : {}) }));
    functions.push(...(page.Functions ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return { Functions: functions.filter((f) => names.includes(f.FunctionName!)).sort((a, b) => a.FunctionArn!.localeCompare(b.FunctionArn!)) };
}

describe('parity: Lambda functions', () => {
  const env = useLambdaCloud();

  parityCase({ file, test: 'TestLambdaFunction::test_function_lifecycle' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    r.value('create_response', await createFixtureFunction(env(), { FunctionName: name, MemorySize: 256, Timeout: 5 }));
    await r.call('get_function_response', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('update_func_conf_response', lambda, new UpdateFunctionConfigurationCommand({
      FunctionName: name, Runtime: 'python3.11', Description: 'Changed-Description', MemorySize: 512, Timeout: 10, Environment: { Variables: { ENV_A: 'a' } },
    }));
    await r.call('get_function_response_postupdate', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('update_code_response', lambda, new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: pythonZip(VERSION_PY) }));
    await r.call('get_function_response_postcodeupdate', lambda, new GetFunctionCommand({ FunctionName: name }));
    r.value('delete_response', await deleteAnswer(lambda, name));
    r.value('delete_postdelete', await deleteAnswer(lambda, name));
  });

  parityCase({ file, test: 'TestLambdaFunction::test_redundant_updates' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    r.value('create_response', await createFixtureFunction(env(), { FunctionName: name, Description: 'Initial description' }));
    await r.call('first_update_result', lambda, new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: '1st update description' }));
    await r.call('get_fn_config_result', lambda, new GetFunctionConfigurationCommand({ FunctionName: name }));
    await r.call('get_fn_result', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('redundant_update_result', lambda, new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: '1st update description' }));
    await r.call('get_fn_result_after_redundant_update', lambda, new GetFunctionCommand({ FunctionName: name }));
  });

  parityCase({ file, test: 'TestLambdaFunction::test_create_lambda_exceptions', notRun: { empty_architectures: "botocore's client-side parameter check, not a call" } }, async (r) => {
    const { lambda, role } = env();
    const FunctionName = uniqueName('invalid-function');
    const base = { FunctionName, Handler: 'index.handler', Code: { ZipFile: pythonZip() }, PackageType: 'Zip' as const, Role: role, Runtime: 'python3.12' as const };
    await r.call('invalid_role_arn_exc', lambda, new CreateFunctionCommand({ ...base, Role: 'r1' }));
    await r.call('invalid_runtime_exc', lambda, new CreateFunctionCommand({ ...base, Runtime: 'non-existent-runtime' as never }));
    await r.call('uppercase_runtime_exc', lambda, new CreateFunctionCommand({ ...base, Runtime: 'PYTHON3.9' as never }));
    await r.call('multiple_architectures', lambda, new CreateFunctionCommand({ ...base, Architectures: ['x86_64', 'arm64'] }));
    await r.call('uppercase_architecture', lambda, new CreateFunctionCommand({ ...base, Architectures: ['X86_64' as never] }));
    await r.call('invalid_zip_exc', lambda, new CreateFunctionCommand({ ...base, Runtime: 'python3.9', Code: { ZipFile: Buffer.from('this is not a zipfile, just a random string') } }));
  });

  parityCase({ file, test: 'TestLambdaFunction::test_update_lambda_exceptions' }, async (r) => {
    const { lambda, role } = env();
    const FunctionName = uniqueName('invalid-function');
    await lambda.send(new CreateFunctionCommand({ FunctionName, Handler: 'index.handler', Code: { ZipFile: pythonZip() }, PackageType: 'Zip', Role: role, Runtime: 'python3.12' }));
    await r.call('invalid_role_arn_exc', lambda, new UpdateFunctionConfigurationCommand({ FunctionName, Role: 'r1' }));
    await r.call('invalid_runtime_exc', lambda, new UpdateFunctionConfigurationCommand({ FunctionName, Runtime: 'non-existent-runtime' as never }));
    await r.call('uppercase_runtime_exc', lambda, new UpdateFunctionConfigurationCommand({ FunctionName, Runtime: 'PYTHON3.9' as never }));
  });

  parityCase({ file, test: 'TestLambdaFunction::test_list_functions' }, async (r) => {
    const { lambda } = env();
    const names = [uniqueName('list-fn-1'), uniqueName('list-fn-2')];
    r.value('create_response_1', await createFixtureFunction(env(), { FunctionName: names[0]!, Publish: true }));
    r.value('create_response_2', await createFixtureFunction(env(), { FunctionName: names[1]! }));
    await r.call('list_functions_invalid_functionversion', lambda, new ListFunctionsCommand({ FunctionVersion: 'invalid' as never }));
    r.value('list_all', await listAll(lambda, names, 'ALL'));
    r.value('list_default', await listAll(lambda, names));
  });

  parityCase({ file, test: 'TestLambdaFunction::test_function_arns' }, async (r) => {
    const { lambda, role, region, account } = env();
    const prefix = `arn:aws:lambda:${region}:${account}:function:`;
    r.value('create-function-arn-response', await createFixtureFunction(env(), { FunctionName: `${prefix}${uniqueName('test-function-arn')}` }));
    r.value('create-function-partial-arn-response', await createFixtureFunction(env(), { FunctionName: `${account}:function:${uniqueName('test-partial-arn')}` }));
    const base = { Handler: 'index.handler', Code: { ZipFile: pythonZip() }, PackageType: 'Zip' as const, Role: role, Runtime: 'python3.12' as const };
    await r.call('invalid_function_name_exc', lambda, new CreateFunctionCommand({ ...base, FunctionName: 'invalid:function:name' }));
    await r.call('long_function_name_exc', lambda, new CreateFunctionCommand({ ...base, FunctionName: 'a'.repeat(65) }));
    const long = 'a'.repeat(140 - prefix.length + 1);
    const longAnswer = await observe(lambda, new CreateFunctionCommand({ ...base, FunctionName: `${prefix}${long}` }));
    r.value('long_function_arn_exc', JSON.parse(JSON.stringify(longAnswer).split(long).join('<function-name>')));
    await r.call('function_arn_other_region_exc', lambda, new CreateFunctionCommand({ ...base, FunctionName: `arn:aws:lambda:ap-southeast-1:${account}:function:${uniqueName('test-function-arn')}` }));
    await r.call('function_arn_other_account_exc', lambda, new CreateFunctionCommand({ ...base, FunctionName: `arn:aws:lambda:${region}:123456789012:function:${uniqueName('test-function-arn')}` }));
  });

  parityCase({ file, test: 'TestLambdaFunction::test_invalid_invoke' }, async (r) => {
    const { lambda, region } = env();
    await r.call('invoke_function_name_pattern_exc', lambda, new InvokeCommand({ FunctionName: `arn:aws:lambda:${region}:123400000000@function:myfn`, Payload: Buffer.from('{}') }));
  });

  parityCase({ file, test: 'TestLambdaReservedConcurrency::test_function_concurrency_exceptions' }, async (r) => {
    const { lambda } = env();
    await r.call('put_function_concurrency_with_function_name_doesnotexist', lambda, new PutFunctionConcurrencyCommand({ FunctionName: 'doesnotexist', ReservedConcurrentExecutions: 1 }));
    await r.call('put_function_concurrency_with_function_name_doesnotexist_and_invalid_concurrency', lambda,
      new PutFunctionConcurrencyCommand({ FunctionName: 'doesnotexist', ReservedConcurrentExecutions: 0 }));
    const name = uniqueName('lambda_func');
    await createFixtureFunction(env(), { FunctionName: name });
    const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: '$LATEST' }));
    await r.call('put_function_concurrency_with_qualified_arn', lambda, new PutFunctionConcurrencyCommand({ FunctionName: fn.FunctionArn, ReservedConcurrentExecutions: 0 }));
  });

  parityCase({ file, test: 'TestLambdaReservedConcurrency::test_function_concurrency' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName('lambda_func');
    await createFixtureFunction(env(), { FunctionName: name });
    await r.call('put_function_concurrency_with_reserved_0', lambda, new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }));
    await r.call('put_function_concurrency_with_reserved_1', lambda, new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 1 }));
    await r.call('get_function_concurrency', lambda, new GetFunctionConcurrencyCommand({ FunctionName: name }));
    await r.call('delete_response', lambda, new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    await r.call('get_function_concurrency_after_delete', lambda, new GetFunctionConcurrencyCommand({ FunctionName: name }));
  });

  notEmulated({ file, test: 'TestLambdaFunction::test_lambda_code_location_s3' }, 'S3 code locations');
  notEmulated({ file, test: 'TestLambdaFunction::test_lambda_code_location_s3_errors' }, 'S3 code locations');
  notEmulated({ file, test: 'TestLambdaFunction::test_vpc_config' }, 'VPC configuration (EC2)');
  notEmulated({ file, test: 'TestLambdaFunction::test_invalid_vpc_config_subnet' }, 'VPC configuration (EC2)');
  notEmulated({ file, test: 'TestLambdaFunction::test_invalid_vpc_config_security_group' }, 'VPC configuration (EC2)');
  notEmulated({ file, test: 'TestLambdaImages::test_lambda_image_crud' }, 'container images (ECR)');
  notEmulated({ file, test: 'TestLambdaImages::test_lambda_image_and_image_config_crud' }, 'container images (ECR)');
  notEmulated({ file, test: 'TestLambdaImages::test_lambda_zip_file_to_image' }, 'container images (ECR)');
  notEmulated({ file, test: 'TestLambdaImages::test_lambda_image_versions' }, 'container images (ECR)');
});

describe('parity: Lambda retired runtimes', () => {
  const env = useLambdaCloud();
  for (const runtime of ['java8', 'go1.x', 'provided', 'ruby2.7', 'nodejs14.x', 'python3.7', 'dotnetcore3.1', 'nodejs12.x']) {
    parityCase({ file, test: `TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled[${runtime}]` }, async (r) => {
      const { lambda } = env();
      const input = { ...fixtureInput(env(), { FunctionName: uniqueName() }), Runtime: runtime as never };
      await r.call('deprecation_error', lambda, new CreateFunctionCommand(input));
    });
  }
});
