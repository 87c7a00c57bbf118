// Lambda functions: code and configuration updated only when they differ. Read with their
// published versions, aliases and resource policies (the kinds read with them).
import { concurrently, forEachConcurrently } from '../../aws/call-log.js';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { collect } from '../../aws/api/index.js';
import { call, type ApiCall } from '../calls.js';
import type { FunctionResource, FunctionSettings, Tags } from '../model.js';
import type { RemoteFunction, RemoteStatement } from '../remote-state.js';
import { canonical, tagsMissing, upToDate, wanted, type KindModule, type ReadContext } from './kind.js';

export function settingsOf(c: FunctionConfiguration): FunctionSettings {
  return {
    runtime: c.Runtime ?? '', handler: c.Handler ?? '', memory: c.MemorySize ?? 128, timeout: c.Timeout ?? 3,
    description: c.Description ?? '', environment: c.Environment?.Variables ?? {}, roleArn: c.Role ?? '',
  };
}

export function settingsDiffer(a: FunctionSettings, b: FunctionSettings): string[] {
  const fields: (keyof FunctionSettings)[] = ['runtime', 'handler', 'memory', 'timeout', 'description', 'roleArn'];
  const out: string[] = fields.filter((f) => a[f] !== b[f]);
  if (canonical(a.environment) !== canonical(b.environment)) out.push('environment');
  return out;
}

export function parseStatements(policy: string): RemoteStatement[] {
  const doc = JSON.parse(policy) as { Statement?: { Sid?: string; Principal?: string | { Service?: string }; Condition?: Record<string, Record<string, string>> }[] };
  return (doc.Statement ?? []).map((s) => ({
    sid: s.Sid ?? '',
    principal: typeof s.Principal === 'string' ? s.Principal : s.Principal?.Service,
    sourceArn: s.Condition?.ArnLike?.['AWS:SourceArn'] ?? s.Condition?.ArnEquals?.['AWS:SourceArn'],
  }));
}

function toRemoteFunction(c: FunctionConfiguration, tags: Tags): RemoteFunction {
  return { name: c.FunctionName ?? '', arn: (c.FunctionArn ?? '').replace(/:\$LATEST$/, ''), settings: settingsOf(c), codeSha256: c.CodeSha256 ?? '', tags, versions: [], aliases: {}, policies: {} };
}

async function readFunction({ api }: ReadContext, name: string, qualifiers: string[]): Promise<RemoteFunction | undefined> {
  const [got, versions, aliases, policies] = await concurrently(
    () => api.find('lambda:GetFunction', { FunctionName: name }, name),
    () => collect(api.pages('lambda:ListVersionsByFunction', { FunctionName: name }, name), (p) => p.Versions),
    () => collect(api.pages('lambda:ListAliases', { FunctionName: name }, name), (p) => p.Aliases),
    () => forEachConcurrently(['', ...qualifiers], async (q) => {
      const found = await api.find('lambda:GetPolicy', { FunctionName: name, Qualifier: q || undefined }, q ? `${name}:${q}` : name);
      return found?.Policy ? parseStatements(found.Policy) : [];
    }),
  );
  if (!got?.Configuration) return undefined;
  const fn = toRemoteFunction(got.Configuration, got.Tags ?? {});
  fn.versions = (versions ?? []).filter((v) => v.Version && v.Version !== '$LATEST')
    .map((v) => ({ version: v.Version!, codeSha256: v.CodeSha256 ?? '', settings: settingsOf(v) }))
    .sort((a, b) => Number(a.version) - Number(b.version));
  for (const a of aliases ?? []) if (a.Name) fn.aliases[a.Name] = { version: a.FunctionVersion ?? '' };
  ['', ...qualifiers].forEach((q, i) => { fn.policies[q] = policies[i] ?? []; });
  return fn;
}

export function configurationInput(r: FunctionResource) {
  const s = r.settings;
  return {
    FunctionName: r.name, Runtime: s.runtime, Handler: s.handler, Role: s.roleArn, MemorySize: s.memory, Timeout: s.timeout,
    Description: s.description, Environment: { Variables: s.environment },
  };
}

export const fn: KindModule<'function'> = {
  // One listing first: a function it does not show is not read further (a fresh deploy of 50
  // functions would otherwise send 200 reads that answer 404). A listing that lags behind a
  // create only costs the create's ifExists fallback.
  async read(ctx) {
    const { api, lookup, state } = ctx;
    const listed = new Set((await collect(api.pages('lambda:ListFunctions', {}), (p) => p.Functions?.map((f) => f.FunctionName ?? ''))) ?? []);
    const configured = lookup.functions.filter((name) => listed.has(name));
    const others = [...listed].filter((n) => n.startsWith(lookup.prefix) && !lookup.functions.includes(n));
    await concurrently(
      () => forEachConcurrently(configured, async (name) => {
        const f = await readFunction(ctx, name, lookup.qualifiers[name] ?? []);
        if (f) state.functions[name] = f;
      }),
      () => forEachConcurrently(others, async (name) => {
        const got = await api.find('lambda:GetFunction', { FunctionName: name }, name);
        if (got?.Configuration && ctx.ours(got.Tags)) state.functions[name] = toRemoteFunction(got.Configuration, got.Tags ?? {});
      }),
    );
  },
  diff(d, { remote, artifacts }) {
    const f = remote.functions[d.name];
    const zip = { $artifact: 'zip' as const, id: d.id, bytes: artifacts.zips[d.id]?.length ?? d.zipBytes };
    const configure = call('lambda:UpdateFunctionConfiguration', configurationInput(d), d.name);
    const upload = call('lambda:UpdateFunctionCode', { FunctionName: d.name, ZipFile: zip }, d.name);
    const tag = call('lambda:TagResource', { Resource: d.arn, Tags: d.tags }, d.name);
    const outputs = { arn: d.arn, name: d.name };
    if (!f) {
      return {
        exists: false, reason: 'function does not exist', outputs,
        calls: [call('lambda:CreateFunction', { ...configurationInput(d), Code: { ZipFile: zip }, Tags: d.tags, Publish: false, PackageType: 'Zip' }, d.name, {
          ifExists: [configure, upload, tag],
        })],
      };
    }
    const calls: ApiCall[] = [];
    const why: string[] = [];
    const settings = settingsDiffer(d.settings, f.settings);
    if (settings.length) { calls.push(configure); why.push(...settings); }
    if (f.codeSha256 !== d.codeSha256) { calls.push(upload); why.unshift('code'); }
    if (tagsMissing(d.tags, f.tags)) { calls.push(tag); why.push('tags'); }
    return calls.length ? { exists: true, reason: `${why.join(', ')} changed`, calls, outputs } : upToDate(outputs);
  },
  orphans(remote, desired) {
    const names = new Set(wanted(desired, 'function').map((f) => f.name));
    return Object.values(remote.functions).filter((f) => !names.has(f.name)).map((f) => ({ id: `function:${f.name}`, kind: 'function', name: f.name }));
  },
  deleteCalls: (o) => [call('lambda:DeleteFunction', { FunctionName: o.name }, o.name, { absentOk: true })],
  deleteRank: 8,
};
