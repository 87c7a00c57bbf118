// REST APIs: imported once, then overwritten in place (PutRestApi), so the id and URL never
// change. The definition's hash is a tag on the API (and each stage's deployment description).
import { concurrently, forEachConcurrently } from '../../aws/call-log.js';
import type { Stage } from '@aws-sdk/client-api-gateway';
import { collect } from '../../aws/api/index.js';
import { arns } from '../arns.js';
import { call, type ApiCall } from '../calls.js';
import { TAG_DEFINITION, type MethodSettingValues } from '../model.js';
import { ref } from '../refs.js';
import type { RemoteRestApi, RemoteStage, RemoteState } from '../remote-state.js';
import { oldest, tagsMissing, upToDate, wanted, type KindModule, type ReadContext } from './kind.js';

export function deploymentDescription(hash: string): string {
  return `discovery:${hash}`;
}

/** Of several APIs with one name (an interrupted create), the one to keep. */
export function primaryApi(remote: RemoteState, name: string): RemoteRestApi | undefined {
  const same = remote.restApis.filter((a) => a.name === name);
  return same.find((a) => a.tags[TAG_DEFINITION]) ?? oldest(same);
}

export function toRemoteStage(s: Stage): RemoteStage {
  const methodSettings: Record<string, MethodSettingValues> = {};
  for (const [key, v] of Object.entries(s.methodSettings ?? {})) {
    const normal = key === '*/*' ? key : `/${key.replace(/~1/g, '/').replace(/^\/+/, '')}`;
    methodSettings[normal] = {
      throttlingRateLimit: v.throttlingRateLimit, throttlingBurstLimit: v.throttlingBurstLimit, cachingEnabled: v.cachingEnabled,
      cacheTtlInSeconds: v.cacheTtlInSeconds, loggingLevel: v.loggingLevel, metricsEnabled: v.metricsEnabled, dataTraceEnabled: v.dataTraceEnabled,
    };
  }
  return {
    name: s.stageName ?? '', deploymentId: s.deploymentId, variables: s.variables ?? {}, methodSettings,
    cacheClusterEnabled: s.cacheClusterEnabled ?? false, cacheClusterSize: s.cacheClusterSize,
    accessLog: s.accessLogSettings?.destinationArn ? { destinationArn: s.accessLogSettings.destinationArn, format: s.accessLogSettings.format ?? '' } : undefined,
    tags: s.tags ?? {},
  };
}

async function readStages({ api }: ReadContext, rest: RemoteRestApi): Promise<RemoteRestApi> {
  const [stages, deployments] = await concurrently(
    () => api.send('apigateway:GetStages', { restApiId: rest.id }, rest.id),
    () => collect(api.pages('apigateway:GetDeployments', { restApiId: rest.id, limit: 500 }, rest.id), (p) => p.items),
  );
  const out: Record<string, RemoteStage> = {};
  for (const s of stages.item ?? []) if (s.stageName) out[s.stageName] = toRemoteStage(s);
  return { ...rest, stages: out, deployments: Object.fromEntries((deployments ?? []).filter((d) => d.id).map((d) => [d.id!, d.description ?? ''])) };
}

export const restApi: KindModule<'restApi'> = {
  async read(ctx) {
    const { api, lookup } = ctx;
    const all = (await collect(api.pages('apigateway:GetRestApis', { limit: 500 }), (p) => p.items)) ?? [];
    const mine = all.filter((a) => a.id && a.name && (lookup.apis.includes(a.name) || (a.name.startsWith(lookup.prefix) && ctx.ours(a.tags))));
    ctx.state.restApis = await forEachConcurrently(mine, (a) => readStages(ctx, {
      id: a.id!, name: a.name!, tags: a.tags ?? {}, createdDate: a.createdDate?.getTime(), stages: {}, deployments: {},
    }));
  },
  diff(d, { remote, arn, artifacts, onAws }) {
    const found = primaryApi(remote, d.name);
    const body = { $artifact: 'apiBody' as const, id: d.key, bytes: Buffer.byteLength(artifacts.apiBodies[d.key] ?? '') };
    const tag = (id: string) => call('apigateway:TagResource', { resourceArn: arns.restApi(arn, id), tags: { ...d.tags, [TAG_DEFINITION]: d.definitionHash } }, `${d.name} (${id})`, { optionalOffAws: true });
    if (!found) {
      return {
        exists: false, reason: 'API does not exist',
        calls: [
          call('apigateway:ImportRestApi', { body, failOnWarnings: false, parameters: { endpointConfigurationTypes: 'REGIONAL' } }, d.name, { outputs: { id: 'id' } }),
          tag(ref(d.id, 'id')),
        ],
      };
    }
    // Where an endpoint cannot tag APIs (moto), a stage serving this definition proves it was put.
    const served = !onAws && !found.tags[TAG_DEFINITION] && Object.values(found.stages).some((s) => s.deploymentId && found.deployments[s.deploymentId] === deploymentDescription(d.definitionHash));
    const calls: ApiCall[] = [];
    const why: string[] = [];
    if (found.tags[TAG_DEFINITION] !== d.definitionHash && !served) {
      why.push('definition');
      calls.push(call('apigateway:PutRestApi', { restApiId: found.id, mode: 'overwrite', body, failOnWarnings: false }, `${d.name} (${found.id})`));
    }
    if (calls.length || (tagsMissing(d.tags, found.tags) && !served)) {
      if (!calls.length) why.push('tags');
      calls.push(tag(found.id));
    }
    const outputs = { id: found.id };
    return calls.length ? { exists: true, reason: `${why.join(', ')} differ${why.length === 1 ? 's' : ''}`, calls, outputs } : upToDate(outputs);
  },
  orphans(remote, desired) {
    const names = new Set(wanted(desired, 'restApi').map((a) => a.name));
    return remote.restApis.filter((a) => !(names.has(a.name) && primaryApi(remote, a.name)?.id === a.id))
      .map((a) => ({ id: `restApi:${a.name}#${a.id}`, kind: 'restApi', name: a.name, physicalId: a.id }));
  },
  deleteCalls: (o) => [call('apigateway:DeleteRestApi', { restApiId: o.physicalId ?? o.name }, `${o.name} (${o.physicalId ?? o.name})`, { absentOk: true })],
  deleteRank: 3,
};
