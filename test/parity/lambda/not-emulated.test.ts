// The recorded Lambda tests that need what the local cloud does not emulate: listed (not counted)
// in the parity line, each with what it needs. Whole recorded classes are taken from the recordings.
import { describe } from 'vitest';
import { notEmulated } from '../harness/case.js';
import { recordedTests, type RecordingFile } from '../harness/recordings.js';

const NEEDS: [RecordingFile, string, string][] = [
  ['lambda_/test_lambda_api', 'TestLambdaLayer::', 'layers'],
  ['lambda_/test_lambda_api', 'TestLambdaUrl::', 'function URLs'],
  ['lambda_/test_lambda_api', 'TestCodeSigningConfig::', 'code signing'],
  ['lambda_/test_lambda_api', 'TestLambdaEventSourceMappings::', 'event source mappings (SQS, Kinesis, DynamoDB streams)'],
  ['lambda_/test_lambda_api', 'TestLambdaSnapStart::', 'SnapStart'],
  ['lambda_/test_lambda_api', 'TestLambdaEventInvokeConfig::', 'event invoke configs (async destinations)'],
  ['lambda_/test_lambda_api', 'TestLambdaProvisionedConcurrency::', 'provisioned concurrency'],
  ['lambda_/test_lambda_api', 'TestLambdaAccountSettings::', 'account settings (GetAccountSettings)'],
  ['lambda_/test_lambda_api', 'TestLambdaRecursion::', 'recursion configs'],
  ['lambda_/test_lambda_api', 'TestLoggingConfig::', 'advanced logging configuration (JSON log format)'],
  ['lambda_/test_lambda', 'TestLambdaURL::', 'function URLs'],
  ['lambda_/test_lambda', 'TestLambdaMultiAccounts::', 'a second account'],
];

describe('parity: Lambda recordings that need what is not emulated', () => {
  for (const [file, prefix, needs] of NEEDS) {
    for (const test of recordedTests(file).filter((name) => name.startsWith(prefix))) notEmulated({ file, test }, needs);
  }
  notEmulated({ file: 'lambda_/test_lambda', test: 'TestLambdaFeatures::test_upload_lambda_from_s3' }, 'S3 code locations');
  notEmulated({ file: 'lambda_/test_lambda', test: 'TestLambdaPermissions::test_lambda_permission_url_invocation' }, 'function URLs');
  notEmulated({ file: 'lambda_/test_lambda', test: 'TestRequestIdHandling::test_request_id_invoke_url' }, 'function URLs');
});
