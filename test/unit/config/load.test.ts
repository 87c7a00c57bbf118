import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/config/problems.js';
import { UsageError } from '../../../src/cli/errors.js';
import { FIXTURES, copyFixture, editConfig, editText } from './fixture-project.js';

async function problemsOf(dir: string, stage?: string): Promise<string[]> {
  try {
    await loadProject({ configPath: join(dir, 'discovery.config.json'), stage, cwd: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(UsageError);
    return (err as ConfigError).problems.map((p) => `${p.file}: ${p.location}: ${p.message}. Fix: ${p.fix}`);
  }
  throw new Error('expected loadProject to fail');
}

describe('loadProject on valid projects', () => {
  it('loads the Node fixture with defaults applied and the API kept intact', async () => {
    const project = await loadProject({ configPath: join(FIXTURES, 'valid/node-api/discovery.config.json'), stage: 'prod' });
    expect(project.stage).toBe('prod');
    expect(project.rootDir).toBe(join(FIXTURES, 'valid/node-api'));
    const { hello, worker } = project.config.functions;
    expect(hello).toMatchObject({ memory: 256, timeout: 10, export: 'handler' });
    expect(worker).toMatchObject({ memory: 128, timeout: 10, export: 'run' });
    const api = project.apis.hello!;
    expect(api.format).toBe('swagger2');
    expect(api.functionMarkers).toEqual(['hello']);
    expect(api.stageNames).toEqual(['live', 'beta']);
    const get = (api.document.paths as any)['/hello/{name}'].get;
    expect(get['x-amazon-apigateway-integration'].uri).toContain('$helloARN$');
  });

  it('accepts a YAML OpenAPI 3.0 definition and a Python handler', async () => {
    const project = await loadProject({ configPath: join(FIXTURES, 'valid/python-yaml/discovery.config.json') });
    expect(project.stage).toBe('dev');
    expect(project.config.functions.catalog_service).toMatchObject({ export: 'lambda_handler', memory: 128, timeout: 30 });
    expect(project.apis.catalog).toMatchObject({ format: 'openapi3', functionMarkers: ['catalog_service'], stageNames: ['dev'] });
    expect((project.apis.catalog!.document.paths as any)['/catalog'].get['x-amazon-apigateway-integration'].type).toBe('aws_proxy');
  });
});

describe('loadProject reports each kind of bad input with file and location', () => {
  it('a missing config file', async () => {
    const dir = await copyFixture('valid/node-api');
    const problems = await problemsOf(join(dir, 'nowhere'));
    expect(problems[0]).toMatch(/^discovery.config.json: : the project config file does not exist\. Fix: run `discovery-cli init`/);
  });

  it('malformed config JSON gives a line', async () => {
    const dir = await copyFixture('valid/node-api');
    await writeFile(join(dir, 'discovery.config.json'), '{\n  "project": "x",\n  "functions": {,}\n}\n');
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^discovery.config.json: line 3, column \d+: invalid JSON/);
  });

  it('an unknown field, with its pointer and line, and the allowed names', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.functions.hello.memorySize = 512; });
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^discovery.config.json: \/functions\/hello\/memorySize \(line \d+\): unknown field "memorySize"\. Fix: remove it or correct its spelling \(allowed here: .*memory/);
  });

  it('a bad project name and a bad stage, together', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.project = 'Bad_Name'; });
    const problems = await problemsOf(dir, 'Prod');
    expect(problems.some((p) => p.startsWith('--stage: : "Prod" is not a valid stage name'))).toBe(true);
    expect(problems.some((p) => /^discovery.config.json: \/project \(line 3\): "Bad_Name" does not match/.test(p))).toBe(true);
  });

  it('an unknown runtime names the supported ones', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.functions.hello.runtime = 'nodejs99.x'; });
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/\/functions\/hello\/runtime \(line \d+\): unknown runtime "nodejs99.x"\. Fix: use one of nodejs24.x, nodejs22.x$/);
  });

  it('a retired runtime says which to use instead', async () => {
    const dir = await copyFixture('valid/python-yaml');
    await editConfig(dir, (c) => { c.functions.catalog_service.runtime = 'python3.8'; });
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/\/functions\/catalog_service\/runtime \(line \d+\): runtime python3.8 is retired .*Fix: use python3.14 instead/);
  });

  it('a missing handler file', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.functions.hello.handler = 'handlers/gone.ts'; });
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^discovery.config.json: \/functions\/hello\/handler \(line \d+\): handler file handlers\/gone.ts does not exist/);
  });

  it('a Node handler missing its export lists what it does export', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.functions.hello.export = 'main'; });
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^handlers\/hello.ts: : does not export "main" for function "hello"; it exports handler, loadSdk\. Fix: add `export async function main/);
  });

  it('a Python handler missing its def', async () => {
    const dir = await copyFixture('valid/python-yaml');
    await editText(dir, 'handlers/catalog_service.py', (t) => t.replace('def lambda_handler', 'def handle'));
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^handlers\/catalog_service.py: : has no top-level `def lambda_handler\(` for function "catalog_service"; it defines handle/);
  });

  it('a handler that does not compile gives file and line', async () => {
    const dir = await copyFixture('valid/node-api');
    await editText(dir, 'handlers/worker.mjs', (t) => `${t}\nexport const broken = ;\n`);
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^handlers\/worker.mjs: line 5, column \d+: cannot bundle function "worker"/);
  });

  it('an unknown marker in the Swagger file', async () => {
    const dir = await copyFixture('valid/node-api');
    await editText(dir, 'swagger/hello.json', (t) => t.replace('$helloARN$', '$goodbyeARN$'));
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^swagger\/hello.json: \/paths\/~1hello~1\{name\}\/get\/x-amazon-apigateway-integration\/uri \(line \d+\): marker "\$goodbyeARN\$" names no function in the config\. Fix: use one of \$helloARN\$, \$workerARN\$/);
  });

  it('a malformed marker in an integration URI, with its location', async () => {
    const dir = await copyFixture('valid/node-api');
    await editText(dir, 'swagger/hello.json', (t) => t.replace('$helloARN$', '$hello$'));
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^swagger\/hello.json: \/paths\/~1hello~1\{name\}\/get\/x-amazon-apigateway-integration\/uri \(line \d+\): "\$hello\$" is not a function marker \(markers are \$<function>ARN\$\)\. Fix: write one of \$helloARN\$, \$workerARN\$/);
  });

  it('a one-character environment variable name (AWS needs two)', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.functions.hello.environment.X = 'y'; });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/\/functions\/hello\/environment\/X \(line \d+\): name "X" is not allowed here\. Fix: Environment variable names \(AWS.s pattern\)/));
  });

  it('stageEnvironment merges over environment for that stage only, and ${env:NAME} reads the deploying environment', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => {
      c.functions.hello.environment.LEVEL = 'debug';
      c.functions.hello.environment.TOKEN = 'x-${env:DISCOVERY_TEST_TOKEN}';
      c.functions.hello.stageEnvironment = { prod: { LEVEL: 'warn', ONLY_PROD: '${env:DISCOVERY_TEST_TOKEN}' } };
    });
    const env = { DISCOVERY_TEST_TOKEN: 'abc' };
    const dev = await loadProject({ configPath: join(dir, 'discovery.config.json'), stage: 'dev', env });
    expect(dev.config.functions.hello!.environment).toMatchObject({ LEVEL: 'debug', TOKEN: 'x-abc' });
    expect(dev.config.functions.hello!.environment).not.toHaveProperty('ONLY_PROD');
    const prod = await loadProject({ configPath: join(dir, 'discovery.config.json'), stage: 'prod', env });
    expect(prod.config.functions.hello!.environment).toMatchObject({ LEVEL: 'warn', TOKEN: 'x-abc', ONLY_PROD: 'abc' });
  });

  it('an unset ${env:NAME} is a config error at the place it is written', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.functions.hello.stageEnvironment = { prod: { SECRET: '${env:DISCOVERY_TEST_UNSET}' } }; });
    const err = await loadProject({ configPath: join(dir, 'discovery.config.json'), stage: 'prod', env: {} }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/\/functions\/hello\/stageEnvironment\/prod\/SECRET \(line \d+\): \$\{env:DISCOVERY_TEST_UNSET\}: environment variable DISCOVERY_TEST_UNSET is not set\. Fix: export DISCOVERY_TEST_UNSET before running/);
    // Another stage does not read it, so it loads.
    await loadProject({ configPath: join(dir, 'discovery.config.json'), stage: 'dev', env: {} });
  });

  it('an unknown table, in a reference and in tables', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => {
      c.functions.hello.environment.TABLE = '${table:catalogue}';
      c.functions.hello.tables = { catalogue: 'read' };
    });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/\/functions\/hello\/tables\/catalogue \(line \d+\): table "catalogue" is not defined\. Fix: use one of catalog/));
    expect(problems).toContainEqual(expect.stringMatching(/\/functions\/hello\/environment\/TABLE \(line \d+\): \$\{table:catalogue\}: table "catalogue" is not defined/));
  });

  it('an unparseable reference and an unknown API stage', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => {
      c.functions.hello.environment.XREF = '${tables:catalog}';
      c.functions.worker.schedule.input.url = '${api:hello.stageUrl.gamma}';
    });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/\/functions\/hello\/environment\/XREF .*"\$\{tables:catalog\}" is not a reference this tool knows/));
    expect(problems).toContainEqual(expect.stringMatching(/\/functions\/worker\/schedule\/input\/url .*API "hello" has no stage "gamma"\. Fix: use one of live, beta/));
  });

  it('a cycle between a function and the API that invokes it', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => { c.functions.hello.environment.SELF = '${api:hello.url}'; });
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/\/functions\/hello \(line \d+\): dependency cycle (function:hello -> api:hello -> function:hello|api:hello -> function:hello -> api:hello)/);
  });

  it('malformed Swagger JSON gives a line', async () => {
    const dir = await copyFixture('valid/node-api');
    await editText(dir, 'swagger/hello.json', (t) => t.replace('"schemes": ["https"],', '"schemes": ["https"]'));
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^swagger\/hello.json: line 5, column \d+: invalid JSON/);
  });

  it('Swagger failing validation', async () => {
    const dir = await copyFixture('valid/node-api');
    await editText(dir, 'swagger/hello.json', (t) => t.replace('"responses": { "200": { "description": "pong" } },', '"responses": { "200": { "summary": "pong" } },'));
    const problems = await problemsOf(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^swagger\/hello.json: \/paths\/~1ping\/get\/responses\/200 \(line \d+\): .*Fix: correct the definition/);
  });

  it('an integration with no type, and a definition of another version', async () => {
    const dir = await copyFixture('valid/node-api');
    await editText(dir, 'swagger/hello.json', (t) => t.replace('"type": "mock",', ''));
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/\/paths\/~1ping\/get\/x-amazon-apigateway-integration \(line \d+\): x-amazon-apigateway-integration has no "type"/));

    const yaml = await copyFixture('valid/python-yaml');
    await editText(yaml, 'api/catalog.yaml', (t) => t.replace('openapi: 3.0.1', 'openapi: 3.1.0'));
    const [p] = await problemsOf(yaml);
    expect(p).toMatch(/^api\/catalog.yaml: \/ \(line 1\): declares neither "swagger": "2.0" nor "openapi": "3.0.x" \(found "openapi": "3.1.0"\)/);
  });

  it('invalid YAML gives a line', async () => {
    const dir = await copyFixture('valid/python-yaml');
    await editText(dir, 'api/catalog.yaml', (t) => t.replace('  /catalog:', '  /catalog: [\n'));
    const [p] = await problemsOf(dir);
    expect(p).toMatch(/^api\/catalog.yaml: line \d+: invalid YAML/);
  });

  it('usage plans naming unknown APIs, stages and keys; aliases on some stages only', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => {
      c.usagePlans.basic.apiStages = [{ api: 'hello', stages: ['gamma'] }, { api: 'nope' }];
      c.usagePlans.basic.keys = ['partner', 'stranger'];
      delete c.apis.hello.stages.beta.alias;
    });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/\/usagePlans\/basic\/apiStages\/0\/stages\/0 .*API "hello" has no stage "gamma"/));
    expect(problems).toContainEqual(expect.stringMatching(/\/usagePlans\/basic\/apiStages\/1\/api .*API "nope" is not defined\. Fix: use one of hello/));
    expect(problems).toContainEqual(expect.stringMatching(/\/usagePlans\/basic\/keys\/1 .*API key "stranger" is not defined/));
    expect(problems).toContainEqual(expect.stringMatching(/\/apis\/hello\/stages \(line \d+\): stages live set "alias" but beta do not/));
  });

  it('names over AWS limits', async () => {
    const dir = await copyFixture('valid/python-yaml');
    await editConfig(dir, (c) => {
      c.functions.a_really_long_function_key_that_goes_on_and_on = c.functions.catalog_service;
    });
    const problems = await problemsOf(dir, 'staging-branch-1');
    expect(problems).toEqual([
      expect.stringMatching(/\/functions\/a_really_long_function_key_that_goes_on_and_on \(line \d+\): the function name "fixture-py-staging-branch-1-a_really_long_function_key_that_goes_on_and_on" has 74 characters; AWS allows 64\. Fix: shorten the key, the project name or the stage by 10 characters/),
    ]);
  });

  it('collects every problem at once', async () => {
    const dir = await copyFixture('valid/node-api');
    await editConfig(dir, (c) => {
      c.functions.hello.runtime = 'nodejs18.x';
      c.functions.worker.handler = 'handlers/missing.mjs';
      c.functions.hello.unknown = true;
    });
    await editText(dir, 'swagger/hello.json', (t) => t.replace('$helloARN$', '$nobodyARN$'));
    const problems = await problemsOf(dir);
    expect(problems.length).toBe(4);
  });
});

describe('loadProject on the projects this repository ships', () => {
  const root = join(FIXTURES, '../..');
  const shipped = [join(root, 'discovery.config.json'), ...readdirSync(join(root, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => join(root, 'examples', d.name, 'discovery.config.json'))]
    .filter((f) => existsSync(f));

  it.skipIf(shipped.length === 0).each(shipped)('loads %s', async (configPath) => {
    const project = await loadProject({ configPath });
    expect(Object.keys(project.config.functions).length).toBeGreaterThan(0);
  });
});

describe('an invalid project on disk', () => {
  it('reports every problem of test/fixtures/invalid/many-problems at once', async () => {
    const dir = join(FIXTURES, 'invalid/many-problems');
    const problems = await problemsOf(dir);
    const expected = [
      /^discovery.config.json: \/functions\/old\/memroy \(line 4\): unknown field "memroy"/,
      /^discovery.config.json: \/functions\/old\/runtime \(line 4\): runtime nodejs16.x is retired .*Fix: use nodejs24.x instead/,
      /^handlers\/old.js: : does not export "handler" for function "old"; it exports handle/,
      /^handlers\/py.py: : has no top-level `def lambda_handler\(` for function "py"; it defines handler/,
      /^discovery.config.json: \/functions\/py\/tables\/users \(line 5\): table "users" is not defined\. Fix: add it under "tables"/,
      /^discovery.config.json: \/functions\/lost\/handler \(line 6\): handler file handlers\/lost.ts does not exist/,
      /^discovery.config.json: \/apis\/yaml\/definition \(line 10\): API definition swagger\/missing.yaml does not exist/,
      /^swagger\/main.json: \/paths\/~1x\/get\/x-amazon-apigateway-integration\/uri \(line 10\): marker "\$ghostARN\$" names no function/,
      /^swagger\/main.json: \/paths\/~1x\/get\/x-amazon-apigateway-integration \(line 8\): x-amazon-apigateway-integration has no "type"/,
    ];
    for (const re of expected) expect(problems).toContainEqual(expect.stringMatching(re));
    expect(problems).toHaveLength(expected.length);
  });
});
