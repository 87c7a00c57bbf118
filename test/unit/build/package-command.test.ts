import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describePackage, packageProject } from '../../../src/cli/commands/package.js';
import { copyFixture, editConfig } from '../config/fixture-project.js';
import { readZip } from './zip-entries.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/discovery-cli.js', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));

describe('package', () => {
  it('writes a zip per function and a rendered definition per API with placeholder ARNs', async () => {
    const dir = await copyFixture('valid/node-api');
    const result = await packageProject({ stage: 'prod', out: 'out' }, dir);
    expect(result).toMatchObject({ project: 'fixture-node', stage: 'prod', region: 'eu-west-1', account: '000000000000', outDir: join(dir, 'out') });
    expect(result.functions.map((f) => [f.key, f.name, f.handler])).toEqual([
      ['hello', 'fixture-node-prod-hello', 'index.handler'],
      ['worker', 'fixture-node-prod-worker', 'index.run'],
    ]);
    const zip = await readFile(join(dir, 'out/hello.zip'));
    expect(zip.length).toBe(result.functions[0]!.bytes);
    expect((await readZip(zip)).map((e) => e.name)).toEqual(['greeting.txt', 'index.mjs', 'index.mjs.map']);

    const doc = JSON.parse(await readFile(join(dir, 'out/hello.swagger.json'), 'utf8')) as any;
    expect(doc.info.title).toBe('fixture-node-prod-hello');
    expect(doc.paths['/hello/{name}'].get['x-amazon-apigateway-integration'].uri).toBe(
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:000000000000:function:fixture-node-prod-hello:${stageVariables.lambdaAlias}/invocations',
    );
    expect(describePackage(result, dir)).toMatch(/^packaged fixture-node \(stage prod, eu-west-1\) into out\n  out\/hello.zip .* index.handler  sha256 [A-Za-z0-9+/]{43}=\n/);
  });

  it('takes --region and --account over the config, and refuses a malformed account', async () => {
    const dir = await copyFixture('valid/python-yaml');
    const result = await packageProject({ region: 'cn-north-1', account: '123456789012' }, dir);
    expect(result.outDir).toBe(join(dir, '.discovery/package/dev'));
    const doc = JSON.parse(await readFile(result.apis[0]!.file, 'utf8')) as any;
    expect(doc.paths['/catalog'].get['x-amazon-apigateway-integration'].uri).toContain(
      'arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:fixture-py-dev-catalog_service/',
    );
    await expect(packageProject({ account: '12' }, dir)).rejects.toThrow(/an AWS account id has 12 digits/);
  });

  it.skipIf(!existsSync(DIST_MAIN))('the CLI prints one JSON document on stdout, and exits 2 with every problem on bad config', async () => {
    const dir = await copyFixture('valid/python-yaml');
    const { stdout, stderr } = await run(process.execPath, [BIN, 'package', '--json', '--out', 'o'], { cwd: dir });
    const doc = JSON.parse(stdout) as { functions: { key: string; codeSha256: string }[]; apis: { key: string }[] };
    expect(doc.functions.map((f) => f.key)).toEqual(['catalog_service']);
    expect(doc.apis.map((a) => a.key)).toEqual(['catalog']);
    expect(stderr).toContain('packaged fixture-py');

    await editConfig(dir, (c) => { c.functions.catalog_service.runtime = 'python3.7'; c.extra = 1; });
    const failed = await run(process.execPath, [BIN, 'package'], { cwd: dir }).then(() => undefined, (e: { code: number; stderr: string; stdout: string }) => e);
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toMatch(/error: 2 problems in the project:\n  discovery.config.json: \/extra \(line \d+\): unknown field "extra"/);
    expect(failed?.stderr).toMatch(/runtime python3.7 is retired/);
  });
});
