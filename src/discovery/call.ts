// `call` over a version's instances: the healthy ones in the balancer's order (unhealthy ones only
// when no other exists, with a warning), the next one on a connection error or 5xx, at most
// 1 + maxRetries in all.
import type { Balancer } from './balancer.js';
import { ServiceCallError } from './errors.js';
import type { FetchFunction, ServiceInstance } from './types.js';

export interface CallPlan {
  serviceName: string;
  serviceVersion: string;
  instances: ServiceInstance[];
  init: RequestInit & { path?: string };
  balancer: Balancer;
  maxRetries: number;
  fetchFn: FetchFunction;
  warn: (message: string) => void;
}

export async function callInstances(plan: CallPlan): Promise<Response> {
  const { serviceName, serviceVersion } = plan;
  const healthy = plan.instances.filter((i) => i.status === 'healthy');
  let candidates = healthy;
  if (healthy.length === 0) {
    candidates = plan.instances;
    plan.warn(`${serviceName} ${serviceVersion} has no healthy instance in the catalog; calling ${candidates.length === 1 ? 'its only instance' : 'its instances'} anyway ` +
      `(${candidates.map((i) => `${i.instanceId}: ${i.status}`).join(', ')}).`);
  }
  const { path, ...requestInit } = plan.init;
  const order = plan.balancer.order(`${serviceName}\u0000${serviceVersion}`, candidates).slice(0, 1 + plan.maxRetries);
  let lastError: unknown;
  let lastUrl = '';
  for (const [attempt, instance] of order.entries()) {
    lastUrl = joinPath(instance.endpointUrl, path);
    try {
      const response = await plan.fetchFn(lastUrl, requestInit);
      // A 5xx is worth another instance, while one is left in the budget.
      if (response.status < 500 || attempt === order.length - 1) return response;
      await response.body?.cancel();
    } catch (err) {
      lastError = err;
    }
  }
  throw new ServiceCallError(lastUrl, lastError ?? new Error('no instance to call'), order.length);
}

function joinPath(endpointUrl: string, path: string | undefined): string {
  if (!path) return endpointUrl;
  return `${endpointUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
