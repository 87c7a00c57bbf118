// Which functions a save may change, from what each one's last bundle read (the repository's own
// project, built for real): dev rebuilds and pushes only those.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/build/build.js';
import { loadProject } from '../../../src/config/load.js';
import type { LoadedProject } from '../../../src/config/project.js';
import { affectedFunctions } from '../../../src/dev/code-push.js';

const REPO = resolve(__dirname, '../../..');
let project: LoadedProject;

beforeAll(async () => {
  project = await loadProject({ configPath: resolve(REPO, 'discovery.config.json'), stage: 'dev' });
  await buildProject(project);
}, 60_000);

describe('affectedFunctions', () => {
  it('names the function whose handler was saved, and no other', () => {
    expect(affectedFunctions(project, [resolve(REPO, 'handlers/hello/hello.ts')])).toEqual(['hello_world']);
  });

  it('names every function that imports a saved shared module', () => {
    const affected = affectedFunctions(project, [resolve(REPO, 'src/discovery/signer.ts')]);
    expect(affected).toContain('hello_world_registrar');
    expect(affected).not.toContain('hello_world');
  });

  it('names none for a file no bundle read', () => {
    expect(affectedFunctions(project, [resolve(REPO, 'swagger/hello.json'), resolve(REPO, 'README.md')])).toEqual([]);
  });
});
