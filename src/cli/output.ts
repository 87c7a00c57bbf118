// How commands talk: progress and human results on stderr (colour only on a TTY without
// NO_COLOR), and with --json exactly one JSON document on stdout.
import { Chalk } from 'chalk';
import { describeCall } from '../deploy/calls.js';
import type { Plan, PlanStep } from '../deploy/plan.js';
import type { DeployReport } from '../deploy/report.js';
import type { ProgressEvent } from '../deploy/run.js';

export interface Output {
  progress(event: ProgressEvent): void;
  line(text: string): void;
  plan(plan: Plan, heading: string): void;
  report(report: DeployReport, extra?: Record<string, unknown>): void;
}

/** As Node itself decides: FORCE_COLOR (any value but 0/false) wins, then NO_COLOR, then a TTY that is not dumb. */
export function colourEnabled(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase());
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

const SYMBOL: Record<PlanStep['action'], string> = { create: '+', update: '~', delete: '-', noop: '=' };

export function createOutput(options: { json?: boolean; stderr?: NodeJS.WriteStream; stdout?: NodeJS.WritableStream } = {}): Output {
  const err = options.stderr ?? process.stderr;
  const out = options.stdout ?? process.stdout;
  const c = new Chalk({ level: colourEnabled(err) ? 1 : 0 });
  const colourOf = { create: c.green, update: c.yellow, delete: c.red, noop: c.dim };
  const write = (text: string) => err.write(`${text}\n`);
  const stepLine = (step: PlanStep) => colourOf[step.action](`${SYMBOL[step.action]} ${step.action.padEnd(6)} ${step.id.replace(/^delete:/, '')}`) + c.dim(`  ${step.reason}`);

  return {
    line: write,
    progress(event) {
      if (event.type === 'phase') write(c.bold(event.message));
      else if (event.type === 'retry') write(c.yellow(`  waiting: ${event.message}`));
      else if (event.phase === 'done') write(`  ${stepLine(event.step)}`);
    },
    plan(plan, heading) {
      write(c.bold(heading));
      const changes = plan.steps.filter((s) => s.action !== 'noop');
      for (const step of changes) {
        write(`  ${stepLine(step)}`);
        // The exact calls the step will send, one a line (bodies by size, secrets never).
        for (const call of step.calls) write(c.dim(`      ${describeCall(call)}`));
      }
      const unchanged = plan.steps.length - changes.length;
      write(c.dim(`  ${changes.length} change${changes.length === 1 ? '' : 's'}, ${unchanged} unchanged`));
    },
    report(report, extra) {
      if (options.json) {
        out.write(`${JSON.stringify({ ...report, ...extra }, null, 2)}\n`);
        return;
      }
      const { created, updated, deleted, unchanged } = report.changes;
      write(c.bold(`Stage ${report.stage} in ${report.target === 'aws' ? report.region : report.target}: ${created.length} created, ${updated.length} updated, ${deleted.length} deleted, ${unchanged.length} unchanged`));
      for (const api of report.apis) {
        // Every stage the config deploys, each with its URLs.
        const stages = api.stages?.length ? api.stages : [{ name: report.stage, url: api.stageUrl, endpoints: api.endpoints }];
        for (const s of stages) {
          write(`  ${c.cyan(api.name)} ${c.dim(`(${api.id}) stage ${s.name}`)} ${s.url}`);
          for (const e of s.endpoints) write(`    ${e.method.padEnd(7)} ${e.url}`);
        }
      }
      for (const f of report.functions) {
        const aliases = (f.aliases ?? []).map((a) => `alias ${a.name} -> ${a.version === '$LATEST' ? '$LATEST' : /^\d+$/.test(a.version) ? `version ${a.version}` : a.version}`);
        write(`  ${c.cyan('λ')} ${f.name} ${c.dim(aliases.length ? aliases.join(', ') : `version ${f.version}`)}`);
      }
      for (const t of report.tables) write(`  ${c.cyan('table')} ${t.name}`);
    },
  };
}
