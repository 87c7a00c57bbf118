// UpdateStage patch paths on a stage object.
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../src/local/apigateway/model.js';
import { DEFAULT_METHOD_SETTING, patchStage } from '../../../src/local/apigateway/ops/stage-patch.js';
import type { PatchOperation } from '../../../src/local/apigateway/patch.js';

function stage(): Stage {
  return { stageName: 'dev', deploymentId: 'd1', variables: { alias: 'live' }, methodSettings: {}, cacheClusterEnabled: false, tags: {}, createdDate: 0, lastUpdatedDate: 0 };
}
const apply = (s: Stage, ...ops: PatchOperation[]) => {
  for (const op of ops) patchStage(s, op, (id) => {
    if (id !== 'd1' && id !== 'd2') throw new Error(`no deployment ${id}`);
  });
  return s;
};

describe('stage patch operations', () => {
  it('replaces and removes stage variables', () => {
    const s = apply(stage(), { op: 'replace', path: '/variables/alias', value: 'canary' }, { op: 'add', path: '/variables/x', value: '1' });
    expect(s.variables).toEqual({ alias: 'canary', x: '1' });
    apply(s, { op: 'remove', path: '/variables/alias' });
    expect(s.variables).toEqual({ x: '1' });
    expect(() => apply(s, { op: 'replace', path: '/variables/bad-name', value: '1' })).toThrow(/Invalid stage variable name/);
  });

  it('keys method settings by the escaped resource path and fills defaults', () => {
    const s = apply(stage(),
      { op: 'replace', path: '/~1items~1{id}/GET/throttling/burstLimit', value: '7' },
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
    );
    expect(s.methodSettings['~1items~1{id}/GET']).toEqual({ ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 7 });
    expect(s.methodSettings['*/*']!.cachingEnabled).toBe(true);
    apply(s, { op: 'remove', path: '/~1items~1{id}/GET' });
    expect(s.methodSettings['~1items~1{id}/GET']).toBeUndefined();
    expect(() => apply(s, { op: 'replace', path: '/*/*/logging/loglevel', value: 'LOUD' })).toThrow(/OFF, ERROR or INFO/);
    expect(() => apply(s, { op: 'replace', path: '/*/*/caching/enabled', value: 'yes' })).toThrow(/'true' or 'false'/);
    expect(() => apply(s, { op: 'replace', path: '/*/*/nothing/here', value: '1' })).toThrow(/Invalid patch path/);
  });

  it('sets cache cluster, access logs, tracing and deployment', () => {
    const s = apply(stage(),
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:1:log-group:g' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
      { op: 'replace', path: '/deploymentId', value: 'd2' },
    );
    expect(s).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '0.5', cacheClusterStatus: 'AVAILABLE', tracingEnabled: true, deploymentId: 'd2' });
    expect(s.accessLogSettings).toEqual({ format: '$context.requestId', destinationArn: 'arn:aws:logs:us-east-1:1:log-group:g' });
    apply(s, { op: 'remove', path: '/accessLogSettings' });
    expect(s.accessLogSettings).toBeUndefined();
    expect(() => apply(s, { op: 'replace', path: '/deploymentId', value: 'zz' })).toThrow(/no deployment zz/);
  });
});
