// Requests per usage plan, API key and UTC day, counted as the data plane accepts them: what
// GetUsage reports (used, and remaining against the plan's quota).
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Requests a key made through a usage plan on one UTC day, as GetUsage reports them. */
export interface UsageCount {
  planId: string;
  keyId: string;
  /** YYYY-MM-DD */
  day: string;
  used: number;
}

export class UsageCounter {
  private readonly counts = new Map<string, number>();

  record(planId: string, keyId: string, nowMs: number): void {
    const key = `${planId}|${keyId}|${utcDay(nowMs)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  usage(planId: string, keyId: string, day: string): number {
    return this.counts.get(`${planId}|${keyId}|${day}`) ?? 0;
  }

  /** Every count so far (the console's usage view). */
  all(): UsageCount[] {
    return [...this.counts].map(([k, used]) => {
      const [planId, keyId, day] = k.split('|') as [string, string, string];
      return { planId, keyId, day, used };
    });
  }
}
