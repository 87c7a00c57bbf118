// A local copy of one service's instances kept current with `?since=`: each refresh asks only for
// what changed after the revision the copy holds (Eureka's delta fetch, on demand), so polling
// often stays cheap. Deregistered instances leave the copy.
import type { CatalogChanges, InstanceChange } from './types.js';

export interface FollowedService {
  readonly serviceName: string;
  /** The catalog revision the copy reflects (0 before the first refresh). */
  readonly revision: number;
  /** Fetches the changes after `revision`, applies them, and returns them (empty: nothing changed). */
  refresh(): Promise<InstanceChange[]>;
  /** The live instances the copy holds, of one version or of all. */
  instances(serviceVersion?: string): InstanceChange[];
}

export function followService(changes: (serviceName: string, since: number) => Promise<CatalogChanges>, serviceName: string): FollowedService {
  const byKey = new Map<string, InstanceChange>();
  let revision = 0;
  return {
    serviceName,
    get revision() {
      return revision;
    },
    async refresh() {
      const answer = await changes(serviceName, revision);
      for (const change of answer.changes) {
        const key = `${change.serviceVersion}\u0000${change.instanceId}`;
        if (change.status === 'deregistered') byKey.delete(key);
        else byKey.set(key, change);
      }
      revision = Math.max(revision, answer.revision);
      return answer.changes;
    },
    instances(serviceVersion) {
      return [...byKey.values()].filter((i) => serviceVersion === undefined || i.serviceVersion === serviceVersion);
    },
  };
}
