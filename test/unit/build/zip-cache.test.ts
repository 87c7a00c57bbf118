// Zips are kept in the project's cache under the hash of their entries: the same files are not
// compressed again on the next run; other files make another zip.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskCacheWritten } from '../../../src/cache/disk-cache.js';
import { deterministicZip } from '../../../src/build/zip.js';

describe('the zip cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zip-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const entries = [{ name: 'index.mjs', data: Buffer.from('export const handler = async () => 1;\n') }];

  it('answers the same entries from the cache, and zips other entries anew', async () => {
    const first = await deterministicZip(entries, dir);
    expect(first).toEqual(await deterministicZip(entries));
    await diskCacheWritten();
    const cacheDir = join(dir, '.discovery', 'cache', 'zips');
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file!), 'marked');
    expect((await deterministicZip(entries, dir)).toString()).toBe('marked');
    const other = await deterministicZip([{ name: 'index.mjs', data: Buffer.from('other') }], dir);
    expect(other.subarray(0, 2).toString()).toBe('PK');
  });
});
