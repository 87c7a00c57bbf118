// API keys. The value is only returned when asked for (includeValue / includeValues).
import { badRequestError, conflictError } from '../errors.js';
import { newApiKeyValue, newId } from '../ids.js';
import type { ApiKey } from '../model.js';
import { boolValue, pathSegments, patchOperations, requireValue, unsupportedPatch, optionalValue } from '../patch.js';
import { page, route, type Route } from '../router.js';
import { apiKeyView } from '../view.js';
import { str, stringRecord, type OpsContext } from './context.js';

const MAX_DESCRIPTION = 125000;

export function apiKeyRoutes({ store }: OpsContext): Route[] {
  const stageKey = (value: string): string => {
    const [apiId, stageName] = value.split('/');
    if (!apiId || !stageName) throw badRequestError(`Invalid stage key '${value}': use "restApiId/stageName".`);
    store.stage(store.api(apiId), stageName);
    return `${apiId}/${stageName}`;
  };

  return [
    route('POST', '/apikeys', 'CreateApiKey', (r) => {
      const body = r.json();
      if (typeof body.name === 'string' && body.name.length > 1024) throw badRequestError('Invalid API Key name, can be at most 1024 characters.');
      if (typeof body.description === 'string' && body.description.length > MAX_DESCRIPTION) throw badRequestError('Invalid API Key description specified.');
      // An empty value is like none: AWS generates one.
      const value = str(body.value) || newApiKeyValue();
      if (value.length < 20) throw badRequestError('API Key value should be at least 20 characters');
      if (value.length > 128) throw badRequestError('API Key value exceeds maximum size of 128 characters');
      if (Object.values(store.data.apiKeys).some((k) => k.value === value)) throw conflictError('API Key already exists');
      const stageKeys = Array.isArray(body.stageKeys)
        ? body.stageKeys.map((k) => {
            const sk = k as { restApiId?: unknown; stageName?: unknown };
            return stageKey(`${String(sk.restApiId ?? '')}/${String(sk.stageName ?? '')}`);
          })
        : [];
      const now = store.nowSeconds();
      const key: ApiKey = {
        id: newId(),
        name: str(body.name) ?? '',
        description: str(body.description),
        value,
        customerId: str(body.customerId),
        enabled: body.enabled === true,
        createdDate: now,
        lastUpdatedDate: now,
        stageKeys,
        tags: stringRecord(body.tags),
      };
      store.data.apiKeys[key.id] = key;
      store.save();
      return { status: 201, body: apiKeyView(key, true) };
    }),
    route('GET', '/apikeys', 'GetApiKeys', (r) => {
      const name = r.query.get('name');
      const customerId = r.query.get('customerId');
      const withValues = r.query.get('includeValues') === 'true';
      const keys = Object.values(store.data.apiKeys)
        .filter((k) => !name || k.name.startsWith(name))
        .filter((k) => !customerId || k.customerId === customerId)
        .sort((a, b) => a.createdDate - b.createdDate);
      return { body: page(keys.map((k) => apiKeyView(k, withValues)), r.query) };
    }),
    route('GET', '/apikeys/{api_Key}', 'GetApiKey', (r) => ({
      body: apiKeyView(store.apiKey(r.params.api_Key!), r.query.get('includeValue') === 'true'),
    })),
    route('PATCH', '/apikeys/{api_Key}', 'UpdateApiKey', (r) => {
      const key = store.apiKey(r.params.api_Key!);
      const draft = structuredClone(key);
      for (const op of patchOperations(r.json())) {
        const [field, ...rest] = pathSegments(op.path);
        if (field === 'name') draft.name = requireValue(op);
        else if (field === 'description' || field === 'customerId') {
          if (field === 'description' && (op.value?.length ?? 0) > MAX_DESCRIPTION) throw badRequestError('Invalid API Key description specified.');
          draft[field] = optionalValue(op);
        } else if (field === 'enabled') draft.enabled = String(op.value).toLowerCase() === 'true';
        else if (field === 'stages') {
          const value = rest.length ? rest.join('/') : requireValue(op);
          if (op.op === 'add') draft.stageKeys = [...new Set([...draft.stageKeys, stageKey(value)])];
          else if (op.op === 'remove') draft.stageKeys = draft.stageKeys.filter((s) => s !== value);
          else throw unsupportedPatch(op, `API key ${key.id}`);
        } else throw unsupportedPatch(op, `API key ${key.id}`);
      }
      draft.lastUpdatedDate = store.nowSeconds();
      store.data.apiKeys[key.id] = draft;
      store.save();
      // UpdateApiKey alone answers the tag map even when it is empty.
      return { body: { ...apiKeyView(draft, false), tags: draft.tags } };
    }),
    route('DELETE', '/apikeys/{api_Key}', 'DeleteApiKey', (r) => {
      const key = store.apiKey(r.params.api_Key!);
      delete store.data.apiKeys[key.id];
      for (const plan of Object.values(store.data.usagePlans)) plan.keyIds = plan.keyIds.filter((id) => id !== key.id);
      store.save();
      return { status: 202 };
    }),
  ];
}
