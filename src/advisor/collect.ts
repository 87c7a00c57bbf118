// What the advisor reads from a target: the stage's functions and their roles' policies (through
// the typed AWS layer), and the IAM decisions the local cloud recorded (GET /_local/calls).
import { notFound, type AwsApi } from '../aws/api/index.js';
import { functionName, functionRoleName, tableName, type LoadedProject } from '../config/project.js';
import { managedPolicyDocument } from '../local/iam/managed-documents.js';
import { analyzeFunction, grantsOf, minimalStatements } from './analyze.js';
import type { FunctionAdvice, Grant, RecordedDecision } from './types.js';

export interface StageAdvice {
  stage: string;
  /** The local cloud's IAM mode while the decisions were made. */
  mode: string;
  functions: FunctionAdvice[];
}

export async function recordedDecisions(endpointUrl: string): Promise<{ mode: string; decisions: RecordedDecision[] }> {
  const res = await fetch(new URL('/_local/calls', endpointUrl));
  if (!res.ok) throw new Error(`${endpointUrl}/_local/calls answered ${res.status}: is this the local cloud?`);
  const body = (await res.json()) as { iam?: { mode?: string; decisions?: RecordedDecision[] } };
  return { mode: body.iam?.mode ?? 'off', decisions: body.iam?.decisions ?? [] };
}

async function roleGrants(api: AwsApi, role: string): Promise<{ grants: Grant[]; unjudged: string[] }> {
  const grants: Grant[] = [];
  const unjudged: string[] = [];
  const names = (await api.send('iam:ListRolePolicies', { RoleName: role }, role)).PolicyNames ?? [];
  for (const policyName of names) {
    const { PolicyDocument = '{}' } = await api.send('iam:GetRolePolicy', { RoleName: role, PolicyName: policyName }, `${role}/${policyName}`);
    const found = grantsOf(policyName, JSON.parse(decodeURIComponent(PolicyDocument)));
    grants.push(...found.grants);
    unjudged.push(...found.unjudged);
  }
  const attached = (await api.send('iam:ListAttachedRolePolicies', { RoleName: role }, role)).AttachedPolicies ?? [];
  for (const { PolicyArn = '', PolicyName = '' } of attached) {
    const document = PolicyArn.startsWith('arn:aws:iam::aws:policy/') ? managedPolicyDocument(PolicyName) : undefined;
    if (!document) {
      unjudged.push(`managed policy ${PolicyArn}: not read by the advisor`);
      continue;
    }
    const found = grantsOf(PolicyArn, document);
    grants.push(...found.grants);
    unjudged.push(...found.unjudged);
  }
  return { grants, unjudged };
}

/** Config references for deployed ARNs, so the statements paste into discovery.config.json as they are. */
function referencer(arnsByKey: { tables: Map<string, string>; functions: Map<string, string> }) {
  return (resource: string): string => {
    for (const [key, arn] of arnsByKey.tables) {
      if (resource === arn) return `\${table:${key}.arn}`;
      if (resource.startsWith(`${arn}/`)) return `\${table:${key}.arn}${resource.slice(arn.length)}`;
    }
    for (const [key, arn] of arnsByKey.functions) if (resource === arn) return `\${function:${key}.arn}`;
    return resource;
  };
}

export async function adviseStage(project: LoadedProject, api: AwsApi, endpointUrl: string): Promise<StageAdvice> {
  const { mode, decisions } = await recordedDecisions(endpointUrl);
  const functions: FunctionAdvice[] = [];
  const tableArns = new Map<string, string>();
  const functionArns = new Map<string, string>();
  const configs = new Map<string, { role: string }>();
  for (const key of Object.keys(project.config.functions ?? {})) {
    const config = (await api.find('lambda:GetFunction', { FunctionName: functionName(project, key) }, functionName(project, key)))?.Configuration;
    // A function deleted since its calls were recorded is still judged, by the role the engine named for it.
    const configured = project.config.role;
    const role = config?.Role ?? (typeof configured === 'string' ? configured : functionRoleName(project, key));
    configs.set(key, { role: role.slice(role.lastIndexOf('/') + 1) });
    if (config?.FunctionArn) functionArns.set(key, config.FunctionArn);
    const [, , , region, account] = config?.FunctionArn?.split(':') ?? [];
    if (region && account) for (const table of Object.keys(project.config.tables ?? {})) tableArns.set(table, `arn:aws:dynamodb:${region}:${account}:table/${tableName(project, table)}`);
  }
  const toReference = referencer({ tables: tableArns, functions: functionArns });
  for (const [key, { role }] of configs) {
    const name = functionName(project, key);
    const found = await roleGrants(api, role).catch((err: unknown) => (notFound(err) ? undefined : Promise.reject(err)));
    if (!found) continue; // neither the function nor its role exists
    const { grants, unjudged } = found;
    const tables = project.config.functions[key]?.tables ?? {};
    const advice = analyzeFunction({
      key, functionName: name, role, grants, unjudged, decisions,
      explain: (grant) => explainGrant(grant, name, tables, tableArns),
    });
    // The engine grants a function its own log group always; `permissions` need not say so.
    const ownLogs = (resource: string) => resource.includes(`:log-group:/aws/lambda/${name}:`);
    const pairs = [...advice.used, ...advice.denied].filter((p) => !ownLogs(p.resource)).map((p) => ({ action: p.action, resource: toReference(p.resource) }));
    advice.minimalPermissions = minimalStatements(pairs);
    functions.push(advice);
  }
  return { stage: project.stage, mode, functions };
}

/** Where an unused grant of an engine-made role comes from, and how to narrow it. */
function explainGrant(grant: Grant, fn: string, tables: Record<string, string>, tableArns: Map<string, string>): string | undefined {
  if (grant.action === 'logs:CreateLogGroup' && grant.resource.includes(`:log-group:/aws/lambda/${fn}:`)) {
    return 'Lambda creates the log group only when it is missing; the engine creates it at deploy, so this is used only if the group is deleted';
  }
  for (const [key, access] of Object.entries(tables)) {
    const arn = tableArns.get(key);
    if (arn && (grant.resource === arn || grant.resource === `${arn}/index/*`)) {
      return `from "tables": { "${key}": "${access}" }, which grants every ${access} action on the table and its indexes; replace it with the minimal "permissions" below to narrow it`;
    }
  }
  return undefined;
}
