import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeSha256, deterministicZip, ZIP_DATE, ZIP_FILE_MODE, ZIP_LEVEL, type ZipEntry } from '../../../src/build/zip.js';
import { readZip } from './zip-entries.js';

describe('deterministicZip', () => {
  it('sorts entries and fixes date and mode', async () => {
    const zip = await deterministicZip([
      { name: 'b.txt', data: Buffer.from('b') },
      { name: 'a/z.txt', data: Buffer.from('z') },
      { name: 'a.txt', data: Buffer.from('a') },
    ]);
    const entries = await readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['a.txt', 'a/z.txt', 'b.txt']);
    for (const e of entries) {
      expect(e.mode).toBe(0o644);
      expect(e.date.toISOString()).toBe('1980-01-01T00:00:00.000Z');
    }
    expect(entries[2]!.data.toString()).toBe('b');
  });

  it('gives the same bytes for the same entries in any order, and another hash for other content', async () => {
    const one = await deterministicZip([{ name: 'x', data: Buffer.from('1') }, { name: 'y', data: Buffer.from('2') }]);
    const two = await deterministicZip([{ name: 'y', data: Buffer.from('2') }, { name: 'x', data: Buffer.from('1') }]);
    const other = await deterministicZip([{ name: 'x', data: Buffer.from('1') }, { name: 'y', data: Buffer.from('3') }]);
    expect(two.equals(one)).toBe(true);
    expect(codeSha256(one)).toBe(codeSha256(two));
    expect(codeSha256(other)).not.toBe(codeSha256(one));
    expect(codeSha256(one)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('writes the very bytes archiver wrote with these options (deployed CodeSha256 unchanged)', async () => {
    const samples: ZipEntry[][] = [
      [{ name: 'index.mjs', data: Buffer.from('export const handler = async () => 1;\n') }, { name: 'index.mjs.map', data: Buffer.from('{"version":3}') }],
      [{ name: 'empty.txt', data: Buffer.alloc(0) }, { name: 'a/b/c.txt', data: Buffer.from('c') }, { name: 'données/é.txt', data: Buffer.from('é') }],
      [{ name: 'big.js', data: Buffer.from('const x = 1;\n'.repeat(200_000)) }, { name: 'random.bin', data: randomBytes(300_000) }],
      Array.from({ length: 300 }, (_, i) => ({ name: `pkg/m${i}.py`, data: Buffer.from(`def f${i}():\n    return ${i}\n`) })),
    ];
    for (const entries of samples) expect((await deterministicZip(entries)).equals(await archiverZip(entries))).toBe(true);
  });

  it('refuses two entries with one name', async () => {
    await expect(deterministicZip([{ name: 'x', data: Buffer.from('1') }, { name: 'x', data: Buffer.from('2') }])).rejects.toThrow(/two zip entries named x/);
  });
});

/** How src/build/zip.ts made zips before it wrote them itself: archiver, same options, sorted entries. */
async function archiverZip(entries: ZipEntry[]): Promise<Buffer> {
  const { ZipArchive } = await import('archiver');
  const archive = new ZipArchive({ zlib: { level: ZIP_LEVEL }, forceLocalTime: false });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) archive.append(entry.data, { name: entry.name, date: ZIP_DATE, mode: ZIP_FILE_MODE });
  await archive.finalize();
  return done;
}
