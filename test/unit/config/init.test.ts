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
    expect(result.files.sort()).toEqual(['README.md', 'discovery.config.json', 'handlers/hello.ts', 'swagger/hello.json']);
    const config = JSON.parse(await readFile(join(result.dir, 'discovery.config.json'), 'utf8')) as { $schema: string };
    expect(config.$schema).toMatch(/schema\/discovery.config.schema.json$/);
    await expect(readFile(join(result.dir, config.$schema), 'utf8')).resolves.toContain('"$schema"');

    const project = await loadProject({ configPath: join(result.dir, 'discovery.config.json') });
    expect(project.apis.hello?.functionMarkers).toEqual(['hello']);
    const built = await buildProject(project);
    expect(built.functions.hello?.handler).toBe('index.handler');
  });

  it('refuses to overwrite any existing file, and writes nothing then', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dcli-init-'));
    await writeFile(join(dir, 'README.md'), 'mine');
    const err = await initProject(dir, { name: 'svc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/init would overwrite README.md in .*Fix: run init in an empty folder/);
    await expect(readFile(join(dir, 'discovery.config.json'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('mine');
  });

  it('checks --name and derives names from folders', async () => {
    await expect(initProject(await mkdtemp(join(tmpdir(), 'dcli-init-')), { name: 'Bad' })).rejects.toThrow(/not a valid project name/);
    expect(projectNameFrom('2024_Orders API')).toBe('orders-api');
    expect(projectNameFrom('___')).toBe('my-api');
  });
});
