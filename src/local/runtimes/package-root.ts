// Where this package lives on disk: the runners (plain .mjs/.py files) and node_modules are
// found from here, both when running from src/ under vitest and from dist/ after a build.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readManifestName(manifest) === 'discovery-cli') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`discovery-cli: cannot find the package root above ${fileURLToPath(import.meta.url)}; reinstall the package.`);
    dir = parent;
  }
}

function readManifestName(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** A runner script shipped as plain source (src/local/runtimes/<lang>/<file>). */
export const runnerPath = (language: string, file: string) => join(packageRoot(), 'src', 'local', 'runtimes', language, file);

/**
 * The node_modules folder that holds this package's `@aws-sdk/*` clients (the package's own,
 * or a hoisting parent's when discovery-cli is installed as a dependency).
 */
export function sdkNodeModules(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('@aws-sdk/client-lambda/package.json');
    // .../node_modules/@aws-sdk/client-lambda/package.json -> .../node_modules
    return dirname(dirname(dirname(manifest)));
  } catch {
    return join(packageRoot(), 'node_modules');
  }
}
