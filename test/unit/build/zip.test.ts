import { describe, expect, it } from 'vitest';
import { codeSha256, deterministicZip } from '../../../src/build/zip.js';
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

  it('refuses two entries with one name', async () => {
    await expect(deterministicZip([{ name: 'x', data: Buffer.from('1') }, { name: 'x', data: Buffer.from('2') }])).rejects.toThrow(/two zip entries named x/);
  });
});
