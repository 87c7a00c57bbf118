// Copies a fixture project to a fresh temp folder so a test can break one thing in it.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dcli-fixture-'));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function editConfig(dir: string, edit: (config: Json) => void): Promise<void> {
  const path = join(dir, 'discovery.config.json');
  const config = JSON.parse(await readFile(path, 'utf8')) as Json;
  edit(config);
  await writeFile(path, JSON.stringify(config, null, 2));
}

export async function editText(dir: string, file: string, edit: (text: string) => string): Promise<void> {
  const path = join(dir, file);
  await writeFile(path, edit(await readFile(path, 'utf8')));
}
