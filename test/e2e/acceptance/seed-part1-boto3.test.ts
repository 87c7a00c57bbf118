// Issue 2's acceptance: the seed's own Part 1 boto3 management code deploys its Python
// handler and Swagger file to the local cloud, and the lookup answers as the blog post shows.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const run = promisify(execFile);
const SEED_DIR = fileURLToPath(new URL('./seed-part1/', import.meta.url));

describe("seed 001's boto3 management code against the local cloud", () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud.dispose());

  it('deploys, and GET /dev/catalog/testservice1/1.0 answers the hard-coded service', async () => {
    const work = mkdtempSync(join(tmpdir(), 'seed-part1-'));
    const { stdout } = await run('python3', [join(SEED_DIR, 'manage.py')], { env: { ...cloud.env, SEED_WORK_DIR: work } });
    const apiId = stdout.trim().split('\n').pop()!;
    expect(apiId).toMatch(/^[a-z0-9]{10}$/);

    const res = await fetch(`${cloud.url}/restapis/${apiId}/dev/_user_request_/catalog/testservice1/1.0`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ endpoint_url: 'notarealurl', ttl: '300', status: 'healthy' });

    // CreateFunction(Publish=True) answers the unqualified ARN, as AWS does, so the seed's
    // permission lands on the function itself: get-policy without a qualifier shows it.
    const policy = await run('aws', ['lambda', 'get-policy', '--function-name', 'catalog_service'], { env: cloud.env });
    const statements = JSON.parse(JSON.parse(policy.stdout).Policy).Statement as { Sid: string; Principal: { Service: string }; Action: string }[];
    expect(statements).toContainEqual(expect.objectContaining({
      Sid: 'catalog_service-invoke', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction',
    }));
  });
});
