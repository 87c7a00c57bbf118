// The live call log: every request the local cloud served (GET /_local/calls), newest first.
import { useState } from 'preact/hooks';
import { Section, Status } from '../common.js';
import { useLoad } from '../hooks.js';

interface CallRecord {
  service: string;
  operation: string;
  status: number;
  ms: number;
}

async function loadCalls(): Promise<CallRecord[]> {
  const res = await fetch('/_local/calls');
  if (!res.ok) throw new Error(`GET /_local/calls answered ${res.status}`);
  return ((await res.json()) as { calls: CallRecord[] }).calls;
}

export function CallsView() {
  const [live, setLive] = useState(true);
  const [filter, setFilter] = useState('');
  const loaded = useLoad(loadCalls, [], live ? 1000 : undefined);
  const calls = (loaded.data ?? []).map((c, i) => ({ ...c, n: i + 1 })).reverse()
    .filter((c) => !filter || `${c.service} ${c.operation} ${c.status}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <Section title={`Call log (${loaded.data?.length ?? 0})`} testid="calls" actions={
      <>
        <input value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} placeholder="filter" aria-label="Filter calls" />
        <label><input type="checkbox" checked={live} onChange={() => setLive(!live)} /> live</label>
        <button onClick={async () => { await fetch('/_local/calls', { method: 'DELETE' }); loaded.reload(); }}>Clear</button>
      </>
    }>
      <Status loaded={loaded} empty={calls.length === 0} emptyText="No calls yet." />
      {calls.length > 0 && (
        <table class="grid small">
          <thead><tr><th>#</th><th>Service</th><th>Operation</th><th>Status</th><th>ms</th></tr></thead>
          <tbody>{calls.slice(0, 500).map((c) => (
            <tr key={c.n} data-testid="call-row" class={c.status >= 400 ? 'failed' : ''}><td>{c.n}</td><td>{c.service}</td><td>{c.operation}</td><td>{c.status}</td><td>{c.ms}</td></tr>
          ))}</tbody>
        </table>
      )}
    </Section>
  );
}
