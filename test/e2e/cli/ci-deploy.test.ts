// scripts/ci-deploy.sh, the README's CI step, against a local cloud: deploys, smoke-tests the GET
// endpoints and prints the deploy report; fails when an endpoint answers 5xx.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../../scripts/ci-deploy.sh', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/deploy-basic', import.meta.url));

describe('scripts/ci-deploy.sh', () => {
  let cloud: TestCloud;
  useTestCloud({}, (started) => {
    cloud = started;
  });

  it('deploys, checks the GET endpoints and prints the report; exits 1 when one answers 5xx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-deploy-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const config = join(dir, 'discovery.config.json');
    const { stdout, stderr } = await run('bash', [SCRIPT, 'ci', '--config', config, '--endpoint-url', cloud.url], { env: cloud.env });
    const report = JSON.parse(stdout) as { stage: string; apis: { endpoints: { method: string }[] }[] };
    expect(report.stage).toBe('ci');
    expect(stderr).toMatch(/^ok +200 GET .*\/hello$/m);

    // Break the handler: the endpoint now answers 502 and the step fails.
    const handler = join(dir, 'handlers/hello.mjs');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace(/return [^;]+;/, 'return "not a proxy response";'));
    const broken = await run('bash', [SCRIPT, 'ci', '--config', config, '--endpoint-url', cloud.url], { env: cloud.env }).catch((err: { code: number; stderr: string }) => err);
    expect((broken as { code: number }).code).toBe(1);
    expect((broken as { stderr: string }).stderr).toMatch(/FAIL 50\d GET .*\/hello/);
  });
});
