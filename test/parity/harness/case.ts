// One parity case: a sequence of SDK v3 calls against the local cloud whose boto3-shaped answers
// are compared, key by key, with AWS's recorded answers for one LocalStack test (see match.ts).
// A case that still deviates says why (`deviates`); it then passes while it deviates and fails
// the day it matches, so the notes stay true. Results feed the `parity: M of N` line.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { LOCAL_ACCOUNT_ID } from '../../../src/local/context.js';
import { Matcher, verdictOf, type Difference, type Verdict } from './match.js';
import { observe, type BotoShaped, type SendingClient } from './observe.js';
import { recordedContent, type RecordingFile } from './recordings.js';

declare module 'vitest' {
  export interface ProvidedContext {
    parityResultsDir: string;
  }
}

export interface ParityCaseSpec {
  file: RecordingFile;
  /** The recorded test: `TestClass::test_name` or `TestClass::test_name[parameter]`. */
  test: string;
  /** While the local cloud deviates from AWS here: what differs and why it is left. */
  deviates?: string;
  /** Recorded keys this case cannot produce (each needs something not emulated), with the reason. */
  notRun?: Record<string, string>;
}

export interface ParityResult {
  id: string;
  verdict: Verdict | 'not-run';
  reason?: string;
  differences?: Difference[];
}

/** Collects the case's answers under the recording's snapshot keys. */
export class Recorder {
  readonly observed: Record<string, unknown> = {};

  /** Sends one call and keeps its boto3-shaped answer under `key`. */
  async call(key: string, client: SendingClient, command: unknown): Promise<BotoShaped> {
    const answer = await observe(client, command);
    this.observed[key] = answer;
    return answer;
  }

  /** Keeps a value the case computed (a parsed payload, a sorted list) under `key`. */
  value(key: string, value: unknown): void {
    this.observed[key] = value;
  }
}

export function caseId(spec: Pick<ParityCaseSpec, 'file' | 'test'>): string {
  return `${spec.file}::${spec.test}`;
}

function record(result: ParityResult): void {
  const dir = inject('parityResultsDir');
  if (dir) appendFileSync(join(dir, `results-${process.pid}.jsonl`), `${JSON.stringify(result)}\n`);
}

/** Compares what the case observed with the recording; every recorded key must be observed. */
export function judge(spec: ParityCaseSpec, observed: Record<string, unknown>): Difference[] {
  const recorded = recordedContent(spec.file, spec.test);
  const matcher = new Matcher(LOCAL_ACCOUNT_ID);
  const differences: Difference[] = [];
  for (const [key, expected] of Object.entries(recorded)) {
    if (spec.notRun?.[key]) continue;
    if (!(key in observed)) {
      differences.push({ path: key, expected, actual: '(not observed by the case)', wording: false });
      continue;
    }
    differences.push(...matcher.compare(expected, observed[key], key));
  }
  for (const key of Object.keys(observed)) {
    if (!(key in recorded)) throw new Error(`case ${caseId(spec)} observed "${key}", which the recording does not hold`);
  }
  return differences;
}

export function parityCase(spec: ParityCaseSpec, body: (recorder: Recorder) => Promise<void>): void {
  const title = spec.deviates ? `${spec.test} [deviates: ${spec.deviates}]` : spec.test;
  it(title, async () => {
    const recorder = new Recorder();
    await body(recorder);
    const differences = judge(spec, recorder.observed);
    const verdict = verdictOf(differences);
    record({ id: caseId(spec), verdict, reason: spec.deviates, differences: verdict === 'exact' ? undefined : differences });
    if (spec.deviates) {
      expect(verdict, `${caseId(spec)} now matches AWS: remove its "deviates" note`).toBe('deviates');
    } else {
      expect(verdict === 'deviates' ? differences.filter((d) => !d.wording) : [], `${caseId(spec)} deviates from AWS`).toEqual([]);
    }
  });
}

/** A recorded test that needs a service the local cloud does not emulate: listed, not counted. */
export function notEmulated(spec: Pick<ParityCaseSpec, 'file' | 'test'>, needs: string): void {
  it.skip(`${spec.test} [not emulated: ${needs}]`, () => undefined);
  const dir = inject('parityResultsDir');
  if (dir) record({ id: caseId(spec), verdict: 'not-run', reason: needs });
}
