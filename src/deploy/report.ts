// The result document of deploy/teardown/status/plan (the --json output), from the desired
// model, the plan and the outputs of what exists.
import { stageUrl, type Target } from '../aws/target.js';
import type { DesiredState } from './model.js';
import { summarize, type Plan } from './plan.js';
import { hasTokens, type Outputs } from './refs.js';

export interface EndpointReport {
  method: string;
  path: string;
  url: string;
}

export interface StageReport {
  name: string;
  url: string;
  endpoints: EndpointReport[];
}

export interface DeployReport {
  stage: string;
  region: string;
  target: string;
  /** `stageUrl` and `endpoints` are the deploy stage's (or the first); `stages` every API Gateway stage's. */
  apis: { name: string; id: string; stageUrl: string; endpoints: EndpointReport[]; stages: StageReport[] }[];
  /**
   * `version`: the newest version this stage publishes, or $LATEST; `aliases`: what each alias
   * points at (an alias on $LATEST says so); `alias`: the first alias's name.
   */
  functions: { name: string; arn: string; version: string; alias: string | null; aliases: { name: string; version: string }[]; codeSha256: string }[];
  tables: { name: string; arn: string }[];
  changes: { created: string[]; updated: string[]; deleted: string[]; unchanged: string[] };
}

const METHODS: Record<string, string> = {
  get: 'GET', put: 'PUT', post: 'POST', delete: 'DELETE', patch: 'PATCH', head: 'HEAD', options: 'OPTIONS', 'x-amazon-apigateway-any-method': 'ANY',
};

/** Method and path of every operation in a rendered Swagger/OpenAPI document. */
export function operationsOf(body: string): { method: string; path: string }[] {
  const doc = JSON.parse(body) as { paths?: Record<string, Record<string, unknown>> };
  const out: { method: string; path: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const key of Object.keys(item ?? {})) {
      const method = METHODS[key.toLowerCase()];
      if (method) out.push({ method, path });
    }
  }
  return out;
}

export function targetLabel(target: Target): string {
  return target.endpointUrl ?? 'aws';
}

/** `changes` lists step ids: what the run changed (or, for a dry run, would change). */
export function buildReport(desired: DesiredState | undefined, plan: Plan, outputs: Outputs, target: Target): DeployReport {
  const byAction = summarize(plan);
  const changes = { created: byAction.create, updated: byAction.update, deleted: byAction.delete, unchanged: byAction.noop };
  const report: DeployReport = { stage: plan.stage, region: plan.region, target: targetLabel(target), apis: [], functions: [], tables: [], changes };
  if (!desired) return report;

  for (const r of desired.resources) {
    if (r.kind === 'restApi') {
      const id = outputs[r.id]?.id;
      if (!id) continue;
      const stages = desired.resources.filter((d) => d.kind === 'deployment' && d.apiKey === r.key).map((d) => (d.kind === 'deployment' ? d.stageName : ''));
      const main = stages.includes(plan.stage) ? plan.stage : stages[0] ?? plan.stage;
      const operations = operationsOf(desired.artifacts.apiBodies[r.key] ?? '{}');
      const stageReport = (name: string): StageReport => {
        const url = stageUrl(target, id, name);
        return { name, url, endpoints: operations.map((op) => ({ ...op, url: `${url}${op.path}` })) };
      };
      const all = (stages.length ? stages : [main]).map(stageReport);
      const first = all.find((s) => s.name === main) ?? stageReport(main);
      report.apis.push({ name: r.name, id, stageUrl: first.url, endpoints: first.endpoints, stages: all });
    } else if (r.kind === 'function') {
      const aliases = desired.resources.flatMap((a) => (a.kind === 'alias' && a.functionName === r.name ? [a] : [])).map((a) => {
        const version = outputs[a.id]?.version ?? a.version;
        // A dry run of a new version has no number yet.
        return { name: a.aliasName, version: hasTokens(version) ? 'the version this deploy publishes' : version };
      });
      const published = outputs[`functionVersion:${r.key}`]?.version;
      report.functions.push({
        name: r.name, arn: r.arn, version: published && !hasTokens(published) ? published : '$LATEST', alias: aliases[0]?.name ?? null, aliases, codeSha256: r.codeSha256,
      });
    } else if (r.kind === 'table') {
      report.tables.push({ name: r.name, arn: r.arn });
    }
  }
  return report;
}
