// Usage plans (throttle, quota, API stages) and the API keys bound to them.
import { AwsServiceError } from '../../protocol/errors.js';
import { badRequestError, conflictError, notFoundError } from '../errors.js';
import { newId } from '../ids.js';
import type { UsagePlan } from '../model.js';
import { numberValue, pathSegments, patchOperations, requireValue, unsupportedPatch, type PatchOperation, optionalValue } from '../patch.js';
import { page, route, type Route } from '../router.js';
import { usagePlanView } from '../view.js';
import { str, stringRecord, type OpsContext } from './context.js';

const PERIODS = ['DAY', 'WEEK', 'MONTH'];
type Throttle = NonNullable<UsagePlan['throttle']>;
type Quota = NonNullable<UsagePlan['quota']>;

export function usagePlanRoutes({ store }: OpsContext): Route[] {
  const checkStage = (apiId: string, stage: string) => {
    const api = store.data.restApis[apiId];
    if (!api) throw notFoundError('REST API', apiId);
    if (!api.stages[stage]) throw notFoundError('Stage', `${stage} of REST API ${apiId}`);
  };
  const keyView = (id: string) => {
    const key = store.apiKey(id);
    return { id: key.id, type: 'API_KEY', value: key.value, name: key.name };
  };

  function readApiStages(value: unknown): UsagePlan['apiStages'] {
    if (!Array.isArray(value)) return [];
    return value.map((raw) => {
      const s = raw as { apiId?: unknown; stage?: unknown; throttle?: unknown };
      const apiId = String(s.apiId ?? '');
      const stage = String(s.stage ?? '');
      checkStage(apiId, stage);
      return { apiId, stage, throttle: s.throttle as UsagePlan['apiStages'][number]['throttle'] };
    });
  }

  return [
    route('POST', '/usageplans', 'CreateUsagePlan', (r) => {
      const body = r.json();
      const name = str(body.name);
      if (!name) throw badRequestError('CreateUsagePlan needs a "name".');
      const plan: UsagePlan = {
        id: newId(),
        name,
        description: str(body.description),
        apiStages: readApiStages(body.apiStages),
        throttle: throttleOf(body.throttle),
        quota: quotaOf(body.quota),
        tags: stringRecord(body.tags),
        keyIds: [],
      };
      store.data.usagePlans[plan.id] = plan;
      store.save();
      return { status: 201, body: usagePlanView(plan) };
    }),
    route('GET', '/usageplans', 'GetUsagePlans', (r) => {
      const keyId = r.query.get('keyId');
      const plans = Object.values(store.data.usagePlans).filter((p) => !keyId || p.keyIds.includes(keyId));
      return { body: page(plans.map(usagePlanView), r.query) };
    }),
    // GetUsagePlan and UpdateUsagePlan answer the tag map even when it is empty.
    route('GET', '/usageplans/{usageplanId}', 'GetUsagePlan', (r) => {
      const plan = store.usagePlan(r.params.usageplanId!);
      return { body: { ...usagePlanView(plan), tags: plan.tags } };
    }),
    route('PATCH', '/usageplans/{usageplanId}', 'UpdateUsagePlan', (r) => {
      const plan = store.usagePlan(r.params.usageplanId!);
      const draft = structuredClone(plan);
      for (const op of patchOperations(r.json())) patchPlan(draft, op);
      store.data.usagePlans[plan.id] = draft;
      store.save();
      return { body: { ...usagePlanView(draft), tags: draft.tags } };
    }),
    route('DELETE', '/usageplans/{usageplanId}', 'DeleteUsagePlan', (r) => {
      const plan = store.usagePlan(r.params.usageplanId!);
      // As AWS: the API stages must be removed from the plan first (seed 002's clean-up order).
      const bound = plan.apiStages[0];
      if (bound) throw badRequestError(`Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${bound.apiId}:${bound.stage}`);
      delete store.data.usagePlans[plan.id];
      store.save();
      return { status: 202 };
    }),

    route('POST', '/usageplans/{usageplanId}/keys', 'CreateUsagePlanKey', (r) => {
      const plan = store.usagePlan(r.params.usageplanId!);
      const body = r.json();
      const keyId = str(body.keyId);
      if (!keyId) throw badRequestError('CreateUsagePlanKey needs a "keyId".');
      if (str(body.keyType) !== 'API_KEY') throw badRequestError(`Invalid keyType '${String(body.keyType ?? '')}': the only key type is API_KEY.`);
      store.apiKey(keyId);
      if (plan.keyIds.includes(keyId)) throw conflictError(`Usage Plan ${plan.id} cannot be added because API Key ${keyId} already exists in it`);
      plan.keyIds.push(keyId);
      store.save();
      return { status: 201, body: keyView(keyId) };
    }),
    route('GET', '/usageplans/{usageplanId}/keys', 'GetUsagePlanKeys', (r) => {
      // AWS lists no keys, rather than a 404, for an unknown usage plan.
      if (!store.data.usagePlans[r.params.usageplanId!]) return { body: page([], r.query) };
      const plan = store.usagePlan(r.params.usageplanId!);
      const name = r.query.get('name');
      const keys = plan.keyIds.filter((id) => store.data.apiKeys[id]).map(keyView).filter((k) => !name || k.name.startsWith(name));
      return { body: page(keys, r.query) };
    }),
    route('GET', '/usageplans/{usageplanId}/keys/{keyId}', 'GetUsagePlanKey', (r) => {
      const plan = store.usagePlan(r.params.usageplanId!);
      if (!plan.keyIds.includes(r.params.keyId!)) throw notFoundError('Usage Plan Key', r.params.keyId);
      return { body: keyView(r.params.keyId!) };
    }),
    route('DELETE', '/usageplans/{usageplanId}/keys/{keyId}', 'DeleteUsagePlanKey', (r) => {
      const plan = store.usagePlan(r.params.usageplanId!);
      if (!plan.keyIds.includes(r.params.keyId!)) throw notFoundError('Usage Plan Key', r.params.keyId);
      plan.keyIds = plan.keyIds.filter((id) => id !== r.params.keyId);
      store.save();
      return { status: 202 };
    }),
  ];

  function patchPlan(plan: UsagePlan, op: PatchOperation): void {
    const [field, sub] = pathSegments(op.path);
    switch (field) {
      case 'name':
        plan.name = requireValue(op);
        return;
      case 'description':
        plan.description = optionalValue(op);
        return;
      case 'throttle':
        if (op.op === 'remove' && !sub) delete plan.throttle;
        else if (sub === 'rateLimit') plan.throttle = { ...(plan.throttle ?? {}), rateLimit: numberValue(op) };
        else if (sub === 'burstLimit') plan.throttle = { ...(plan.throttle ?? {}), burstLimit: Math.trunc(numberValue(op)) };
        else break;
        return;
      case 'quota':
        if (op.op === 'remove' && !sub) delete plan.quota;
        else if (sub === 'limit') plan.quota = { period: 'DAY', ...(plan.quota ?? {}), limit: Math.trunc(numberValue(op)) };
        else if (sub === 'offset') plan.quota = { period: 'DAY', limit: 0, ...(plan.quota ?? {}), offset: Math.trunc(numberValue(op)) };
        else if (sub === 'period') plan.quota = { limit: 0, ...(plan.quota ?? {}), period: periodOf(requireValue(op)) };
        else break;
        return;
      case 'apiStages': {
        const value = requireValue(op);
        const [apiId = '', stage = ''] = value.split(':');
        if (op.op === 'add') {
          checkStage(apiId, stage);
          if (!plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) plan.apiStages.push({ apiId, stage });
        } else if (op.op === 'remove') {
          if (!value.includes(':')) throw badRequestError('Invalid API Stage specified');
          if (!plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) {
            throw new AwsServiceError('NotFoundException', `Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${plan.id}`, 404);
          }
          plan.apiStages = plan.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage));
        } else break;
        return;
      }
    }
    throw unsupportedPatch(op, `usage plan ${plan.id}`);
  }
}

function throttleOf(value: unknown): Throttle | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const t = value as { burstLimit?: unknown; rateLimit?: unknown };
  return {
    burstLimit: typeof t.burstLimit === 'number' ? t.burstLimit : undefined,
    rateLimit: typeof t.rateLimit === 'number' ? t.rateLimit : undefined,
  };
}

function quotaOf(value: unknown): Quota | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const q = value as { limit?: unknown; offset?: unknown; period?: unknown };
  if (typeof q.limit !== 'number') throw badRequestError('A usage plan quota needs a numeric "limit".');
  return { limit: q.limit, offset: typeof q.offset === 'number' ? q.offset : 0, period: periodOf(String(q.period ?? '')) };
}

function periodOf(value: string): Quota['period'] {
  const period = value.toUpperCase();
  if (!PERIODS.includes(period)) throw badRequestError(`Invalid quota period '${value}': use DAY, WEEK or MONTH.`);
  return period as Quota['period'];
}
