// API keys and usage plans, with the requests each key made through each plan today and before.
import type { KeysView } from '../../views.js';
import { api } from '../api.js';
import { Badge, Section, Status, time } from '../common.js';
import { useLoad } from '../hooks.js';

export function KeysPlansView() {
  const loaded = useLoad(() => api.get<KeysView>('keys'), []);
  const data = loaded.data ?? { apiKeys: [], usagePlans: [], usage: [] };
  const keyName = (id: string) => data.apiKeys.find((k) => k.id === id)?.name ?? id;
  return (
    <div>
      <Section title={`API keys (${data.apiKeys.length})`} actions={<button onClick={loaded.reload}>Refresh</button>} testid="api-keys">
        <Status loaded={loaded} empty={data.apiKeys.length === 0} emptyText="No API keys." />
        {data.apiKeys.length > 0 && (
          <table class="grid">
            <thead><tr><th>Name</th><th>Id</th><th>Value</th><th>Enabled</th><th>Usage plans</th><th>Created</th></tr></thead>
            <tbody>{data.apiKeys.map((k) => (
              <tr key={k.id}><td>{k.name}</td><td><code>{k.id}</code></td><td><code>{k.valuePrefix}</code></td>
                <td>{k.enabled ? <Badge tone="ok">enabled</Badge> : <Badge tone="bad">disabled</Badge>}</td>
                <td>{k.usagePlanIds.join(', ')}</td><td>{time(k.createdDate)}</td></tr>
            ))}</tbody>
          </table>
        )}
      </Section>
      <Section title={`Usage plans (${data.usagePlans.length})`} testid="usage-plans">
        {data.usagePlans.length === 0 ? <p class="muted">No usage plans.</p> : (
          <table class="grid">
            <thead><tr><th>Name</th><th>Stages</th><th>Throttle</th><th>Quota</th><th>Keys</th></tr></thead>
            <tbody>{data.usagePlans.map((p) => (
              <tr key={p.id}><td>{p.name} <code class="muted">{p.id}</code></td>
                <td>{p.apiStages.map((s) => `${s.apiName ?? s.apiId}/${s.stage}`).join(', ')}</td>
                <td>{p.throttle ? `${p.throttle.rateLimit ?? '–'} rps, burst ${p.throttle.burstLimit ?? '–'}` : 'none'}</td>
                <td>{p.quota ? `${p.quota.limit} per ${p.quota.period.toLowerCase()}` : 'none'}</td>
                <td>{p.keyIds.map(keyName).join(', ')}</td></tr>
            ))}</tbody>
          </table>
        )}
      </Section>
      <Section title="Usage" testid="usage">
        {data.usage.length === 0 ? <p class="muted">No request with an API key since the local cloud started.</p> : (
          <table class="grid small">
            <thead><tr><th>Day (UTC)</th><th>Plan</th><th>Key</th><th>Requests</th></tr></thead>
            <tbody>{data.usage.map((u) => (
              <tr key={`${u.day}${u.planId}${u.keyId}`}><td>{u.day}</td><td>{data.usagePlans.find((p) => p.id === u.planId)?.name ?? u.planId}</td><td>{keyName(u.keyId)}</td><td>{u.used}</td></tr>
            ))}</tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
