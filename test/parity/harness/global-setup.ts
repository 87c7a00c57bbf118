// Gathers the parity cases' verdicts from every worker and prints `parity: M of N cases match`;
// the target is 95% matching AWS (exactly, or differing only in message wording); the run
// fails when the figure falls below the floor main already holds, so parity only ever ratchets up.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { ParityResult } from './case.js';

export const PARITY_TARGET = 0.95;
/** What main holds today; raise it whenever the figure rises. */
export const PARITY_FLOOR = 0.95;
const REPORT = join('test-artifacts', 'parity.json');

export function summarise(results: ParityResult[]): { line: string; ratio: number; counted: number } {
  const byId = new Map(results.map((result) => [result.id, result]));
  const all = [...byId.values()];
  const counted = all.filter((result) => result.verdict !== 'not-run');
  const exact = counted.filter((result) => result.verdict === 'exact').length;
  const wording = counted.filter((result) => result.verdict === 'wording').length;
  const matching = exact + wording;
  const notRun = all.length - counted.length;
  const ratio = counted.length === 0 ? 1 : matching / counted.length;
  const line =
    `parity: ${matching} of ${counted.length} cases match AWS's recorded answers ` +
    `(${(ratio * 100).toFixed(1)}%: ${exact} exact, ${wording} differ only in message wording, ` +
    `${counted.length - matching} deviate; ${notRun} not run: they need a service not emulated)`;
  return { line, ratio, counted: counted.length };
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'discovery-parity-'));
  project.provide('parityResultsDir', dir);
  return () => {
    const results = readdirSync(dir).flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ParityResult),
    );
    rmSync(dir, { recursive: true, force: true });
    if (results.length === 0) return;
    const { line, ratio, counted } = summarise(results);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(REPORT, `${JSON.stringify({ summary: line, results }, null, 2)}\n`);
    console.log(`\n${line}\ndetails: ${REPORT}\n`);
    const target = ratio >= PARITY_TARGET ? 'target of 95% met' : `below the target of ${PARITY_TARGET * 100}%`;
    console.log(`${target}; floor ${(PARITY_FLOOR * 100).toFixed(1)}%\n`);
    if (counted > 0 && ratio < PARITY_FLOOR) throw new Error(`parity fell below the floor main holds: ${line}`);
  };
}
