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
  /** What a run kept on purpose and why (a teardown's tables); `planned`: it has not run. */
  kept(plan: Plan, planned?: boolean): void;
  /** `planned`: a dry run or `plan`, told in the conditional ("would create 2"). */
  report(report: DeployReport, extra?: Record<string, unknown>, options?: { planned?: boolean }): void;
}

/** "would create 2, would update 1" (a plan) or "2 created, 1 updated" (what a run did). */
export function changeSummary(counts: { create: number; update: number; delete: number }, planned: boolean): string {
  const entries = [['create', 'created'], ['update', 'updated'], ['delete', 'deleted']] as const;
  return entries.map(([verb, done]) => (planned ? `would ${verb} ${counts[verb]}` : `${counts[verb]} ${done}`)).join(', ');
}

/** "table discovery-dev-catalog" from the id "table:discovery-dev-catalog". */
function keptName(id: string): string {
  const [kind, ...rest] = id.split(':');
  return `${kind === 'apiGatewayAccount' ? 'role' : kind} ${rest.join(':')}`;
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
      else if (event.type === 'notice') write(c.cyan(event.message));
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
      const count = (action: PlanStep['action']) => changes.filter((s) => s.action === action).length;
      write(c.dim(`  ${changes.length ? changeSummary({ create: count('create'), update: count('update'), delete: count('delete') }, true) : 'no change'}; ${unchanged} unchanged`));
      this.kept(plan, true);
    },
    kept(plan, planned) {
      for (const k of plan.kept ?? []) write(`  ${c.cyan(planned ? 'would keep' : 'kept')} ${keptName(k.id)}: ${k.reason}`);
    },
    report(report, extra, reportOptions) {
      if (options.json) {
        out.write(`${JSON.stringify({ ...report, ...extra }, null, 2)}\n`);
        return;
      }
      const { created, updated, deleted, unchanged } = report.changes;
      const counts = { create: created.length, update: updated.length, delete: deleted.length };
      write(c.bold(`Stage ${report.stage} in ${report.target === 'aws' ? report.region : report.target}: ${changeSummary(counts, !!reportOptions?.planned)}, ${unchanged.length} unchanged`));
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
