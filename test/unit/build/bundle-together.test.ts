// Several handlers bundled in one esbuild run (bundleNodeHandlers) give exactly what a run of
// each alone gives: the same bytes, source map and exports, and the same inputs, so the caches
// that follow treat them alike. One that does not compile keeps its own error. (A fresh module
// instance stands for a new run with empty caches.)
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Waits for the disk-cache writes of each module instance made (they go on after a bundle returns). */
const cacheWrites: (() => Promise<void>)[] = [];

async function freshBundler() {
  vi.resetModules();
  const bundler = await import('../../../src/build/bundle.js');
  cacheWrites.push((await import('../../../src/cache/disk-cache.js')).diskCacheWritten);
  return bundler;
}
const cacheWritten = () => Promise.all(cacheWrites.map((written) => written()));

describe('bundling several handlers together', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await cacheWritten();
    cacheWrites.length = 0;
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-together-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'handlers'));
    writeFileSync(join(dir, 'src', 'greet.ts'), "export const greet = (who: string) => `hello ${who}`;\nexport const unused = 1;\n");
    writeFileSync(join(dir, 'handlers', 'a.ts'), "import { greet } from '../src/greet.js';\nexport const handler = async () => greet('a');\n");
    writeFileSync(join(dir, 'handlers', 'b.mjs'), "export async function run() { return 'b'; }\nexport const other = 2;\n");
    writeFileSync(join(dir, 'handlers', 'c.cjs.js'), "exports.handler = async () => 'c';\n");
    return dir;
  }
  const requests = (dir: string) => [
    { entry: join(dir, 'handlers', 'a.ts') },
    { entry: join(dir, 'handlers', 'b.mjs'), exportName: 'run' },
    { entry: join(dir, 'handlers', 'c.cjs.js') },
  ];

  it('gives each handler the bundle and inputs a run of its own gives', async () => {
    const dir = project();
    const alone = await freshBundler();
    const expected = await Promise.all(requests(dir).map((r) => alone.bundleNodeHandler(r.entry, dir, r.exportName)));
    const expectedInputs = requests(dir).map((r) => alone.bundledInputs(r.entry, dir, r.exportName));
    await cacheWritten(); // a write still under way would land in the folder being removed
    rmSync(join(dir, '.discovery'), { recursive: true, force: true });

    const together = await freshBundler();
    await together.bundleNodeHandlers(requests(dir), dir);
    // Cached by the one run (the CommonJS entry is left to a run of its own, with its wrapper).
    expect(requests(dir).map((r) => together.bundledInputs(r.entry, dir, r.exportName) !== undefined)).toEqual([true, true, false]);
    const got = await Promise.all(requests(dir).map((r) => together.bundleNodeHandler(r.entry, dir, r.exportName)));
    expect(got.map((b) => [b.code.toString(), b.sourceMap.toString(), b.exports, b.commonJs])).toEqual(expected.map((b) => [b.code.toString(), b.sourceMap.toString(), b.exports, b.commonJs]));
    expect(got[0]!.code.toString()).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\n$/);
    expect(requests(dir).map((r) => together.bundledInputs(r.entry, dir, r.exportName)?.sort())).toEqual(expectedInputs.map((i) => i?.sort()));
    expect(expectedInputs[0]).toEqual(expect.arrayContaining(['handlers/a.ts', 'src/greet.ts']));
  });

  it('leaves a handler that does not compile to a run of its own, which names its error', async () => {
    const dir = project();
    writeFileSync(join(dir, 'handlers', 'b.mjs'), 'export async function run( { return 1; }\n');
    const together = await freshBundler();
    await together.bundleNodeHandlers(requests(dir), dir);
    expect(together.bundledInputs(join(dir, 'handlers', 'a.ts'), dir)).toBeUndefined();
    await expect(together.bundleNodeHandler(join(dir, 'handlers', 'b.mjs'), dir, 'run')).rejects.toMatchObject({ name: 'BundleError', messages: [expect.objectContaining({ file: join(dir, 'handlers', 'b.mjs') })] });
    expect((await together.bundleNodeHandler(join(dir, 'handlers', 'a.ts'), dir)).code.toString()).toContain('hello');
  });
});
