// The discovery catalog: each catalog table's services, versions and instances, status and lease.
import type { CatalogView } from '../../views.js';
import { api } from '../api.js';
import { Badge, Section, Status, statusTone, time } from '../common.js';
import { useLoad } from '../hooks.js';

export function CatalogPanel() {
  const loaded = useLoad(() => api.get<CatalogView[]>('catalog'), [], 5000);
  const catalogs = loaded.data ?? [];
  return (
    <div>
      <Section title="Discovery catalog" actions={<button onClick={loaded.reload}>Refresh</button>} testid="catalog">
        <Status loaded={loaded} empty={catalogs.length === 0} emptyText="No catalog table (partition key name, sort key version) in this local cloud: deploy the discovery system." />
      </Section>
      {catalogs.map((c) => (
        <Section title={c.table} key={c.table} testid="catalog-table">
          {c.entries.length === 0 ? <p class="muted">No service registered.</p> : (
            <table class="grid">
              <thead><tr><th>Service</th><th>Version</th><th>Instance</th><th>Status</th><th>Check</th><th>Endpoint</th><th>Lease</th><th>TTL</th><th>Revision</th></tr></thead>
              <tbody>{c.entries.map((e) => (
                <tr key={`${e.service}/${e.version}/${e.instance}`} data-testid="catalog-entry" data-service={e.service} data-version={e.version}>
                  <td>{e.service}</td><td>{e.version}</td><td>{e.instance}</td>
                  <td><Badge tone={statusTone(e.effectiveStatus)} testid="catalog-status">{e.effectiveStatus}</Badge>
                    {e.effectiveStatus !== e.status && <span class="muted"> (said {e.status})</span>}</td>
                  <td>{e.checkStatus ?? ''}</td>
                  <td><code>{e.endpointUrl}</code></td>
                  <td title={e.leaseExpiresAt ? time(e.leaseExpiresAt * 1000) : ''}>{lease(e.leaseSecondsLeft)}</td>
                  <td>{e.ttl ?? ''}</td><td>{e.revision ?? ''}</td>
                </tr>
              ))}</tbody>
            </table>
          )}
        </Section>
      ))}
    </div>
  );
}

function lease(seconds: number | undefined): string {
  if (seconds === undefined) return 'none';
  return seconds > 0 ? `${seconds} s left` : `ended ${-seconds} s ago`;
}
