// AWS's own answers: the recorded-content of LocalStack's snapshot files (recorded against real
// AWS), copied as data into test/parity/recorded/. Only the recorded facts are used here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RECORDED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'recorded');

/** A snapshot file, named as in LocalStack's tree under tests/aws/services/, without `.snapshot.json`. */
export type RecordingFile =
  | 'apigateway/test_apigateway_import'
  | 'apigateway/test_apigateway_api'
  | 'apigateway/test_apigateway_common'
  | 'apigateway/test_apigateway_extended'
  | 'apigateway/test_apigateway_basic'
  | 'apigateway/test_apigateway_lambda'
  | 'apigateway/test_apigateway_integrations'
  | 'lambda_/test_lambda'
  | 'lambda_/test_lambda_api';

/** What AWS answered in one recorded test: snapshot key -> boto3-shaped response. */
export type RecordedContent = Record<string, unknown>;

const files = new Map<RecordingFile, Record<string, { 'recorded-content': RecordedContent }>>();

function load(file: RecordingFile): Record<string, { 'recorded-content': RecordedContent }> {
  let content = files.get(file);
  if (!content) {
    content = JSON.parse(readFileSync(join(RECORDED_DIR, `${file}.snapshot.json`), 'utf8')) as Record<
      string,
      { 'recorded-content': RecordedContent }
    >;
    files.set(file, content);
  }
  return content;
}

/** The snapshot key of a recorded test: `tests/aws/services/<file>.py::<Class>::<test>`. */
export function recordingKey(file: RecordingFile, test: string): string {
  return `tests/aws/services/${file}.py::${test}`;
}

/** The recorded content of one test; throws if the recording does not exist (a typo in a case). */
export function recordedContent(file: RecordingFile, test: string): RecordedContent {
  const entry = load(file)[recordingKey(file, test)];
  if (!entry) throw new Error(`no AWS recording ${recordingKey(file, test)} in test/parity/recorded/${file}.snapshot.json`);
  return entry['recorded-content'];
}

/** Every recorded test of a file (for coverage accounting). */
export function recordedTests(file: RecordingFile): string[] {
  const prefix = `tests/aws/services/${file}.py::`;
  return Object.keys(load(file)).map((key) => key.slice(prefix.length));
}
