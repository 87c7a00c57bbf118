// The installed package's root folder (holding package.json and schema/), found by walking up
// from this module: the code runs from src/ under vitest and from dist/src/ when built.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'schema', 'discovery.config.schema.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('discovery-cli: cannot find schema/discovery.config.schema.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  cached = dir;
  return dir;
}

export function schemaPath(): string {
  return join(packageRoot(), 'schema', 'discovery.config.schema.json');
}
