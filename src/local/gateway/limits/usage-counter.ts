// Requests per usage plan, API key and UTC day, counted as the data plane accepts them: what
// GetUsage reports (used, and remaining against the plan's quota).
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export class UsageCounter {
  private readonly counts = new Map<string, number>();

  record(planId: string, keyId: string, nowMs: number): void {
    const key = `${planId}|${keyId}|${utcDay(nowMs)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  usage(planId: string, keyId: string, day: string): number {
    return this.counts.get(`${planId}|${keyId}|${day}`) ?? 0;
  }
}
