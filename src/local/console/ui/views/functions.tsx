// Functions: the list, then one function's configuration, versions, aliases and recent invocations.
import { useState } from 'preact/hooks';
import type { FunctionView, InvocationView } from '../../views.js';
import { api, enc } from '../api.js';
import { Badge, KeyValues, Section, Status, time } from '../common.js';
import { useLoad } from '../hooks.js';

export function FunctionsView() {
  const loaded = useLoad(() => api.get<FunctionView[]>('functions'), []);
  const [selected, setSelected] = useState<string | undefined>();
  const functions = loaded.data ?? [];
  const fn = functions.find((f) => f.name === selected);
  return (
    <div>
      <Section title={`Functions (${functions.length})`} actions={<button onClick={loaded.reload}>Refresh</button>} testid="functions">
        <Status loaded={loaded} empty={functions.length === 0} emptyText="No functions: deploy a project to this local cloud." />
        {functions.length > 0 && (
          <table class="grid">
            <thead><tr><th>Name</th><th>Runtime</th><th>Handler</th><th>Memory</th><th>Timeout</th><th>Versions</th><th>Aliases</th><th>Last modified</th></tr></thead>
            <tbody>
              {functions.map((f) => (
                <tr key={f.name} class={f.name === selected ? 'selected' : ''} data-testid="function-row" onClick={() => setSelected(f.name)}>
                  <td><a href={`#functions/${enc(f.name)}`} onClick={(e) => { e.preventDefault(); setSelected(f.name); }}>{f.name}</a></td>
                  <td>{f.runtime}</td><td><code>{f.handler}</code></td><td>{f.memorySize} MB</td><td>{f.timeout} s</td>
                  <td>{f.versions.length}</td><td>{f.aliases.map((a) => a.name).join(', ')}</td><td>{f.lastModified}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {fn && <FunctionDetail fn={fn} key={fn.name} />}
    </div>
  );
}

function FunctionDetail({ fn }: { fn: FunctionView }) {
  const invocations = useLoad(() => api.get<InvocationView[]>(`functions/${enc(fn.name)}/invocations?limit=20`), [fn.name]);
  return (
    <Section title={fn.name} testid="function-detail">
      <div class="columns">
        <div>
          <h3>Configuration</h3>
          <KeyValues values={{ ARN: fn.arn, Runtime: fn.runtime, Handler: fn.handler, Role: fn.role, Description: fn.description, Memory: `${fn.memorySize} MB`, Timeout: `${fn.timeout} s`, 'Code size': `${fn.codeSize} bytes`, 'Code SHA-256': fn.codeSha256, 'Last modified': fn.lastModified }} />
          <h3>Environment</h3>
          <KeyValues values={fn.environment} />
        </div>
        <div>
          <h3>Versions</h3>
          {fn.versions.length === 0 ? <p class="muted">Only $LATEST.</p> : (
            <table class="grid small"><thead><tr><th>Version</th><th>Description</th><th>Last modified</th></tr></thead>
              <tbody>{fn.versions.map((v) => <tr key={v.version}><td>{v.version}</td><td>{v.description}</td><td>{v.lastModified}</td></tr>)}</tbody></table>
          )}
          <h3>Aliases</h3>
          {fn.aliases.length === 0 ? <p class="muted">No aliases.</p> : (
            <table class="grid small"><thead><tr><th>Alias</th><th>Version</th><th>Weights</th></tr></thead>
              <tbody>{fn.aliases.map((a) => <tr key={a.name}><td>{a.name}</td><td>{a.functionVersion}</td><td>{a.weights ? JSON.stringify(a.weights) : ''}</td></tr>)}</tbody></table>
          )}
        </div>
      </div>
      <h3>Recent invocations <button onClick={invocations.reload}>Refresh</button></h3>
      <Status loaded={invocations} empty={(invocations.data ?? []).length === 0} emptyText="No invocations logged yet." />
      {(invocations.data ?? []).map((inv) => (
        <details class="invocation" key={inv.requestId} data-testid="invocation">
          <summary>
            {time(inv.startedAt)} <code>{inv.requestId}</code> {inv.version && <span class="muted">{/^\d+$/.test(inv.version) ? `version ${inv.version}` : inv.version}</span>}{' '}
            {inv.durationMs !== undefined && <span>{inv.durationMs.toFixed(1)} ms</span>}{' '}
            {inv.failed ? <Badge tone="bad">error</Badge> : <Badge tone="ok">ok</Badge>}
          </summary>
          {inv.lines.length === 0 ? <p class="muted">The handler printed nothing.</p> : <pre class="log">{inv.lines.map((l) => l.message).join('\n')}</pre>}
        </details>
      ))}
    </Section>
  );
}
