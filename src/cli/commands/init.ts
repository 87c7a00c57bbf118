// `discovery-cli init [DIR] [--name P]`: write a starting project, never over an existing file.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export interface InitOptions {
  name?: string;
}

export interface InitResult {
  dir: string;
  project: string;
  files: string[];
}

const PROJECT_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;

export async function initProject(dir: string, opts: InitOptions = {}, cwd = process.cwd()): Promise<InitResult> {
  const { mkdir, stat, writeFile } = await import('node:fs/promises');
  const { basename, dirname, join, relative, resolve, sep } = await import('node:path');
  const { schemaPath } = await import('../../config/package-root.js');
  const { starterProject } = await import('../../config/starter.js');

  const target = resolve(cwd, dir);
  const project = opts.name ?? projectNameFrom(basename(target));
  if (!PROJECT_PATTERN.test(project)) {
    throw new UsageError(`--name ${project}: not a valid project name. Fix: use a lower-case letter, then up to 30 lower-case letters, digits or dashes`);
  }
  let schemaRef = relative(target, schemaPath()).split(sep).join('/');
  if (!schemaRef.startsWith('.')) schemaRef = `./${schemaRef}`;
  const files = starterProject(project, schemaRef);
  const existing: string[] = [];
  for (const f of files) {
    if (await stat(join(target, f.path)).then(() => true, () => false)) existing.push(f.path);
  }
  if (existing.length) {
    throw new UsageError(`init would overwrite ${existing.join(', ')} in ${target}. Fix: run init in an empty folder (discovery-cli init DIR), or move those files away`);
  }
  for (const f of files) {
    const path = join(target, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content, { flag: 'wx' });
  }
  return { dir: target, project, files: files.map((f) => f.path) };
}

/** A folder name made into a valid project name ("My App_2" -> "my-app-2"). */
export function projectNameFrom(folder: string): string {
  const cleaned = folder.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 31);
  return cleaned || 'my-api';
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Write a starting project: discovery.config.json, one TypeScript handler, one Swagger API')
    .argument('[dir]', 'folder to write into', '.')
    .option('--name <project>', 'project name (default: from the folder name)')
    .action(async (dir: string, opts: InitOptions) => {
      const result = await initProject(dir, opts);
      process.stderr.write(`wrote project "${result.project}" in ${result.dir}:\n${result.files.map((f) => `  ${f}\n`).join('')}` +
        `next: cd ${dir} && discovery-cli deploy --local\n`);
    });
}
