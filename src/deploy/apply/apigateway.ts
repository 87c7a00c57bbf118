// API Gateway: the API (ImportRestApi once, then PutRestApi overwrite: id and URL never change),
// a deployment per stage, stage settings by patch, API keys, usage plans and their keys.
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, DeleteApiKeyCommand,
  DeleteRestApiCommand, DeleteStageCommand, DeleteUsagePlanCommand, DeleteUsagePlanKeyCommand, GetUsagePlanCommand,
  ImportRestApiCommand, PutRestApiCommand, TagResourceCommand, UpdateApiKeyCommand, UpdateStageCommand, UpdateUsagePlanCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { parallel } from '../../aws/call-log.js';
import { arns } from '../arns.js';
import { deploymentDescription } from '../compare.js';
import { TAG_DEFINITION, type MethodSettingValues, type StageSettingsResource, type UsagePlanResource } from '../model.js';
import type { RemoteStage, RemoteUsagePlan } from '../remote-state.js';
import { createOrAdopt, nothingToRemove, type ApplyContext, type KindHandler } from './context.js';

export const restApi: KindHandler<'restApi'> = {
  async apply(r, step, { aws, artifacts, outputs, arn, target }) {
    const body = artifacts.apiBodies[r.key];
    if (body === undefined) throw new Error(`No rendered definition for API ${r.name}.`);
    let id = outputs[r.id]?.id;
    if (step.action === 'create' || !id) {
      const made = await aws.call('apigateway:ImportRestApi', r.name, () => aws.apigateway.send(new ImportRestApiCommand({
        body: Buffer.from(body), failOnWarnings: false, parameters: { endpointConfigurationTypes: 'REGIONAL' },
      })));
      if (!made.id) throw new Error(`ImportRestApi returned no id for ${r.name}.`);
      id = made.id;
    } else if (step.changes.includes('definition')) {
      await aws.call('apigateway:PutRestApi', `${r.name} (${id})`, () => aws.apigateway.send(new PutRestApiCommand({ restApiId: id, mode: 'overwrite', body: Buffer.from(body), failOnWarnings: false })));
    }
    // The definition's hash marks what was put; the stages carry their own marker (the deployment description).
    const apiId = id;
    const tag = () => aws.call('apigateway:TagResource', `${r.name} (${apiId})`, () => aws.apigateway.send(new TagResourceCommand({
      resourceArn: arns.restApi(arn, apiId), tags: { ...r.tags, [TAG_DEFINITION]: r.definitionHash },
    })));
    // AWS tags APIs; some emulators (moto) tag only stages. There the stages' deployment
    // descriptions carry the definition hash instead (see compare.restApi).
    if (target.kind === 'aws') await tag();
    else await tag().catch(() => undefined);
    return { id: apiId };
  },
  async remove(o, { aws }) {
    const id = o.physicalId ?? o.name;
    await aws.remove('apigateway:DeleteRestApi', `${o.name} (${id})`, () => aws.apigateway.send(new DeleteRestApiCommand({ restApiId: id })));
  },
};

export const deployment: KindHandler<'deployment'> = {
  async apply(r, _step, { aws }) {
    const d = await aws.call('apigateway:CreateDeployment', `${r.restApiId}/${r.stageName}`, () => aws.apigateway.send(new CreateDeploymentCommand({
      restApiId: r.restApiId, stageName: r.stageName, description: deploymentDescription(r.definitionHash),
    })));
    return { deploymentId: d.id ?? '' };
  },
  async remove(o, { aws }) {
    if (!o.parent) return;
    await aws.remove('apigateway:DeleteStage', `${o.parent}/${o.name}`, () => aws.apigateway.send(new DeleteStageCommand({ restApiId: o.parent, stageName: o.name })));
  },
};

const METHOD_SETTING_PATHS: Record<keyof MethodSettingValues, string> = {
  throttlingRateLimit: 'throttling/rateLimit',
  throttlingBurstLimit: 'throttling/burstLimit',
  cachingEnabled: 'caching/enabled',
  cacheTtlInSeconds: 'caching/ttlInSeconds',
  loggingLevel: 'logging/loglevel',
  metricsEnabled: 'metrics/enabled',
  dataTraceEnabled: 'logging/dataTrace',
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
    for (const [field, value] of Object.entries(values) as [keyof MethodSettingValues, unknown][]) {
      if (value !== undefined && have[field] !== value) ops.push({ op: 'replace', path: `${methodSettingPath(key)}/${METHOD_SETTING_PATHS[field]}`, value: String(value) });
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

export const stageSettings: KindHandler<'stageSettings'> = {
  async apply(r, step, { aws, remote }) {
    const current = remote.restApis.find((a) => a.id === r.restApiId)?.stages[r.stageName];
    const ops = stagePatch(r, current);
    await parallel<unknown>([
      async () => {
        if (ops.length) await aws.call('apigateway:UpdateStage', `${r.restApiId}/${r.stageName}`, () => aws.apigateway.send(new UpdateStageCommand({ restApiId: r.restApiId, stageName: r.stageName, patchOperations: ops })));
      },
      async () => {
        if (step.action === 'create' || step.changes.includes('tags')) await aws.call('apigateway:TagResource', r.stageArn, () => aws.apigateway.send(new TagResourceCommand({ resourceArn: r.stageArn, tags: r.tags })));
      },
    ]);
  },
  remove: nothingToRemove, // goes with its stage
};

export const apiKey: KindHandler<'apiKey'> = {
  async apply(r, step, ctx) {
    const { aws, outputs, arn } = ctx;
    const existing = outputs[r.id]?.id;
    if (step.action === 'create' || !existing) {
      const k = await aws.call('apigateway:CreateApiKey', r.name, () => aws.apigateway.send(new CreateApiKeyCommand({ name: r.name, description: r.description, enabled: r.enabled, tags: r.tags })));
      return { id: k.id ?? '' };
    }
    if (step.changes.includes('settings')) {
      await aws.call('apigateway:UpdateApiKey', r.name, () => aws.apigateway.send(new UpdateApiKeyCommand({ apiKey: existing, patchOperations: [
        { op: 'replace', path: '/description', value: r.description },
        { op: 'replace', path: '/enabled', value: String(r.enabled) },
      ] })));
    }
    if (step.changes.includes('tags')) await aws.call('apigateway:TagResource', r.name, () => aws.apigateway.send(new TagResourceCommand({ resourceArn: arns.apiKey(arn, existing), tags: r.tags })));
    return { id: existing };
  },
  async remove(o, { aws }) {
    const id = o.physicalId ?? o.name;
    await aws.remove('apigateway:DeleteApiKey', `${o.name} (${id})`, () => aws.apigateway.send(new DeleteApiKeyCommand({ apiKey: id })));
  },
};

function planPatch(d: UsagePlanResource, current: RemoteUsagePlan): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const key = (s: { apiId: string; stage: string }) => `${s.apiId}:${s.stage}`;
  const want = new Set(d.apiStages.map(key));
  const have = new Set(current.apiStages.map(key));
  for (const s of want) if (!have.has(s)) ops.push({ op: 'add', path: '/apiStages', value: s });
  for (const s of have) if (!want.has(s)) ops.push({ op: 'remove', path: '/apiStages', value: s });
  if (current.description !== d.description) ops.push({ op: 'replace', path: '/description', value: d.description });
  const t = d.throttle ?? {};
  if (t.rateLimit !== undefined && current.throttle?.rateLimit !== t.rateLimit) ops.push({ op: 'replace', path: '/throttle/rateLimit', value: String(t.rateLimit) });
  if (t.burstLimit !== undefined && current.throttle?.burstLimit !== t.burstLimit) ops.push({ op: 'replace', path: '/throttle/burstLimit', value: String(t.burstLimit) });
  if (d.quota) {
    if (current.quota?.limit !== d.quota.limit) ops.push({ op: 'replace', path: '/quota/limit', value: String(d.quota.limit) });
    if (current.quota?.period !== d.quota.period) ops.push({ op: 'replace', path: '/quota/period', value: d.quota.period });
    if ((current.quota?.offset ?? 0) !== (d.quota.offset ?? 0)) ops.push({ op: 'replace', path: '/quota/offset', value: String(d.quota.offset ?? 0) });
  }
  return ops;
}

export const usagePlan: KindHandler<'usagePlan'> = {
  async apply(r, step, { aws, outputs, remote, arn }) {
    const existing = outputs[r.id]?.id;
    const current = remote.usagePlans.find((p) => p.id === existing);
    if (step.action === 'create' || !existing || !current) {
      const p = await aws.call('apigateway:CreateUsagePlan', r.name, () => aws.apigateway.send(new CreateUsagePlanCommand({
        name: r.name, description: r.description, apiStages: r.apiStages, throttle: r.throttle, quota: r.quota, tags: r.tags,
      })));
      return { id: p.id ?? '' };
    }
    const ops = planPatch(r, current);
    if (ops.length) await aws.call('apigateway:UpdateUsagePlan', r.name, () => aws.apigateway.send(new UpdateUsagePlanCommand({ usagePlanId: existing, patchOperations: ops })));
    if (step.changes.includes('tags')) await aws.call('apigateway:TagResource', r.name, () => aws.apigateway.send(new TagResourceCommand({ resourceArn: arns.usagePlan(arn, existing), tags: r.tags })));
    return { id: existing };
  },
  async remove(o, ctx) {
    const { aws } = ctx;
    const id = o.physicalId ?? o.name;
    // A plan bound to API stages cannot be deleted: unbind them first.
    const plan = await aws.find('apigateway:GetUsagePlan', id, () => aws.apigateway.send(new GetUsagePlanCommand({ usagePlanId: id })));
    if (!plan) return;
    const ops: PatchOperation[] = (plan.apiStages ?? []).map((s) => ({ op: 'remove', path: '/apiStages', value: `${s.apiId}:${s.stage}` }));
    if (ops.length) await aws.remove('apigateway:UpdateUsagePlan', `${o.name} (${id})`, () => aws.apigateway.send(new UpdateUsagePlanCommand({ usagePlanId: id, patchOperations: ops })));
    await aws.remove('apigateway:DeleteUsagePlan', `${o.name} (${id})`, () => aws.apigateway.send(new DeleteUsagePlanCommand({ usagePlanId: id })));
  },
};

export const usagePlanKey: KindHandler<'usagePlanKey'> = {
  async apply(r, _step, { aws }) {
    await createOrAdopt(
      () => aws.call('apigateway:CreateUsagePlanKey', `${r.usagePlanId}/${r.keyId}`, () => aws.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: r.usagePlanId, keyId: r.keyId, keyType: 'API_KEY' }))),
      async () => undefined,
    );
  },
  async remove(o, { aws }) {
    if (!o.parent) return;
    await aws.remove('apigateway:DeleteUsagePlanKey', `${o.parent}/${o.name}`, () => aws.apigateway.send(new DeleteUsagePlanKeyCommand({ usagePlanId: o.parent, keyId: o.name })));
  },
};

export type { ApplyContext };
