// --verbose: every AWS call of the engine on stderr with its outcome and duration, through the
// built binary against a real local cloud; and nothing secret among them.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, type FixtureCopy } from '../../helpers/deploy-engine.js';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

const SECRET_KEY = 'wJalrXUtnFEMI-verbose-secret-K7MDENG';
const ENV_SECRET = 'token-4f1c9e-never-printed';

let cloud: TestCloud;
let project: FixtureCopy;

beforeAll(async () => {
  cloud = await startTestCloud();
  project = copyFixture('deploy-basic');
  const config = JSON.parse(readFileSync(project.configPath, 'utf8'));
  config.functions.hello.environment.API_TOKEN = ENV_SECRET;
  writeFileSync(project.configPath, JSON.stringify(config));
});

afterAll(async () => {
  await cloud?.dispose();
  project?.dispose();
});

const cli = (args: string[]) =>
  runCommand('node', [DISCOVERY_CLI, ...args], { cwd: project.dir, env: { ...cloud.env, NO_COLOR: '1', AWS_SECRET_ACCESS_KEY: SECRET_KEY } });

describe('--verbose', () => {
  it('prints each AWS call the deploy makes, with its status and milliseconds, and no secret', async () => {
    cloud.clearCalls();
    const r = await cli(['deploy', '--endpoint-url', cloud.url, '--verbose']);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('aws '));
    expect(lines).toContainEqual(expect.stringMatching(/^aws lambda:CreateFunction fxdeploy-dev-hello -> 201 \d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^aws iam:CreateRole fxdeploy-dev-hello -> 200 \d+ ms$/));
    // The stage lock's item writes and the reads are calls too.
    expect(lines).toContainEqual(expect.stringMatching(/^aws dynamodb:PutItem discovery-cli-locks -> 200 \d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^aws dynamodb:DescribeTable fxdeploy-dev-items -> ResourceNotFoundException \(400\) \d+ ms$/));
    // As many lines as requests the local cloud served (the SDK's own retries would add attempts, not lines).
    const served = cloud.calls().filter((c) => c.service !== 'execute-api').length;
    expect(lines.length).toBe(served);
    for (const secret of [SECRET_KEY, ENV_SECRET, 'Authorization', 'X-Amz-Security-Token', 'Signature=']) expect(r.stderr).not.toContain(secret);
  });

  it('prints nothing of the sort without it', async () => {
    const r = await cli(['deploy', '--endpoint-url', cloud.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/^aws /m);
  });
});
