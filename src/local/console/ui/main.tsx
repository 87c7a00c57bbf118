// The console page: one tab per kind of resource, chosen by the address's #hash.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { OverviewView } from '../views.js';
import { api } from './api.js';
import { useLoad } from './hooks.js';
import { ApisView } from './views/apis.js';
import { CallsView } from './views/calls.js';
import { CatalogPanel } from './views/catalog.js';
import { FunctionsView } from './views/functions.js';
import { KeysPlansView } from './views/keys.js';
import { TablesView } from './views/tables.js';
import './style.css';

const TABS = [
  { id: 'functions', label: 'Functions', view: FunctionsView },
  { id: 'apis', label: 'APIs', view: ApisView },
  { id: 'tables', label: 'Tables', view: TablesView },
  { id: 'keys', label: 'API keys & usage', view: KeysPlansView },
  { id: 'catalog', label: 'Discovery catalog', view: CatalogPanel },
  { id: 'calls', label: 'Call log', view: CallsView },
] as const;

const tabFromHash = () => TABS.find((t) => location.hash.slice(1).split('/')[0] === t.id)?.id ?? 'functions';

function App() {
  const [tab, setTab] = useState<string>(tabFromHash());
  const overview = useLoad(() => api.get<OverviewView>('overview'), []);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const View = TABS.find((t) => t.id === tab)!.view;
  return (
    <div class="app">
      <header class="top">
        <h1>Local console</h1>
        {overview.data && <span class="muted">{overview.data.url} · {overview.data.region} · account {overview.data.accountId}</span>}
        <nav role="tablist">
          {TABS.map((t) => (
            <a key={t.id} role="tab" href={`#${t.id}`} aria-selected={t.id === tab} class={t.id === tab ? 'tab active' : 'tab'}>{t.label}</a>
          ))}
        </nav>
      </header>
      <main><View key={tab} /></main>
    </div>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading" line the page shows before this script runs
render(<App />, root);
