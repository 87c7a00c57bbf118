// The order in which `call` tries a version's instances: the first by the balancing strategy,
// then the others (the retry budget decides how many are tried). Instances with weight 0 come last.
import type { ServiceInstance } from './types.js';

export type BalancingStrategy = 'weighted-random' | 'round-robin';

export interface Balancer {
  order(key: string, instances: ServiceInstance[]): ServiceInstance[];
}

export function createBalancer(strategy: BalancingStrategy, random: () => number = Math.random): Balancer {
  const turns = new Map<string, number>();
  return {
    order(key, instances) {
      const weighted = instances.filter((i) => i.weight > 0);
      const idle = instances.filter((i) => i.weight <= 0);
      if (strategy === 'round-robin') {
        const sorted = [...weighted].sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
        const turn = turns.get(key) ?? 0;
        turns.set(key, turn + 1);
        const start = sorted.length ? turn % sorted.length : 0;
        return [...sorted.slice(start), ...sorted.slice(0, start), ...idle];
      }
      // Weighted random without replacement: each pick in proportion to the weights left.
      const left = [...weighted];
      const ordered: ServiceInstance[] = [];
      while (left.length > 1) {
        const total = left.reduce((sum, i) => sum + i.weight, 0);
        let point = random() * total;
        let index = left.findIndex((i) => (point -= i.weight) < 0);
        if (index < 0) index = left.length - 1;
        ordered.push(...left.splice(index, 1));
      }
      return [...ordered, ...left, ...idle];
    },
  };
}
