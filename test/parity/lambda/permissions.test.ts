// Parity: resource policies (AddPermission, GetPolicy, RemovePermission), recorded in
// test_lambda_api TestLambdaPermissions. Statement and Policy are compared parsed, as recorded.
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand, type AddPermissionCommandInput } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe } from 'vitest';
import { parityCase, type Recorder } from '../harness/case.js';
import { observe } from '../harness/observe.js';
import { createFixtureFunction, uniqueName, useLambdaCloud, type LambdaParityEnv } from './fixture.js';

const file = 'lambda_/test_lambda_api' as const;
const BUCKET_ARN = 'arn:aws:s3:::test-bucket';

/** Sends the call and keeps its answer with the JSON texts Statement/Policy parsed. */
async function keep(r: Recorder, key: string, env: LambdaParityEnv, command: AddPermissionCommand | GetPolicyCommand | RemovePermissionCommand) {
  const answer = await observe(env.lambda, command);
  for (const field of ['Statement', 'Policy']) if (typeof answer[field] === 'string') answer[field] = JSON.parse(answer[field] as string);
  r.value(key, answer);
  return answer;
}

const add = (input: Partial<AddPermissionCommandInput> & { FunctionName: string }) =>
  new AddPermissionCommand({ Action: 'lambda:InvokeFunction', StatementId: 's3', Principal: 's3.amazonaws.com', ...input });

describe('parity: Lambda permissions', () => {
  const env = useLambdaCloud();

  parityCase({ file, test: 'TestLambdaPermissions::test_add_lambda_permission_aws' }, async (r) => {
    const name = uniqueName('lambda_func');
    r.value('create_lambda', await createFixtureFunction(env(), { FunctionName: name }));
    await keep(r, 'add_permission', env(), add({ FunctionName: name, SourceArn: BUCKET_ARN }));
    await keep(r, 'get_policy', env(), new GetPolicyCommand({ FunctionName: name }));
  });

  parityCase({ file, test: 'TestLambdaPermissions::test_permission_exceptions' }, async (r) => {
    const name = uniqueName('lambda_func');
    await createFixtureFunction(env(), { FunctionName: name });
    const e = env();
    await keep(r, 'add_permission_invalid_statement_id', e, add({ FunctionName: name, StatementId: 'example.com' }));
    await keep(r, 'add_permission_fn_qualifier_mismatch', e, add({ FunctionName: `${name}:alias-not-42`, SourceArn: BUCKET_ARN, Qualifier: '42' }));
    await keep(r, 'add_permission_fn_qualifier_latest', e, add({ FunctionName: `${name}:$LATEST`, SourceArn: BUCKET_ARN, Qualifier: '$LATEST' }));
    await keep(r, 'add_permission_principal_invalid', e, add({ FunctionName: name, StatementId: 'lambda', Principal: 'invalid.nonaws.com', SourceAccount: e.account }));
    await keep(r, 'get_policy_fn_doesnotexist', e, new GetPolicyCommand({ FunctionName: 'doesnotexist' }));
    await keep(r, 'get_policy_fn_version_doesnotexist', e, new GetPolicyCommand({ FunctionName: name, Qualifier: '77' }));
    await keep(r, 'add_permission_fn_doesnotexist', e, add({ FunctionName: 'doesnotexist', SourceArn: BUCKET_ARN }));
    await keep(r, 'remove_permission_policy_doesnotexist', e, new RemovePermissionCommand({ FunctionName: name, StatementId: 's3' }));
    await keep(r, 'add_permission_fn_alias_doesnotexist', e, add({ FunctionName: `${name}:alias-doesnotexist`, SourceArn: BUCKET_ARN }));
    await keep(r, 'add_permission_fn_version_doesnotexist', e, add({ FunctionName: name, SourceArn: BUCKET_ARN, Qualifier: '42' }));
    await keep(r, 'add_permission_fn_qualifier_invalid', e, add({ FunctionName: name, SourceArn: BUCKET_ARN, Qualifier: 'invalid-qualifier-with-?-char' }));
    await keep(r, 'add_permission_fn_qualifier_valid_doesnotexist', e, add({ FunctionName: name, SourceArn: BUCKET_ARN, Qualifier: 'valid-with-$-but-doesnotexist' }));
    await e.lambda.send(add({ FunctionName: name, SourceArn: BUCKET_ARN }));
    await keep(r, 'add_permission_conflicting_statement_id', e, add({ FunctionName: name, SourceArn: BUCKET_ARN }));
    await keep(r, 'remove_permission_fn_doesnotexist', e, new RemovePermissionCommand({ FunctionName: 'doesnotexist', StatementId: 's3' }));
    await keep(r, 'remove_permission_fn_alias_doesnotexist', e, new RemovePermissionCommand({ FunctionName: name, StatementId: 's3', Qualifier: 'alias-doesnotexist' }));
  });

  parityCase({ file, test: 'TestLambdaPermissions::test_remove_multi_permissions' }, async (r) => {
    const name = uniqueName('lambda_func');
    await createFixtureFunction(env(), { FunctionName: name });
    const e = env();
    await keep(r, 'add_permission_1', e, add({ FunctionName: name }));
    await keep(r, 'add_permission_2', e, add({ FunctionName: name, StatementId: 'sqs', Principal: 'sqs.amazonaws.com', SourceArn: BUCKET_ARN }));
    await keep(r, 'policy_after_2_add', e, new GetPolicyCommand({ FunctionName: name }));
    await keep(r, 'remove_permission_exception_nonexisting_sid', e, new RemovePermissionCommand({ FunctionName: name, StatementId: 'non-existent' }));
    await e.lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'sqs' }));
    await keep(r, 'policy_after_removal', e, new GetPolicyCommand({ FunctionName: name }));
    const attempt = await keep(r, 'policy_after_removal_attempt', e, new GetPolicyCommand({ FunctionName: name }));
    await e.lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 's3', RevisionId: String(attempt.RevisionId) }));
    await keep(r, 'get_policy_exception_removed_all', e, new GetPolicyCommand({ FunctionName: name }));
  });

  parityCase({ file, test: 'TestLambdaPermissions::test_add_lambda_permission_fields' }, async (r) => {
    const name = uniqueName('lambda_func');
    await createFixtureFunction(env(), { FunctionName: name });
    const e = env();
    const userArn = (await new STSClient(e.cloud.clientConfig).send(new GetCallerIdentityCommand({}))).Arn!;
    await keep(r, 'add_permission_principal_wildcard', e, add({ FunctionName: name, StatementId: 'wilcard', Principal: '*', SourceAccount: e.account }));
    await keep(r, 'add_permission_principal_service', e, add({ FunctionName: name, StatementId: 'lambda', Principal: 'lambda.amazonaws.com', SourceAccount: e.account }));
    await keep(r, 'add_permission_principal_account', e, add({ FunctionName: name, StatementId: 'account-id', Principal: e.account }));
    const arnAnswer = await observe(e.lambda, add({ FunctionName: name, StatementId: 'user-arn', Principal: userArn, SourceAccount: e.account }));
    // The recorded test hid the caller's ARN behind <user_arn>.
    r.value('add_permission_principal_arn', { ...arnAnswer, Statement: JSON.parse(String(arnAnswer.Statement).split(userArn).join('<user_arn>')) });
    await keep(r, 'add_permission_optional_fields', e, add({
      FunctionName: name, StatementId: 'urlPermission', Action: 'lambda:InvokeFunctionUrl', Principal: '*', SourceArn: BUCKET_ARN, SourceAccount: e.account,
      PrincipalOrgID: 'o-1234567890', FunctionUrlAuthType: 'NONE',
    }));
    await keep(r, 'add_permission_alexa_skill', e, add({ FunctionName: name, StatementId: 'alexaSkill', Principal: '*', EventSourceToken: 'amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx' }));
  });

  parityCase({ file, test: 'TestLambdaPermissions::test_create_multiple_lambda_permissions' }, async (r) => {
    const name = uniqueName('test-function');
    await createFixtureFunction(env(), { FunctionName: name });
    await keep(r, 'add_permission_response_1', env(), add({ FunctionName: name, StatementId: 'logs', Principal: 'logs.amazonaws.com' }));
    await keep(r, 'add_permission_response_2', env(), add({ FunctionName: name, StatementId: 'kinesis', Principal: 'kinesis.amazonaws.com' }));
    await keep(r, 'policy_after_2_add', env(), new GetPolicyCommand({ FunctionName: name }));
  });
});
