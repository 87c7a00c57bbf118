#!/usr/bin/env node
// Start-up time of the CLI for --help and --version against a bare `node -e 0` (aim: at most 3x).
// Run after `npm run build`: node scripts/bench-startup.mjs [--runs 30]
import { spawnSync } from 'node:child_process';
import { CLI as bin, median, option } from './lib/bench.mjs';

const runs = Number(option('runs', '30'));

/** The median wall time of `runs` runs of node with `args`, in ms. */
function medianRun(args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

const bare = medianRun(['-e', '0']);
console.log(`start-up, median of ${runs} runs (node ${process.version})`);
console.log(`| command | median | vs node -e 0 |`);
console.log(`| --- | ---: | ---: |`);
console.log(`| node -e 0 | ${bare.toFixed(1)} ms | 1.00x |`);
for (const args of [['--version'], ['--help'], ['deploy', '--help']]) {
  const ms = medianRun([bin, ...args]);
  console.log(`| discovery-cli ${args.join(' ')} | ${ms.toFixed(1)} ms | ${(ms / bare).toFixed(2)}x |`);
}
console.log('aim: at most 3x a bare node -e 0');
