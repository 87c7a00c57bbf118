import { mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/build/build.js';
import { loadProject } from '../../../src/config/load.js';
import { FIXTURES, copyFixture, editConfig, editText } from '../config/fixture-project.js';
import { ConfigError } from '../../../src/config/problems.js';
import { readZip } from './zip-entries.js';

const run = promisify(execFile);
const load = (dir: string, stage = 'dev') => loadProject({ configPath: join(dir, 'discovery.config.json'), stage, cwd: dir });

describe('buildProject', () => {
  it('bundles Node handlers into index.mjs with the extra files, and names them', async () => {
    const built = await buildProject(await load(join(FIXTURES, 'valid/node-api'), 'prod'));
    const { hello, worker } = built.functions;
    expect(hello).toMatchObject({ key: 'hello', name: 'fixture-node-prod-hello', runtime: 'nodejs22.x', handler: 'index.handler' });
    expect(worker).toMatchObject({ name: 'fixture-node-prod-worker', runtime: 'nodejs24.x', handler: 'index.run' });
    const entries = await readZip(hello!.zip);
    expect(entries.map((e) => e.name)).toEqual(['greeting.txt', 'index.mjs', 'index.mjs.map']);
    const code = entries[1]!.data.toString();
    expect(entries[0]!.data.toString()).toBe('hello from a data file\n');
    expect(code).toContain('// handlers/hello.ts'); // paths relative to the project, not the cwd
    expect(code).toContain('import("@aws-sdk/client-dynamodb")'); // left external
    expect(code).toContain('createRequire');
    // A linked source map naming the project's own .ts file, for --enable-source-maps stacks.
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\n?$/);
    const map = JSON.parse(entries[2]!.data.toString()) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources).toContain('handlers/hello.ts');
    expect(map.sourcesContent).toBeUndefined();
  });

  it('zips Python handlers as they are, with extra folders beside them and no byte-code', async () => {
    const dir = await copyFixture('valid/python-yaml');
    await writeFile(join(dir, 'handlers/shared/junk.pyc'), 'x');
    const built = await buildProject(await load(dir));
    const fn = built.functions.catalog_service!;
    expect(fn.handler).toBe('catalog_service.lambda_handler');
    const entries = await readZip(fn.zip);
    expect(entries.map((e) => e.name)).toEqual(['catalog_service.py', 'shared/__init__.py']);
  });

  it('a bundle runs: import the built index.mjs from a temp folder and call the handler', async () => {
    const built = await buildProject(await load(join(FIXTURES, 'valid/node-api')));
    const dir = await mkdtemp(join(tmpdir(), 'dcli-bundle-'));
    const index = (await readZip(built.functions.hello!.zip)).find((e) => e.name === 'index.mjs');
    await writeFile(join(dir, 'index.mjs'), index!.data);
    // A plain node process, as the Lambda runtime would load it (not through vitest's transform).
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
      process.stdout.write(JSON.stringify(await m.handler({ pathParameters: { name: 'lambda' } })));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
    const res = JSON.parse(stdout) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ message: 'hello, lambda' });
  });

  it('wraps a CommonJS handler so its exports.handler becomes a named ESM export', async () => {
    const dir = await copyFixture('valid/node-api');
    await writeFile(join(dir, 'handlers/legacy.js'), "const { format } = require('node:util');\nexports.handler = async (event) => ({ statusCode: 200, body: format('legacy %s', event.n) });\n");
    await editConfig(dir, (c) => { c.functions.legacy = { handler: 'handlers/legacy.js', runtime: 'nodejs22.x' }; });
    const built = await buildProject(await load(dir));
    const index = (await readZip(built.functions.legacy!.zip)).find((e) => e.name === 'index.mjs');
    await writeFile(join(dir, 'legacy.mjs'), index!.data);
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'legacy.mjs')).href)});
      process.stdout.write(JSON.stringify(await m.handler({ n: 7 })));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ statusCode: 200, body: 'legacy 7' });

    await editConfig(dir, (c) => { c.functions.legacy.export = 'main'; });
    await expect(load(dir)).rejects.toThrow(/handlers\/legacy.js: does not assign exports.main for function "legacy" \(a CommonJS module\)/);
  });

  it('refuses a zip over the direct-upload limit, naming the function and saying S3 upload is not supported', async () => {
    const project = await load(join(FIXTURES, 'valid/node-api'));
    const err = await buildProject(project, { maxZipBytes: 256 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const messages = (err as ConfigError).problems.map((p) => `${p.location}: ${p.message}. Fix: ${p.fix}`);
    expect(messages).toContainEqual(expect.stringMatching(/^\/functions\/hello: the zip of function "hello" is [\d.]+ MB, over Lambda.s 0 MB limit for direct upload\. Fix: .*uploading through S3 is not supported by discovery-cli$/));
  });

  it('gives the same bytes from two clones in different folders', async () => {
    const a = await buildProject(await load(await copyFixture('valid/node-api')));
    const b = await buildProject(await load(await copyFixture('valid/node-api')));
    expect(b.functions.hello!.codeSha256).toBe(a.functions.hello!.codeSha256);
    expect(b.functions.worker!.codeSha256).toBe(a.functions.worker!.codeSha256);
  });

  it('is deterministic: same source same sha, a touched mtime same sha, changed content another sha', async () => {
    const dir = await copyFixture('valid/node-api');
    const first = await buildProject(await load(dir));
    const again = await buildProject(await load(dir));
    expect(again.functions.hello!.zip.equals(first.functions.hello!.zip)).toBe(true);
    expect(again.functions.hello!.codeSha256).toBe(first.functions.hello!.codeSha256);

    const later = new Date('2030-05-05T05:05:05Z');
    await utimes(join(dir, 'handlers/hello.ts'), later, later);
    await utimes(join(dir, 'static/greeting.txt'), later, later);
    const touched = await buildProject(await load(dir));
    expect(touched.functions.hello!.codeSha256).toBe(first.functions.hello!.codeSha256);

    await editText(dir, 'handlers/hello.ts', (t) => t.replace("'world'", "'everyone'"));
    const changed = await buildProject(await load(dir));
    expect(changed.functions.hello!.codeSha256).not.toBe(first.functions.hello!.codeSha256);
    expect(changed.functions.worker!.codeSha256).toBe(first.functions.worker!.codeSha256);

    // Same size, other content: the in-process bundle cache must not hide it.
    await editText(dir, 'handlers/hello.ts', (t) => t.replace("'everyone'", "'everyon3'"));
    const sameSize = await buildProject(await load(dir));
    expect(sameSize.functions.hello!.codeSha256).not.toBe(changed.functions.hello!.codeSha256);
  });

  it('renders the API: markers become ARNs, the title the API name, the integration URI follows the ARN region', async () => {
    const built = await buildProject(await load(join(FIXTURES, 'valid/node-api')));
    const arn = 'arn:aws-cn:lambda:cn-north-1:123456789012:function:fixture-node-dev-hello';
    const text = built.apis.hello!.render({ name: 'fixture-node-dev-hello', functionArns: { hello: arn, worker: 'unused' } });
    const doc = JSON.parse(text) as any;
    expect(doc.info.title).toBe('fixture-node-dev-hello');
    expect(doc.paths['/hello/{name}'].get['x-amazon-apigateway-integration'].uri).toBe(
      `arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/${arn}:\${stageVariables.lambdaAlias}/invocations`,
    );
    expect(doc.paths['/ping'].get['x-amazon-apigateway-integration'].type).toBe('mock');
    expect(text).not.toContain('ARN$');
    expect(() => built.apis.hello!.render({ name: 'x', functionArns: {} })).toThrow(/no ARN given for marker \$helloARN\$/);
  });

  it('renders a YAML OpenAPI definition as JSON', async () => {
    const built = await buildProject(await load(join(FIXTURES, 'valid/python-yaml')));
    const doc = JSON.parse(built.apis.catalog!.render({ name: 'n', functionArns: { catalog_service: 'arn:aws:lambda:eu-west-1:000000000000:function:f' } })) as any;
    expect(doc.openapi).toBe('3.0.1');
    expect(doc.paths['/catalog'].get['x-amazon-apigateway-integration'].uri).toBe(
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:000000000000:function:f/invocations',
    );
  });
});
