// A stage's variables, method settings, cache and access log, set by one patch holding exactly
// what differs (settings no longer configured are removed), and its tags.
import type { PatchOperation } from '@aws-sdk/client-api-gateway';
import { call, type ApiCall } from '../calls.js';
import type { MethodSettingValues, StageSettingsResource } from '../model.js';
import type { RemoteStage } from '../remote-state.js';
import { noOrphans, tagsMissing, upToDate, type KindModule } from './kind.js';

const METHOD_SETTING_PATHS: Record<keyof MethodSettingValues, string> = {
  throttlingRateLimit: 'throttling/rateLimit',
  throttlingBurstLimit: 'throttling/burstLimit',
  cachingEnabled: 'caching/enabled',
  cacheTtlInSeconds: 'caching/ttlInSeconds',
  loggingLevel: 'logging/loglevel',
  metricsEnabled: 'metrics/enabled',
  dataTraceEnabled: 'logging/dataTrace',
};

/**
 * What API Gateway shows for a method setting nobody set (GetStage lists every field of a configured
 * method). A field the config leaves out should read this; any other value is drift, put back.
 */
export const METHOD_SETTING_DEFAULTS: Required<MethodSettingValues> = {
  throttlingRateLimit: 10000,
  throttlingBurstLimit: 5000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  loggingLevel: 'OFF',
  metricsEnabled: false,
  dataTraceEnabled: false,
};

/** "/pets/{id}/GET" -> "/~1pets~1{id}/GET"; "*\/*" stays. */
export function methodSettingPath(key: string): string {
  if (key === '*/*') return '/*/*';
  const slash = key.lastIndexOf('/');
  const resourcePath = key.slice(0, slash) || '/';
  return `/${resourcePath.replace(/~/g, '~0').replace(/\//g, '~1')}/${key.slice(slash + 1)}`;
}

/** Patch operations taking a stage from `current` to the desired settings. */
export function stagePatch(d: StageSettingsResource, current: RemoteStage | undefined): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const vars = current?.variables ?? {};
  for (const [k, v] of Object.entries(d.variables)) if (vars[k] !== v) ops.push({ op: 'replace', path: `/variables/${k}`, value: v });
  for (const k of Object.keys(vars)) if (!(k in d.variables)) ops.push({ op: 'remove', path: `/variables/${k}` });
  for (const [key, values] of Object.entries(d.methodSettings)) {
    const have = current?.methodSettings[key] ?? {};
    for (const field of Object.keys(METHOD_SETTING_PATHS) as (keyof MethodSettingValues)[]) {
      const wanted = values[field] ?? METHOD_SETTING_DEFAULTS[field];
      // A field neither configured nor ever set reads as absent (or as its default) and needs nothing.
      const now = have[field] ?? (values[field] === undefined ? wanted : undefined);
      if (now !== wanted) ops.push({ op: 'replace', path: `${methodSettingPath(key)}/${METHOD_SETTING_PATHS[field]}`, value: String(wanted) });
    }
  }
  for (const key of Object.keys(current?.methodSettings ?? {})) {
    if (!(key in d.methodSettings)) ops.push({ op: 'remove', path: methodSettingPath(key) });
  }
  if ((current?.cacheClusterEnabled ?? false) !== d.cacheClusterEnabled) ops.push({ op: 'replace', path: '/cacheClusterEnabled', value: String(d.cacheClusterEnabled) });
  if (d.cacheClusterEnabled && d.cacheClusterSize && current?.cacheClusterSize !== d.cacheClusterSize) ops.push({ op: 'replace', path: '/cacheClusterSize', value: d.cacheClusterSize });
  if (d.accessLog) {
    if (current?.accessLog?.destinationArn !== d.accessLog.destinationArn) ops.push({ op: 'replace', path: '/accessLogSettings/destinationArn', value: d.accessLog.destinationArn });
    if (current?.accessLog?.format !== d.accessLog.format) ops.push({ op: 'replace', path: '/accessLogSettings/format', value: d.accessLog.format });
  } else if (current?.accessLog) {
    ops.push({ op: 'remove', path: '/accessLogSettings' });
  }
  return ops;
}

export const stageSettings: KindModule<'stageSettings'> = {
  read: { with: 'restApi' },
  diff(d, { remote }) {
    const stage = remote.restApis.find((a) => a.id === d.restApiId)?.stages[d.stageName];
    const ops = stagePatch(d, stage);
    const calls: ApiCall[] = [];
    const where = `${d.restApiId}/${d.stageName}`;
    if (ops.length) calls.push(call('apigateway:UpdateStage', { restApiId: d.restApiId, stageName: d.stageName, patchOperations: ops }, where));
    if (!stage || tagsMissing(d.tags, stage.tags)) calls.push(call('apigateway:TagResource', { resourceArn: d.stageArn, tags: d.tags }, d.stageArn));
    if (!calls.length) return upToDate();
    const why = [...new Set(ops.map((o) => (o.path ?? '').split('/')[1]))].map((p) => (p?.startsWith('~1') || p === '*' ? 'methodSettings' : p));
    return { exists: Boolean(stage), reason: stage ? `${[...new Set([...why, ...(calls.length > (ops.length ? 1 : 0) ? ['tags'] : [])])].join(', ')} differ` : 'stage is new', calls };
  },
  orphans: noOrphans, // goes with its stage
  deleteCalls: () => [],
  deleteRank: 2,
};
