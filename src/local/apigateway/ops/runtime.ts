// Operations that reach the execute-api data plane through its port: TestInvokeMethod, GetUsage
// (what the data plane counted per key and day), FlushStageCache and FlushStageAuthorizersCache.
import { AwsServiceError } from '../../protocol/errors.js';
import { quotaPeriodStart } from '../../gateway/limits/usage-plans.js';
import { utcDay } from '../../gateway/limits/usage-counter.js';
import { badRequestError } from '../errors.js';
import { route, type Route } from '../router.js';
import { apiOrNotFound } from './api-lookup.js';
import { authorizerOf } from './authorizers.js';
import { stringRecord, str, type OpsContext } from './context.js';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function runtimeRoutes(ops: OpsContext): Route[] {
  const { ctx, store } = ops;
  const gateway = () => {
    const port = ctx.ports.gateway;
    if (!port) throw new AwsServiceError('ServiceUnavailableException', 'The local cloud runs no execute-api data plane.', 503);
    return port;
  };
  return [
    route('POST', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', 'TestInvokeMethod', async (r) => {
      const api = store.data.restApis[r.params.restapi_id!];
      const resource = api?.resources[r.params.resource_id!];
      // AWS answers an unknown API with the resource wording too (recorded).
      if (!api || !resource) throw new AwsServiceError('NotFoundException', 'Invalid Resource identifier specified', 404);
      const httpMethod = r.params.http_method!.toUpperCase();
      if (!resource.resourceMethods[httpMethod]) throw new AwsServiceError('NotFoundException', 'Invalid Method identifier specified', 404);
      const body = r.json();
      const multi = body.multiValueHeaders && typeof body.multiValueHeaders === 'object'
        ? Object.fromEntries(Object.entries(body.multiValueHeaders as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]))
        : undefined;
      const output = await gateway().testInvoke({
        api, resource, httpMethod,
        pathWithQueryString: str(body.pathWithQueryString),
        body: str(body.body),
        headers: body.headers === undefined ? undefined : stringRecord(body.headers),
        multiValueHeaders: multi,
        stageVariables: body.stageVariables === undefined ? undefined : stringRecord(body.stageVariables),
      });
      return { body: output };
    }),
    route('POST', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'TestInvokeAuthorizer', async (r) => {
      const api = apiOrNotFound(ops, r.params.restapi_id!);
      const authorizer = authorizerOf(api, r.params.authorizer_id!);
      const body = r.json();
      const multi = body.multiValueHeaders && typeof body.multiValueHeaders === 'object'
        ? Object.fromEntries(Object.entries(body.multiValueHeaders as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]))
        : undefined;
      return {
        body: await gateway().testInvokeAuthorizer({
          api, authorizer,
          headers: body.headers === undefined ? undefined : stringRecord(body.headers),
          multiValueHeaders: multi,
          pathWithQueryString: str(body.pathWithQueryString),
          body: str(body.body),
          stageVariables: body.stageVariables === undefined ? undefined : stringRecord(body.stageVariables),
        }),
      };
    }),
    route('GET', '/usageplans/{usageplanId}/usage', 'GetUsage', (r) => {
      const plan = store.usagePlan(r.params.usageplanId!);
      const startDate = r.query.get('startDate') ?? '';
      const endDate = r.query.get('endDate') ?? '';
      if (!DATE.test(startDate) || !DATE.test(endDate)) throw badRequestError('Invalid startDate or endDate: use the YYYY-MM-DD form.');
      const start = Date.parse(`${startDate}T00:00:00Z`);
      const end = Date.parse(`${endDate}T00:00:00Z`);
      if (!(start <= end)) throw badRequestError('The usage endDate must be on or after the startDate.');
      const keyId = r.query.get('keyId');
      const keyIds = keyId ? [keyId] : plan.keyIds;
      const values: Record<string, [number, number][]> = {};
      for (const id of keyIds) {
        const days: [number, number][] = [];
        for (let day = start; day <= end; day += DAY_MS) {
          const used = gateway().usage(plan.id, id, utcDay(day));
          // Remaining counts against the quota period the day falls in (0 when the plan has no quota).
          let remaining = 0;
          if (plan.quota) {
            let periodUsed = 0;
            for (let d = quotaPeriodStart(plan.quota.period, plan.quota.offset, day); d <= day; d += DAY_MS) periodUsed += gateway().usage(plan.id, id, utcDay(d));
            remaining = Math.max(0, plan.quota.limit - periodUsed);
          }
          days.push([used, remaining]);
        }
        values[id] = days;
      }
      return { body: { usagePlanId: plan.id, startDate, endDate, values } };
    }),
    route('DELETE', '/restapis/{restapi_id}/stages/{stage_name}/cache/data', 'FlushStageCache', (r) => {
      const api = store.api(r.params.restapi_id!);
      const stage = store.stage(api, r.params.stage_name!);
      gateway().flushStageCache(api.id, stage.stageName);
      return { status: 202 };
    }),
    route('DELETE', '/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers', 'FlushStageAuthorizersCache', (r) => {
      const api = store.api(r.params.restapi_id!);
      const stage = store.stage(api, r.params.stage_name!);
      gateway().flushAuthorizersCache(api.id, stage.stageName);
      return { status: 202 };
    }),
  ];
}
