// Small pieces every view uses.
import type { ComponentChildren } from 'preact';
import type { Loaded } from './hooks.js';

export function Section(props: { title: string; actions?: ComponentChildren; children: ComponentChildren; testid?: string }) {
  return (
    <section class="section" data-testid={props.testid}>
      <header class="section-head">
        <h2>{props.title}</h2>
        <div class="actions">{props.actions}</div>
      </header>
      {props.children}
    </section>
  );
}

export function Status<T>(props: { loaded: Loaded<T>; empty?: boolean; emptyText?: string }) {
  if (props.loaded.error) return <p class="error" role="alert">{props.loaded.error}</p>;
  if (props.loaded.loading && props.loaded.data === undefined) return <p class="muted">Loading…</p>;
  if (props.empty) return <p class="muted">{props.emptyText ?? 'Nothing yet.'}</p>;
  return null;
}

export function Badge(props: { tone?: 'ok' | 'bad' | 'warn' | 'plain'; children: ComponentChildren; testid?: string }) {
  return <span class={`badge ${props.tone ?? 'plain'}`} data-testid={props.testid}>{props.children}</span>;
}

export function statusTone(status: string): 'ok' | 'bad' | 'warn' | 'plain' {
  if (status === 'healthy') return 'ok';
  if (status === 'unhealthy' || status === 'expired') return 'bad';
  if (status === 'deregistered') return 'warn';
  return 'plain';
}

export const time = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toLocaleString());

export function KeyValues(props: { values: Record<string, string | number | undefined> }) {
  const entries = Object.entries(props.values).filter(([, v]) => v !== undefined && v !== '');
  if (!entries.length) return <span class="muted">none</span>;
  return (
    <dl class="kv">
      {entries.map(([k, v]) => [<dt key={`${k}-k`}>{k}</dt>, <dd key={`${k}-v`}>{String(v)}</dd>])}
    </dl>
  );
}
