// What `dev` prints, one line per event, on stderr (as every command's human output): each request
// to the stage's APIs with the log lines of the functions it ran, each reload, each config error.
import { relative } from 'node:path';
import { Chalk } from 'chalk';
import { colourEnabled, createOutput } from '../cli/output.js';
import type { DeployReport } from '../deploy/report.js';
import type { ProgressEvent } from '../deploy/run.js';
import type { FollowedRequest } from './calls.js';

export interface DevPrinter {
  cloud(url: string, started: boolean): void;
  progress(event: ProgressEvent, initial: boolean): void;
  deployed(report: DeployReport, files: string[], ms: number, initial: boolean): void;
  request(r: FollowedRequest, keyOf: (functionName: string) => string): void;
  unchanged(files: string[]): void;
  pushed(keys: string[], files: string[], times: { buildMs: number; applyMs: number; totalMs: number }): void;
  failed(err: unknown, during: 'deploy' | 'code'): void;
  notice(message: string): void;
  watching(rootDir: string, consoleUrl: string): void;
}

export function createDevPrinter(rootDir: () => string | undefined, stderr: NodeJS.WriteStream = process.stderr): DevPrinter {
  const c = new Chalk({ level: colourEnabled(stderr) ? 1 : 0 });
  const out = createOutput({ stderr });
  const write = (text: string) => stderr.write(`${text}\n`);
  const shown = (files: string[]) => files.map((f) => relative(rootDir() ?? process.cwd(), f) || f).join(', ');
  const statusColour = (status: number) => (status >= 500 ? c.red : status >= 400 ? c.yellow : c.green);

  return {
    cloud(url, started) {
      write(started ? `local cloud started at ${url} (it stops when dev stops)` : `local cloud already running at ${url}: reusing it (dev leaves it running)`);
    },
    progress(event, initial) {
      // The first deploy is told as deploy tells it; a reload only by the steps that changed something.
      if (initial || event.type === 'step' || event.type === 'notice') out.progress(event);
    },
    deployed(report, files, ms, initial) {
      if (initial) {
        out.report(report);
        return;
      }
      const { created, updated, deleted } = report.changes;
      const changed = [...created, ...updated, ...deleted];
      write(c.cyan(`↻ reload (${shown(files)}): ${changed.length ? `deployed in ${ms} ms: ${created.length} created, ${updated.length} updated, ${deleted.length} deleted` : `no change (${ms} ms)`}`));
    },
    request(r, keyOf) {
      const fns = r.invocations.map((i) => keyOf(i.functionName));
      write(`${c.bold(r.method.padEnd(6))} ${r.path} ${statusColour(r.status)(String(r.status))} ${Math.round(r.ms)} ms ${c.cyan(fns.length ? [...new Set(fns)].join(', ') : '-')}`);
      // A message may span lines (a stack, a warning): each is indented under the request.
      for (const inv of r.invocations) for (const message of inv.logs) for (const line of message.replace(/\n$/, '').split('\n')) write(c.dim(`    │ ${line}`));
    },
    unchanged(files) {
      write(c.dim(`↻ ${shown(files)} saved: no function's code changed`));
    },
    pushed(keys, files, t) {
      write(c.cyan(`↻ reload (${shown(files)}): ${keys.join(', ')} code updated in ${t.totalMs} ms (build ${t.buildMs} ms, UpdateFunctionCode ${t.applyMs} ms)`));
    },
    failed(err, during) {
      const message = err instanceof Error ? err.message : String(err);
      const configError = (err as { name?: string })?.name === 'ConfigError' || (err as { exitCode?: number })?.exitCode === 2 || (err as Error)?.name === 'UsageError';
      const head = configError ? 'config error' : during === 'deploy' ? 'deploy failed' : 'code update failed';
      write(c.red(`✗ ${head}: ${message}`));
      write(c.red('  the previous deployment keeps serving; save again to retry'));
    },
    notice(message) {
      write(c.dim(message));
    },
    watching(root, consoleUrl) {
      write(`console: ${consoleUrl}`);
      write(c.bold(`watching ${root} (config, API definitions, handler sources); Ctrl-C to stop`));
    },
  };
}
