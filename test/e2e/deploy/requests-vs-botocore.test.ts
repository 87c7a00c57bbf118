// Every request the engine sends, across the examples, this project and the engine's fixtures
// (fresh deploy, a changed redeploy, teardown with --delete-data), checked against AWS's service
// models by botocore's own validator: the outside reference for requests AWS would accept.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestTrace } from '../../../src/aws/trace.js';
import { FAST_RETRIES, engine } from '../../helpers/deploy-engine.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { editJson } from '../examples/support.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const VALIDATOR = join(REPO, 'test/helpers/botocore_validate.py');

/** Projects copied whole; the repository's own project is deployed in place (it imports ../src). */
const PROJECTS = ['examples/items-api', 'examples/music-api', 'examples/dynamodb-manager', 'test/fixtures/deploy-basic', 'test/fixtures/deploy-aliased'];

function blobsAsBase64(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $blob: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(blobsAsBase64);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, blobsAsBase64(v)]));
  }
  return value;
}

describe('the engine sends only requests AWS would accept', () => {
  let cloud: TestCloud;
  const sent: RequestTrace[] = [];
  const copies: string[] = [];
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(async () => {
    copies.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    await cloud.dispose();
  });

  const recording = { aws: { ...FAST_RETRIES, trace: (t: RequestTrace) => sent.push(t) } };

  async function exercise(configPath: string, stage: string): Promise<void> {
    const run = engine(cloud.url, configPath, { ...recording, stage });
    await run.deploy();
    editJson<{ functions: Record<string, { memory?: number; description?: string }> }>(configPath, (config) => {
      for (const fn of Object.values(config.functions)) {
        fn.memory = 256;
        fn.description = 'changed by the botocore check';
      }
    });
    await run.deploy();
    await run.teardown({ deleteData: true });
  }

  it('across every project: deploy, a changed redeploy, teardown', async () => {
    for (const project of PROJECTS) {
      const dir = mkdtempSync(join(tmpdir(), 'botocore-check-'));
      copies.push(dir);
      cpSync(join(REPO, project), dir, { recursive: true });
      await exercise(join(dir, 'discovery.config.json'), 'dev');
    }
    // The repository's project on a stage of its own, from a copy of its config beside the original.
    const own = mkdtempSync(join(REPO, '.botocore-check-'));
    copies.push(own);
    for (const entry of ['discovery.config.json', 'swagger']) cpSync(join(REPO, entry), join(own, entry), { recursive: true });
    cpSync(join(REPO, 'handlers'), join(own, 'handlers'), { recursive: true });
    cpSync(join(REPO, 'src'), join(own, 'src'), { recursive: true });
    await exercise(join(own, 'discovery.config.json'), 'botocore');

    const lines = sent.map((t) => {
      const [service, operation] = t.operation.split(':') as [string, string];
      return JSON.stringify({ service, operation, input: blobsAsBase64(t.input ?? {}) });
    });
    const run = spawnSync('python3', [VALIDATOR], { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { checked: number; invalid: { request: string; errors: string }[]; botocore: string };
    console.log(`botocore ${report.botocore}: ${report.checked} engine requests checked, ${report.invalid.length} invalid`);
    expect(report.checked).toBe(sent.length);
    expect(new Set(sent.map((t) => t.operation)).size).toBeGreaterThan(40);
    expect(report.invalid).toEqual([]);
  }, 600_000);
});
