import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject, projectNameFrom } from '../../../src/cli/commands/init.js';
import { buildProject } from '../../../src/build/build.js';
import { loadProject } from '../../../src/config/load.js';
import { UsageError } from '../../../src/cli/errors.js';

describe('init', () => {
  it('writes a project that loads and builds', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'dcli-init-'));
    const result = await initProject('My Service', {}, parent);
    expect(result.project).toBe('my-service');
    expect(result.files.sort()).toEqual(['.gitignore', 'README.md', 'discovery.config.json', 'handlers/hello.ts', 'swagger/hello.json']);
    expect(await readFile(join(result.dir, '.gitignore'), 'utf8')).toBe('.discovery/\nnode_modules/\n');
    const config = JSON.parse(await readFile(join(result.dir, 'discovery.config.json'), 'utf8')) as { $schema: string };
    expect(config.$schema).toMatch(/schema\/discovery.config.schema.json$/);
    await expect(readFile(join(result.dir, config.$schema), 'utf8')).resolves.toContain('"$schema"');

    const project = await loadProject({ configPath: join(result.dir, 'discovery.config.json') });
    expect(project.apis.hello?.functionMarkers).toEqual(['hello']);
    const built = await buildProject(project);
    expect(built.functions.hello?.handler).toBe('index.handler');
  });

  it('fits an existing folder: keeps its README, adds to its .gitignore only what it lacks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dcli-init-'));
    await writeFile(join(dir, 'README.md'), 'mine');
    await writeFile(join(dir, '.gitignore'), 'node_modules\n*.log');
    const result = await initProject(dir, { name: 'svc' });
    expect(result.kept).toEqual(['README.md']);
    expect(result.files.sort()).toEqual(['.gitignore', 'discovery.config.json', 'handlers/hello.ts', 'swagger/hello.json']);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('mine');
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n*.log\n.discovery/\n');
    await loadProject({ configPath: join(dir, 'discovery.config.json') });
  });

  it('refuses to overwrite a config, handler or API of the user, and writes nothing then', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dcli-init-'));
    await writeFile(join(dir, 'discovery.config.json'), 'mine');
    const err = await initProject(dir, { name: 'svc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/init would overwrite discovery.config.json in .*Fix: run init in another folder \(npx discovery-cli init DIR\)/);
    await expect(readFile(join(dir, 'handlers', 'hello.ts'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(dir, '.gitignore'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(dir, 'discovery.config.json'), 'utf8')).toBe('mine');
  });

  it('checks --name and derives names from folders', async () => {
    await expect(initProject(await mkdtemp(join(tmpdir(), 'dcli-init-')), { name: 'Bad' })).rejects.toThrow(/not a valid project name/);
    expect(projectNameFrom('2024_Orders API')).toBe('orders-api');
    expect(projectNameFrom('___')).toBe('my-api');
  });
});
