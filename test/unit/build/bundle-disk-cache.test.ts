// Bundles are reused across runs from .discovery/cache/bundles while every input esbuild read
// has the same contents; a changed input rebuilds. (A fresh module instance stands for a new run.)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

async function freshBundler() {
  vi.resetModules();
  const { bundleNodeHandler } = await import('../../../src/build/bundle.js');
  const { diskCacheWritten } = await import('../../../src/cache/disk-cache.js');
  // The cache is written off the event loop: a run ends once its writes did.
  return async (entry: string, dir: string) => {
    const bundle = await bundleNodeHandler(entry, dir);
    await diskCacheWritten();
    return bundle;
  };
}

describe('the bundle cache on disk', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function project(): { dir: string; entry: string } {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-cache-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'greet.ts'), "export const greet = () => 'hello';\n");
    writeFileSync(join(dir, 'handler.ts'), "import { greet } from './src/greet.js';\nexport const handler = async () => greet();\n");
    return { dir, entry: join(dir, 'handler.ts') };
  }

  it('serves a later run from the cache, and rebuilds when an imported file changes', async () => {
    const { dir, entry } = project();
    const first = await (await freshBundler())(entry, dir);
    const cacheDir = join(dir, '.discovery', 'cache', 'bundles');
    const [file] = readdirSync(cacheDir);
    expect(file).toBeDefined();

    // Mark the stored entry: a run that uses it returns the mark, one that rebuilds does not.
    const stored = JSON.parse(readFileSync(join(cacheDir, file!), 'utf8'));
    stored.code = Buffer.from('// from the cache\n').toString('base64');
    writeFileSync(join(cacheDir, file!), JSON.stringify(stored));
    const second = await (await freshBundler())(entry, dir);
    expect(second.code.toString()).toBe('// from the cache\n');

    writeFileSync(join(dir, 'src', 'greet.ts'), "export const greet = () => 'changed';\n");
    const third = await (await freshBundler())(entry, dir);
    expect(third.code.toString()).toContain('changed');
    expect(third.code.toString()).not.toBe(first.code.toString());
  });
});
