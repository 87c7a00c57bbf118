// Parity: published versions and aliases (recorded in test_lambda_api TestLambdaVersions,
// TestLambdaAlias).
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type AliasConfiguration,
  type CreateFunctionCommandInput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { describe } from 'vitest';
import { parityCase } from '../harness/case.js';
import { observe, type BotoShaped } from '../harness/observe.js';
import { pythonZip, uniqueName, useLambdaCloud, VERSION_PY, type LambdaParityEnv } from './fixture.js';

const file = 'lambda_/test_lambda_api' as const;

/** CreateFunction as the recorded tests' plain fixture calls it (index.handler, no defaults added). */
async function createPlain(env: LambdaParityEnv, input: Partial<CreateFunctionCommandInput> & { FunctionName: string }): Promise<BotoShaped> {
  return observe(env.lambda, new CreateFunctionCommand({
    Handler: 'index.handler', Code: { ZipFile: pythonZip() }, PackageType: 'Zip', Role: env.role, Runtime: 'python3.12', ...input,
  }));
}

async function allAliases(lambda: LambdaClient, FunctionName: string) {
  const aliases: AliasConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await lambda.send(new ListAliasesCommand({ FunctionName, MaxItems: 1, Marker }));
    aliases.push(...(page.Aliases ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return { Aliases: aliases };
}

describe('parity: Lambda versions and aliases', () => {
  const env = useLambdaCloud();

  parityCase({ file, test: 'TestLambdaVersions::test_publish_version_on_create' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    r.value('create_response', await createPlain(env(), { FunctionName: name, Publish: true }));
    await r.call('get_function_result', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('get_function_version_result', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier: '1' }));
    await r.call('get_function_latest_result', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier: '$LATEST' }));
    await r.call('list_versions_result', lambda, new ListVersionsByFunctionCommand({ FunctionName: name }));
    await r.call('repeated_publish_response', lambda, new PublishVersionCommand({ FunctionName: name, Description: 'Repeated version description :)' }));
    await r.call('list_versions_result_after_publish', lambda, new ListVersionsByFunctionCommand({ FunctionName: name }));
  });

  parityCase({ file, test: 'TestLambdaVersions::test_version_lifecycle' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    r.value('create_response', await createPlain(env(), { FunctionName: name, Description: 'No version :(' }));
    await r.call('get_function_result', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('list_versions_result', lambda, new ListVersionsByFunctionCommand({ FunctionName: name }));
    await r.call('first_update_response', lambda, new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: 'First version :)' }));
    await r.call('first_update_get_function', lambda, new GetFunctionCommand({ FunctionName: name }));
    const first = await r.call('first_publish_response', lambda, new PublishVersionCommand({ FunctionName: name, Description: 'First version description :)' }));
    const Qualifier = String(first.Version);
    await r.call('first_publish_get_function', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier }));
    await r.call('first_publish_get_function_config', lambda, new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier }));
    await r.call('second_update_response', lambda, new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: 'Second version :))' }));
    await r.call('first_publish_get_function_after_update', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier }));
    await r.call('second_publish_response', lambda, new PublishVersionCommand({ FunctionName: name }));
    await r.call('third_publish_response', lambda, new PublishVersionCommand({ FunctionName: name, Description: 'Third version description :)))' }));
    await r.call('list_versions_result_after_third_publish', lambda, new ListVersionsByFunctionCommand({ FunctionName: name }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: `${name}:${Qualifier}` }));
    await r.call('list_versions_result_after_deletion_of_first_version', lambda, new ListVersionsByFunctionCommand({ FunctionName: name }));
  });

  parityCase({
    file,
    test: 'TestLambdaVersions::test_publish_with_wrong_revisionid',
    deviates: 'recorded on an older AWS: python3.9 and no SnapStart, LoggingConfig or RuntimeVersionConfig in its answers',
  }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    r.value('create_response', await createPlain(env(), { FunctionName: name }));
    const got = await r.call('get_fn_response', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('publish_wrong_revisionid_exc', lambda, new PublishVersionCommand({ FunctionName: name, RevisionId: 'somenonexistentrevisionid' }));
    const RevisionId = (got.Configuration as { RevisionId: string }).RevisionId;
    await r.call('publish_result', lambda, new PublishVersionCommand({ FunctionName: name, RevisionId }));
  });

  parityCase({ file, test: 'TestLambdaVersions::test_publish_with_wrong_sha256' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    r.value('create_response', await createPlain(env(), { FunctionName: name }));
    const got = await r.call('get_fn_response', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('publish_wrong_sha256_exc', lambda, new PublishVersionCommand({ FunctionName: name, CodeSha256: 'somenonexistentsha256' }));
    const CodeSha256 = (got.Configuration as { CodeSha256: string }).CodeSha256;
    await r.call('publish_result', lambda, new PublishVersionCommand({ FunctionName: name, CodeSha256 }));
  });

  parityCase({
    file,
    test: 'TestLambdaVersions::test_publish_with_update',
    deviates: 'AWS was still creating version 1 (Pending) and updating $LATEST when read; changes here complete at once',
  }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    r.value('create_response', await createPlain(env(), { FunctionName: name }));
    await r.call('get_function_result', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('update_function_code_result', lambda, new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: pythonZip(VERSION_PY), Publish: true }));
    await r.call('get_function_version_result', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier: '1' }));
    await r.call('get_function_latest_result', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier: '$LATEST' }));
  });

  parityCase({ file, test: 'TestLambdaAlias::test_alias_lifecycle' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName('alias-fn');
    r.value('create_response', await createPlain(env(), { FunctionName: name, Environment: { Variables: { testenv: 'staging' } } }));
    await r.call('publish_v1', lambda, new PublishVersionCommand({ FunctionName: name }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { testenv: 'prod' } } }));
    await r.call('publish_v2', lambda, new PublishVersionCommand({ FunctionName: name }));
    const alias11 = await r.call('create_alias_1_1', lambda, new CreateAliasCommand({
      FunctionName: name, Name: 'aliasname1_1', FunctionVersion: '1', Description: 'custom-alias', RoutingConfig: { AdditionalVersionWeights: { '2': 0.2 } },
    }));
    await r.call('get_alias_1_1', lambda, new GetAliasCommand({ FunctionName: name, Name: 'aliasname1_1' }));
    await r.call('get_function_alias_1_1', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier: 'aliasname1_1' }));
    await r.call('get_function_byarn_alias_1_1', lambda, new GetFunctionCommand({ FunctionName: String(alias11.AliasArn) }));
    await r.call('get_function_alias_notfound_exc', lambda, new GetFunctionCommand({ FunctionName: name, Qualifier: 'aliasdoesnotexist' }));
    await r.call('get_function_alias_byarn_notfound_exc', lambda,
      new GetFunctionCommand({ FunctionName: String(alias11.AliasArn).replace('aliasname1_1', 'aliasdoesnotexist') }));
    await r.call('create_alias_1_2', lambda, new CreateAliasCommand({ FunctionName: name, Name: 'aliasname1_2', FunctionVersion: '1', Description: 'custom-alias' }));
    await r.call('get_alias_1_2', lambda, new GetAliasCommand({ FunctionName: name, Name: 'aliasname1_2' }));
    await r.call('create_alias_1_3', lambda, new CreateAliasCommand({ FunctionName: name, Name: 'aliasname1_3', FunctionVersion: '1' }));
    await r.call('get_alias_1_3', lambda, new GetAliasCommand({ FunctionName: name, Name: 'aliasname1_3' }));
    await r.call('create_alias_2', lambda, new CreateAliasCommand({ FunctionName: name, Name: 'aliasname2', FunctionVersion: '2', Description: 'custom-alias' }));
    await r.call('get_alias_2', lambda, new GetAliasCommand({ FunctionName: name, Name: 'aliasname2' }));
    r.value('list_aliases_for_fnname', await allAliases(lambda, name));
    await r.call('update_alias_1_1', lambda, new UpdateAliasCommand({ FunctionName: name, Name: 'aliasname1_1', RoutingConfig: { AdditionalVersionWeights: {} } }));
    await r.call('get_alias_1_1_after_update', lambda, new GetAliasCommand({ FunctionName: name, Name: 'aliasname1_1' }));
    await r.call('list_aliases_for_fnname_after_update', lambda, new ListAliasesCommand({ FunctionName: name }));
    await r.call('update_alias_1_2', lambda, new UpdateAliasCommand({ FunctionName: name, Name: 'aliasname1_2' }));
    await r.call('get_alias_1_2_after_update', lambda, new GetAliasCommand({ FunctionName: name, Name: 'aliasname1_2' }));
    await r.call('list_aliases_for_fnname_after_update_2', lambda, new ListAliasesCommand({ FunctionName: name }));
    await r.call('list_aliases_for_version', lambda, new ListAliasesCommand({ FunctionName: name, FunctionVersion: '1' }));
    await r.call('delete_alias_response', lambda, new DeleteAliasCommand({ FunctionName: name, Name: 'aliasname1_1' }));
    await r.call('list_aliases_for_fnname_afterdelete', lambda, new ListAliasesCommand({ FunctionName: name }));
  });

  parityCase({ file, test: 'TestLambdaAlias::test_non_existent_alias_deletion' }, async (r) => {
    const name = uniqueName('alias-fn');
    r.value('create_response', await createPlain(env(), { FunctionName: name, Environment: { Variables: { testenv: 'staging' } } }));
    await r.call('delete_alias_response', env().lambda, new DeleteAliasCommand({ FunctionName: name, Name: 'non-existent' }));
  });

  parityCase({ file, test: 'TestLambdaAlias::test_non_existent_alias_update' }, async (r) => {
    const name = uniqueName('alias-fn');
    r.value('create_response', await createPlain(env(), { FunctionName: name, Environment: { Variables: { testenv: 'staging' } } }));
    await r.call('update_alias_response', env().lambda, new UpdateAliasCommand({ FunctionName: name, Name: 'non-existent' }));
  });
});

describe('parity: Lambda alias validation', () => {
  const env = useLambdaCloud();

  parityCase({ file, test: 'TestLambdaAlias::test_notfound_and_invalid_routingconfigs' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName('alias-fn');
    r.value('create_response', await createPlain(env(), { FunctionName: name, Publish: true, Environment: { Variables: { testenv: 'staging' } } }));
    await r.call('publish_v1', lambda, new PublishVersionCommand({ FunctionName: name }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { testenv: 'prod' } } }));
    await r.call('publish_v2', lambda, new PublishVersionCommand({ FunctionName: name }));
    const alias = (Name: string, FunctionVersion: string, weights?: Record<string, number>, FunctionName = name) =>
      new CreateAliasCommand({ FunctionName, Name, FunctionVersion, ...(weights ? { RoutingConfig: { AdditionalVersionWeights: weights } } : {}) });
    await r.call('routing_config_exc_toomany', lambda, alias('custom', '1', { '1': 0.8, '2': 0.2 }));
    await r.call('routing_config_exc_toohigh', lambda, alias('custom', '1', { '2': 2 }));
    await r.call('routing_config_exc_subzero', lambda, alias('custom', '1', { '2': -1 }));
    await r.call('routing_config_exc_sameversion', lambda, alias('custom', '1', { '1': 0.5 }));
    await r.call('target_version_doesnotexist', lambda, alias('custom', '10', { '2': 0.5 }));
    await r.call('routing_config_exc_version_doesnotexist', lambda, alias('custom', '1', { '10': 0.5 }));
    await r.call('target_version_exc_version_latest', lambda, alias('custom', '$LATEST', { '1': 0.5 }));
    await r.call('routing_config_exc_version_latest', lambda, alias('custom', '1', { $LATEST: 0.5 }));
    await r.call('create-alias-latest', lambda, alias('custom-latest', '$LATEST'));
    await r.call('routing_config_exc_fn_doesnotexist', lambda, alias('custom', '1', { '2': 0.5 }, `${name}-unknown`));
    await r.call('create_alias_empty_routingconfig', lambda, alias('custom-empty-routingconfig', '1', {}));
    await r.call('create_alias_response', lambda, alias('custom', '1', { '2': 0.5 }));
    await r.call('routing_config_exc_already_exist', lambda, alias('custom', '1', { '2': 0.5 }));
    await r.call('alias_does_not_exist_esc', lambda, new GetAliasCommand({ FunctionName: name, Name: 'non-existent' }));
  });

  parityCase({ file, test: 'TestLambdaAlias::test_alias_naming' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName('alias-fn');
    r.value('create_response', await createPlain(env(), { FunctionName: name, Environment: { Variables: { testenv: 'staging' } } }));
    await r.call('publish_v1', lambda, new PublishVersionCommand({ FunctionName: name }));
    await r.call('create_alias_date', lambda, new CreateAliasCommand({ FunctionName: name, Name: '2024-01-02', FunctionVersion: '1', Description: 'custom-alias' }));
    await r.call('get_alias_date', lambda, new GetAliasCommand({ FunctionName: name, Name: '2024-01-02' }));
    await r.call('create_alias_number_exception', lambda, new CreateAliasCommand({ FunctionName: name, Name: '2024', FunctionVersion: '1', Description: 'custom-alias' }));
  });
});
