// The registrar's HTTP check results, applied with the thresholds Consul and Cloud Map use: an
// instance turns `unhealthy` after `unhealthy_threshold` failed checks in a row and `healthy`
// again after `healthy_threshold` passing ones. A new instance starts healthy (as in Cloud Map).
// The counts live on the instance's item, so a cold registrar carries on where the last one stopped.
import { DEFAULT_HEALTH_CHECK, instanceIdOf, serviceVersionOf, versionKey, type CatalogItem, type RegisterRequest } from './entry.js';
import { recordChange } from './changes.js';
import type { CatalogDeps } from './deps.js';
import type { ItemPatch } from './store.js';
import { badRequest } from './failures.js';

export interface HealthReport {
  passed: boolean;
  healthy_threshold: number;
  unhealthy_threshold: number;
}

export interface HealthReportAnswer {
  service_name: string;
  service_version: string;
  instance_id: string;
  /** `not_registered` when the instance is gone (nothing was written). */
  check_status: 'healthy' | 'unhealthy' | 'not_registered';
  check_successes: number;
  check_failures: number;
}

export function parseHealthReport(value: unknown): HealthReport {
  const report = (value ?? {}) as Record<string, unknown>;
  if (typeof report.passed !== 'boolean') throw badRequest('health_report.passed must be true or false');
  const threshold = (field: 'healthy_threshold' | 'unhealthy_threshold') => {
    const n = report[field] ?? DEFAULT_HEALTH_CHECK[field];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw badRequest(`health_report.${field} must be a positive integer`);
    return n;
  };
  return { passed: report.passed, healthy_threshold: threshold('healthy_threshold'), unhealthy_threshold: threshold('unhealthy_threshold') };
}

export async function applyHealthReport(deps: CatalogDeps, request: RegisterRequest, report: HealthReport): Promise<HealthReportAnswer> {
  const key = versionKey(request.service_version, request.instance_id);
  const checkedAt = Math.floor(deps.now() / 1000);
  const counts: ItemPatch = report.passed
    ? { set: { check_failures: 0, checked_at: checkedAt }, add: { check_successes: 1 } }
    : { set: { check_successes: 0, checked_at: checkedAt }, add: { check_failures: 1 } };
  const base = { service_name: request.service_name, service_version: request.service_version, instance_id: request.instance_id ?? 'default' };
  const { applied, item } = await deps.store.patch(request.service_name, key, counts, { returnValues: 'ALL_NEW', mustBeLive: true });
  if (!applied || !item) return { ...base, check_status: 'not_registered', check_successes: 0, check_failures: 0 };
  const verdict = nextVerdict(item, report);
  if (verdict) {
    await deps.store.patch(item.name, item.version, { set: { check_status: verdict } });
    await recordChange(deps, item, { ...item, check_status: verdict });
  }
  return {
    service_name: item.name,
    service_version: serviceVersionOf(item),
    instance_id: instanceIdOf(item),
    check_status: verdict ?? item.check_status ?? 'healthy',
    check_successes: Number(item.check_successes ?? 0),
    check_failures: Number(item.check_failures ?? 0),
  };
}

/** The new verdict once a threshold is crossed, else undefined (no change). */
export function nextVerdict(item: Pick<CatalogItem, 'check_status' | 'check_successes' | 'check_failures'>, report: HealthReport): 'healthy' | 'unhealthy' | undefined {
  const current = item.check_status ?? 'healthy';
  if (report.passed && current === 'unhealthy' && Number(item.check_successes ?? 0) >= report.healthy_threshold) return 'healthy';
  if (!report.passed && current === 'healthy' && Number(item.check_failures ?? 0) >= report.unhealthy_threshold) return 'unhealthy';
  return undefined;
}
