// REST APIs: stages, the route tree each stage serves, and a form that sends a request to a stage.
import { useState } from 'preact/hooks';
import type { ApiView, RouteView, SentAnswer, StageView } from '../../views.js';
import { api, enc } from '../api.js';
import { Badge, Section, Status } from '../common.js';
import { useLoad } from '../hooks.js';

export function ApisView() {
  const loaded = useLoad(() => api.get<ApiView[]>('apis'), []);
  const apis = loaded.data ?? [];
  return (
    <div>
      <Section title={`REST APIs (${apis.length})`} actions={<button onClick={loaded.reload}>Refresh</button>} testid="apis">
        <Status loaded={loaded} empty={apis.length === 0} emptyText="No REST APIs yet." />
      </Section>
      {apis.map((a) => <ApiCard api={a} key={a.id} />)}
    </div>
  );
}

function ApiCard({ api: restApi }: { api: ApiView }) {
  const [stageName, setStageName] = useState(restApi.stages[0]?.name);
  const stage = restApi.stages.find((s) => s.name === stageName);
  return (
    <Section title={restApi.name} testid="api-card" actions={<code class="muted">{restApi.id}</code>}>
      {restApi.description && <p>{restApi.description}</p>}
      <div class="stages">
        Stages:{' '}
        {restApi.stages.length === 0 ? <span class="muted">none deployed</span> : restApi.stages.map((s) => (
          <button key={s.name} class={s.name === stageName ? 'tab active' : 'tab'} onClick={() => setStageName(s.name)}>{s.name}</button>
        ))}
      </div>
      {stage && <p class="muted">Invoke URL: <code data-testid="stage-url">{stage.url}</code> · deployment {stage.deploymentId}</p>}
      <RouteTree routes={stage?.routes ?? restApi.routes} />
      {stage && <RequestForm apiId={restApi.id} stage={stage} />}
    </Section>
  );
}

function RouteTree({ routes }: { routes: RouteView[] }) {
  return (
    <ul class="routes" data-testid="routes">
      {routes.map((r) => {
        const depth = r.path === '/' ? 0 : r.path.split('/').length - 1;
        return (
          <li key={r.path} style={{ paddingLeft: `${depth * 1.2}rem` }} data-testid="route">
            <code class="path">{r.path}</code>{' '}
            {r.methods.map((m) => (
              <span class="method" key={m.httpMethod} title={`${m.integration ?? 'no integration'}${m.functionName ? ` → ${m.functionName}` : ''}`}>
                <Badge>{m.httpMethod}</Badge>
                {m.authorizationType !== 'NONE' && <Badge tone="warn">{m.authorizationType}</Badge>}
                {m.apiKeyRequired && <Badge tone="warn">API key</Badge>}
                {m.functionName && <span class="muted"> → {m.functionName}</span>}
              </span>
            ))}
          </li>
        );
      })}
    </ul>
  );
}

/** The first route with a GET and no path parameter, to start the form somewhere useful. */
function firstPath(stage: StageView): string {
  const plain = stage.routes.find((r) => r.path !== '/' && !r.path.includes('{') && r.methods.length > 0);
  return plain?.path ?? '/';
}

function RequestForm({ apiId, stage }: { apiId: string; stage: StageView }) {
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState(firstPath(stage));
  const [query, setQuery] = useState('');
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState('');
  const [answer, setAnswer] = useState<SentAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);

  async function send(e: Event) {
    e.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const headerMap: Record<string, string> = {};
      for (const line of headers.split('\n')) {
        const at = line.indexOf(':');
        if (at > 0) headerMap[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
      setAnswer(await api.post<SentAnswer>(`apis/${enc(apiId)}/stages/${enc(stage.name)}/request`, { method, path, query, headers: headerMap, body: body || undefined }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <form class="request" onSubmit={send} data-testid="request-form">
      <h3>Send a request</h3>
      <div class="row">
        <select value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value)} aria-label="Method" name="method">
          {['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((m) => <option key={m}>{m}</option>)}
        </select>
        <input class="grow" value={path} onInput={(e) => setPath((e.target as HTMLInputElement).value)} aria-label="Path" name="path" placeholder="/path" />
        <input value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} aria-label="Query" name="query" placeholder="a=1&b=2" />
        <button type="submit" disabled={sending}>{sending ? 'Sending…' : 'Send'}</button>
      </div>
      <div class="row">
        <textarea class="grow" rows={3} value={headers} onInput={(e) => setHeaders((e.target as HTMLTextAreaElement).value)} aria-label="Headers" placeholder="header: value (one a line)" />
        <textarea class="grow" rows={3} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} aria-label="Body" placeholder="request body" />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {answer && (
        <div class="answer" data-testid="answer">
          <p><Badge tone={answer.status < 400 ? 'ok' : 'bad'} testid="answer-status">{answer.status}</Badge> in {answer.ms} ms</p>
          <pre class="headers">{Object.entries(answer.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          <pre class="body" data-testid="answer-body">{pretty(answer.body)}</pre>
        </div>
      )}
    </form>
  );
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
