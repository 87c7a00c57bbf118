// `discovery-cli init [DIR] [--name P]`: write a starting project into a new or existing folder,
// never over an existing file: a README of the user's stays, .gitignore gains what it lacks.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export interface InitOptions {
  name?: string;
}

export interface InitResult {
  dir: string;
  project: string;
  /** Written (or, for .gitignore, extended). */
  files: string[];
  /** Already there and left as they were. */
  kept: string[];
}

/** Files the user may already have: kept as they are instead of refusing. */
const KEPT_IF_PRESENT = new Set(['README.md']);
/** What a project's .gitignore needs: deploy state and the local cloud's folder, and installs. */
const GITIGNORE_LINES = ['.discovery/', 'node_modules/'];

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
  const exists = (path: string) => stat(join(target, path)).then(() => true, () => false);
  const files = starterProject(project, schemaRef);
  const kept: string[] = [];
  const clashes: string[] = [];
  for (const f of files) {
    if (!(await exists(f.path))) continue;
    (KEPT_IF_PRESENT.has(f.path) ? kept : clashes).push(f.path);
  }
  if (clashes.length) {
    throw new UsageError(`init would overwrite ${clashes.join(', ')} in ${target}. Fix: run init in another folder (npx discovery-cli init DIR), or move those files away`);
  }
  const written: string[] = [];
  for (const f of files) {
    if (kept.includes(f.path)) continue;
    const path = join(target, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content, { flag: 'wx' });
    written.push(f.path);
  }
  if (await mergeGitignore(join(target, '.gitignore'))) written.push('.gitignore');
  else kept.push('.gitignore');
  return { dir: target, project, files: written, kept };
}

/** Adds the lines .gitignore lacks; false when it had them all. */
async function mergeGitignore(path: string): Promise<boolean> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const current = await readFile(path, 'utf8').catch(() => '');
  const have = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE_LINES.filter((line) => !have.has(line) && !have.has(line.replace(/\/$/, '')));
  if (!missing.length) return false;
  const separator = current && !current.endsWith('\n') ? '\n' : '';
  await writeFile(path, `${current}${separator}${missing.join('\n')}\n`);
  return true;
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
      const cd = dir === '.' ? '' : `cd ${dir} && `;
      process.stderr.write(`wrote project "${result.project}" in ${result.dir}:\n${result.files.map((f) => `  ${f}\n`).join('')}` +
        result.kept.map((f) => `  ${f} (yours, kept as it is)\n`).join('') +
        `next: ${cd}npx discovery-cli deploy --local\n`);
    });
}
