// Command output: colour only on a terminal without NO_COLOR; --json is one document on stdout.
import { describe, expect, it } from 'vitest';
import { colourEnabled, createOutput } from '../../../src/cli/output.js';
import type { DeployReport } from '../../../src/deploy/report.js';

function sink(isTTY: boolean) {
  let text = '';
  return { stream: { isTTY, write: (chunk: string) => { text += chunk; return true; } } as unknown as NodeJS.WriteStream, text: () => text };
}

const report: DeployReport = {
  stage: 'dev', region: 'us-east-1', target: 'aws',
  apis: [{ name: 'p-dev-main', id: 'abc', stageUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/dev', endpoints: [{ method: 'GET', path: '/hello', url: 'https://abc.execute-api.us-east-1.amazonaws.com/dev/hello' }] }],
  functions: [], tables: [], changes: { created: ['restApi:main'], updated: [], deleted: [], unchanged: [] },
};

describe('output', () => {
  it('colours only a terminal, and never with NO_COLOR', () => {
    expect(colourEnabled(sink(true).stream, {})).toBe(true);
    expect(colourEnabled(sink(true).stream, { NO_COLOR: '' })).toBe(false);
    expect(colourEnabled(sink(false).stream, {})).toBe(false);
    // FORCE_COLOR, as Node reads it: on without a TTY and over NO_COLOR; 0 or false turns it off.
    expect(colourEnabled(sink(false).stream, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled(sink(false).stream, { FORCE_COLOR: '', NO_COLOR: '1' })).toBe(true);
    expect(colourEnabled(sink(true).stream, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourEnabled(sink(true).stream, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('prints the --json document alone on stdout, progress on stderr', () => {
    const out = sink(false);
    const err = sink(false);
    const o = createOutput({ json: true, stdout: out.stream, stderr: err.stream });
    o.progress({ type: 'phase', message: 'Reading' });
    o.report(report);
    expect(JSON.parse(out.text())).toEqual(report);
    expect(err.text()).toBe('Reading\n');
  });

  it('prints endpoints for humans on stderr', () => {
    const out = sink(false);
    const err = sink(false);
    createOutput({ stdout: out.stream, stderr: err.stream }).report(report);
    expect(out.text()).toBe('');
    expect(err.text()).toContain('GET     https://abc.execute-api.us-east-1.amazonaws.com/dev/hello');
  });
});
