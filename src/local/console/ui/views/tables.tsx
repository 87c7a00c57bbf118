// DynamoDB tables: pick one, browse (scan) or query it, put an item (DynamoDB JSON), delete one.
import { useState } from 'preact/hooks';
import type { ItemsPage, TableView } from '../../views.js';
import { api, enc } from '../api.js';
import { Section, Status } from '../common.js';
import { useLoad } from '../hooks.js';

type Item = Record<string, Record<string, unknown>>;

export function TablesView() {
  const loaded = useLoad(() => api.get<TableView[]>('tables'), []);
  const tables = loaded.data ?? [];
  const [selected, setSelected] = useState<string | undefined>();
  const table = tables.find((t) => t.name === selected);
  return (
    <div>
      <Section title={`DynamoDB tables (${tables.length})`} actions={<button onClick={loaded.reload}>Refresh</button>} testid="tables">
        <Status loaded={loaded} empty={tables.length === 0} emptyText="No tables yet." />
        {tables.length > 0 && (
          <table class="grid">
            <thead><tr><th>Name</th><th>Status</th><th title="DescribeTable's ItemCount: DynamoDB updates it every few hours">ItemCount</th><th>Key</th></tr></thead>
            <tbody>
              {tables.map((t) => (
                <tr key={t.name} class={t.name === selected ? 'selected' : ''} data-testid="table-row" onClick={() => setSelected(t.name)}>
                  <td><a href={`#tables/${enc(t.name)}`} onClick={(e) => { e.preventDefault(); setSelected(t.name); }}>{t.name}</a></td>
                  <td>{t.status}</td><td>{t.itemCount}</td>
                  <td>{t.keySchema.map((k) => `${k.name} (${k.type}, ${k.role === 'HASH' ? 'partition' : 'sort'})`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {table && <TableItems table={table} key={table.name} />}
    </div>
  );
}

function TableItems({ table }: { table: TableView }) {
  const [mode, setMode] = useState<{ kind: 'scan' } | { kind: 'query'; partition: string; op: string; sort: string }>({ kind: 'scan' });
  const [start, setStart] = useState<string | undefined>();
  const items = useLoad(
    () => (mode.kind === 'scan'
      ? api.get<ItemsPage>(`tables/${enc(table.name)}/items${start ? `?start=${enc(start)}` : ''}`)
      : api.post<ItemsPage>(`tables/${enc(table.name)}/query`, { partition: mode.partition, sort: mode.sort ? { op: mode.op, value: mode.sort } : undefined, start })),
    [table.name, JSON.stringify(mode), start],
  );
  const [partition, setPartition] = useState('');
  const [op, setOp] = useState('begins_with');
  const [sort, setSort] = useState('');
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | undefined>();
  const keyNames = table.keySchema.map((k) => k.name);
  const range = table.keySchema.find((k) => k.role === 'RANGE');
  const columns = [...new Set([...keyNames, ...(items.data?.items ?? []).flatMap((i) => Object.keys(i))])];

  async function run(action: () => Promise<unknown>, done: string) {
    setMessage(undefined);
    try {
      await action();
      setMessage({ tone: 'ok', text: done });
      items.reload();
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  }

  function put(e: Event) {
    e.preventDefault();
    let item: unknown;
    try {
      item = JSON.parse(draft);
    } catch {
      setMessage({ tone: 'error', text: 'The item is not JSON.' });
      return;
    }
    void run(() => api.put(`tables/${enc(table.name)}/items`, { item }), 'Item written.');
  }

  function remove(item: Item) {
    const key = Object.fromEntries(keyNames.map((k) => [k, item[k]]));
    if (!confirm(`Delete the item ${JSON.stringify(key)}?`)) return;
    void run(() => api.del(`tables/${enc(table.name)}/items`, { key }), 'Item deleted.');
  }

  return (
    <Section title={table.name} testid="table-items">
      <form class="row" onSubmit={(e) => { e.preventDefault(); setStart(undefined); setMode(partition ? { kind: 'query', partition, op, sort } : { kind: 'scan' }); }}>
        <input value={partition} onInput={(e) => setPartition((e.target as HTMLInputElement).value)} placeholder={`${keyNames[0]} = … (empty: scan)`} aria-label="Partition key" />
        {range && (
          <>
            <select value={op} onChange={(e) => setOp((e.target as HTMLSelectElement).value)} aria-label="Sort key condition">
              {['begins_with', '=', '<', '<=', '>', '>='].map((o) => <option key={o}>{o}</option>)}
            </select>
            <input value={sort} onInput={(e) => setSort((e.target as HTMLInputElement).value)} placeholder={`${range.name} (optional)`} aria-label="Sort key" />
          </>
        )}
        <button type="submit">{partition ? 'Query' : 'Scan'}</button>
      </form>
      <Status loaded={items} empty={(items.data?.items ?? []).length === 0} emptyText="No items." />
      {(items.data?.items.length ?? 0) > 0 && (
        <div class="scroll">
          <table class="grid small" data-testid="items">
            <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}<th /></tr></thead>
            <tbody>
              {(items.data!.items as Item[]).map((item) => (
                <tr key={JSON.stringify(keyNames.map((k) => item[k]))} data-testid="item-row">
                  {columns.map((c) => <td key={c}>{show(item[c])}</td>)}
                  <td class="nowrap">
                    <button onClick={() => setDraft(JSON.stringify(item, null, 2))}>Edit</button>{' '}
                    <button class="danger" onClick={() => remove(item)}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.data?.next && <button onClick={() => setStart(items.data!.next)}>Next page</button>}
      <form class="put" onSubmit={put}>
        <h3>Put an item (DynamoDB JSON)</h3>
        <textarea rows={6} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} aria-label="Item" placeholder={`{"${keyNames[0]}": {"S": "…"}${range ? `, "${range.name}": {"S": "…"}` : ''}}`} />
        <button type="submit">Put item</button>
      </form>
      {message && <p class={message.tone} role="status">{message.text}</p>}
    </Section>
  );
}

/** One attribute value, compactly: strings and numbers as they are, the rest as JSON. */
function show(value: Record<string, unknown> | undefined): string {
  if (!value) return '';
  const [type, inner] = Object.entries(value)[0] ?? [];
  // Control characters (the catalog keys its counter with NUL) shown as escapes, not as boxes.
  if (type === 'S') return String(inner).replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (type === 'N') return String(inner);
  if (type === 'BOOL') return String(inner);
  if (type === 'NULL') return 'null';
  return JSON.stringify(inner);
}
