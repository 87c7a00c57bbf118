// Change notifications: every status change of an instance goes to the default EventBridge bus,
// so anything (a rule, a queue, a function) can react without polling the catalog.
export const EVENT_SOURCE = 'discovery-cli.catalog';
export const EVENT_DETAIL_TYPE = 'Catalog Instance Status Change';

export interface StatusChange {
  service: string;
  version: string;
  instance: string;
  /** null when the instance was not registered before. */
  old_status: string | null;
  new_status: string;
  endpoint_url: string;
  revision: number;
}

export interface CatalogEvents {
  statusChanged(change: StatusChange): Promise<void>;
}

/**
 * PutEvents with the function's own role. A failed emit is logged, not thrown: the catalog's
 * write has happened, and clients that poll `?since=` still see the change.
 */
export function eventBridgeEvents(clientConfig: Record<string, unknown> = {}): CatalogEvents {
  let send: Promise<(change: StatusChange) => Promise<{ FailedEntryCount?: number; Entries?: { ErrorMessage?: string }[] }>> | undefined;
  const sender = () =>
    (send ??= import('@aws-sdk/client-eventbridge').then(({ EventBridgeClient, PutEventsCommand }) => {
      const client = new EventBridgeClient(clientConfig);
      return (change: StatusChange) =>
        client.send(new PutEventsCommand({ Entries: [{ Source: EVENT_SOURCE, DetailType: EVENT_DETAIL_TYPE, Detail: JSON.stringify(change) }] }));
    }));
  return {
    async statusChanged(change) {
      try {
        const out = await (await sender())(change);
        if (out.FailedEntryCount) console.error(JSON.stringify({ catalog_event_failed: change, error: out.Entries?.[0]?.ErrorMessage }));
      } catch (err) {
        console.error(JSON.stringify({ catalog_event_failed: change, error: err instanceof Error ? err.message : String(err) }));
      }
    },
  };
}

/** For tests: keeps what would have been sent. */
export function recordingEvents(): CatalogEvents & { changes: StatusChange[] } {
  const changes: StatusChange[] = [];
  return { changes, statusChanged: async (change) => void changes.push(change) };
}
