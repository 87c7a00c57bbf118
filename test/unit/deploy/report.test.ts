// The deploy report tells the truth: every API Gateway stage's URLs, and each alias's own target
// (an alias on $LATEST is not "version 1").
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../../src/cli/output.js';
import { plan } from '../../../src/deploy/planner.js';
import { buildReport } from '../../../src/deploy/report.js';
import { desiredFor, remoteMatching, target } from './helpers.js';

describe('report', () => {
  it('lists every stage with its URLs and each alias with what it points at', async () => {
    const desired = await desiredFor('valid/node-api');
    desired.resources.push({ id: 'alias:hello:dev', kind: 'alias', functionName: 'fixture-node-dev-hello', aliasName: 'dev', version: '$LATEST', after: ['function:hello'] });
    const remote = remoteMatching(desired);
    const p = plan({ project: desired.project, stage: desired.stage, region: desired.region, resources: desired.resources, remote });
    const report = buildReport(desired, p, p.outputs, target);

    const api = report.apis[0]!;
    expect(api.stages.map((s) => [s.name, s.url])).toEqual([
      ['live', `https://${api.id}.execute-api.us-east-1.amazonaws.com/live`],
      ['beta', `https://${api.id}.execute-api.us-east-1.amazonaws.com/beta`],
    ]);
    expect(api.stages[1]!.endpoints[0]!.url).toMatch(new RegExp(`^https://${api.id}\\.execute-api\\.us-east-1\\.amazonaws\\.com/beta/`));
    const hello = report.functions.find((f) => f.name === 'fixture-node-dev-hello')!;
    expect(hello.aliases).toEqual(expect.arrayContaining([{ name: 'live', version: '1' }, { name: 'beta', version: '1' }, { name: 'dev', version: '$LATEST' }]));

    let text = '';
    const stderr = { isTTY: false, write: (chunk: string) => { text += chunk; return true; } } as unknown as NodeJS.WriteStream;
    createOutput({ stderr }).report(report);
    expect(text).toContain(`(${api.id}) stage beta https://${api.id}.execute-api.us-east-1.amazonaws.com/beta`);
    expect(text).toMatch(/fixture-node-dev-hello .*alias dev -> \$LATEST/);
    expect(text).not.toMatch(/alias dev -> version/);
  });
});
