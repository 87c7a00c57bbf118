// Unpacking deployment packages: nothing written outside the function folder whatever the zip
// holds (chained symlinks, names through links, repeated names), AWS's unzipped quota checked
// before and while inflating, and nothing left behind by a refused zip.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZip, TaskRoots, ZipRejectedError, ZipTooLargeError } from '../../../src/local/runtimes/index.js';
import { makeZip, type DeflatedEntry } from '../../helpers/zip.js';

const base = mkdtempSync(join(tmpdir(), 'runtimes-zip-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
/** A fresh destination three levels below base, so `..` chains have somewhere to climb to. */
function freshDest(): { top: string; dest: string } {
  const top = join(base, `case-${n++}`);
  const dest = join(top, 'a', 'b', 'task');
  mkdirSync(join(top, 'a', 'b'), { recursive: true });
  return { top, dest };
}

const MB = 1024 * 1024;
const zeros = Buffer.alloc(MB);
const deflatedMB = deflateRawSync(zeros, { level: 9 });
const oneMB = (claimed = MB): DeflatedEntry => ({ deflated: deflatedMB, uncompressedSize: claimed, crc: crc32(zeros) });

describe('zip extraction', () => {
  it('unpacks files, folders, modes and inner symlinks', async () => {
    const { dest } = freshDest();
    await extractZip(makeZip({ 'index.js': 'x', 'lib/': '', 'lib/a.txt': 'a', 'lib/link': { symlink: '../index.js' }, 'big.bin': oneMB() }), dest);
    expect(readFileSync(join(dest, 'lib/a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(join(dest, 'lib/link'), 'utf8')).toBe('x');
    expect(lstatSync(join(dest, 'lib/link')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dest, 'big.bin')).size).toBe(MB);
  });

  it('refuses names that escape, and links that point outside', async () => {
    for (const zip of [
      makeZip({ '../evil.js': 'x' }),
      makeZip({ 'a/../../evil.js': 'x' }),
      makeZip({ '/etc/evil': 'x' }),
      makeZip({ link: { symlink: '../../etc/passwd' } }),
      makeZip({ link: { symlink: '/etc/passwd' } }),
      makeZip({ 'd/link': { symlink: '../..' } }),
    ]) {
      const { top, dest } = freshDest();
      await expect(extractZip(zip, dest)).rejects.toBeInstanceOf(ZipRejectedError);
      expect(readdirSync(top)).toEqual(['a']);
      expect(existsSync(join(top, 'evil.js'))).toBe(false);
    }
  });

  it('never writes through a chained symlink (d/l1 -> .., d/l1/l2 -> .., ...)', async () => {
    const { top, dest } = freshDest();
    const chain = makeZip({
      'd/l1': { symlink: '..' },
      'd/l1/l2': { symlink: '..' },
      'd/l1/l2/l3': { symlink: '..' },
      'd/l1/l2/l3/l4': { symlink: '..' },
      'd/l1/l2/l3/l4/marker.txt': 'escaped',
    });
    const err = await extractZip(chain, dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipRejectedError);
    expect((err as Error).message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again. (entry d/l1/l2 would be written through the symlink d/l1)');
    expect((err as Error).message).not.toContain(base);
    for (const dir of [top, join(top, 'a'), join(top, 'a', 'b')]) expect(existsSync(join(dir, 'marker.txt'))).toBe(false);
    expect(existsSync(join(top, 'a', 'l2'))).toBe(false);
  });

  it('refuses links whose chain lands outside on disk', async () => {
    const { top, dest } = freshDest();
    const sneaky = makeZip({ 'd/dot': { symlink: '.' }, 'd/x': { symlink: 'dot/../..' } });
    await expect(extractZip(sneaky, dest)).rejects.toThrow(/symlink d\/x points outside/);
    expect(readdirSync(top)).toEqual(['a']);
  });

  it('refuses a file where a folder must be, without a machine path in the message', async () => {
    const err = await extractZip(makeZip({ a: 'file', 'a/b': 'x' }), freshDest().dest).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(ZipRejectedError);
    expect(err.message).toMatch(/^Could not unzip uploaded file\. Please check your file, then try to upload again\. \(entry a\/b needs a to be a folder/);
    expect(err.message).not.toContain(base);
    const corrupt = await extractZip(Buffer.from('PK\u0003\u0004 not really a zip'), freshDest().dest).catch((e: unknown) => e as Error);
    expect(corrupt.message).toMatch(/^Could not unzip uploaded file\. Please check your file, then try to upload again\./);
    expect(corrupt.message).not.toMatch(/\/tmp|\/work|node_modules/);
  });

  it('refuses a bomb by its declared sizes before inflating anything', async () => {
    const bomb: Record<string, DeflatedEntry> = {};
    for (let i = 0; i < 260; i++) bomb[`part-${i}.bin`] = oneMB();
    const zip = makeZip(bomb);
    expect(zip.length).toBeLessThan(400 * 1024);
    const { dest } = freshDest();
    const err = await extractZip(zip, dest).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(ZipTooLargeError);
    expect(err.message).toBe('Unzipped size must be smaller than 262144000 bytes');
    expect(existsSync(dest)).toBe(false);
  });

  it('stops inflating an entry that lies about its size', async () => {
    const liar = makeZip({ 'small.bin': oneMB(10) });
    await expect(extractZip(liar, freshDest().dest)).rejects.toBeInstanceOf(ZipRejectedError);
    // Honest sizes whose inflated total passes a (lower) limit stop at the limit, counted while inflating.
    const many = makeZip({ a: oneMB(), b: oneMB(), c: oneMB() });
    await expect(extractZip(many, freshDest().dest, { maxUnzippedBytes: 2.5 * MB })).rejects.toBeInstanceOf(ZipTooLargeError);
  });

  it('TaskRoots leaves no folder behind for a refused zip', async () => {
    const roots = new TaskRoots(join(base, 'roots'));
    const zip = makeZip({ 'ok.js': 'x', 'd/l1': { symlink: '..' }, 'd/l1/l2': { symlink: '..' } });
    const sha = createHash('sha256').update(zip).digest('base64');
    await expect(roots.prepare(sha, () => zip)).rejects.toBeInstanceOf(ZipRejectedError);
    expect(readdirSync(join(base, 'roots'))).toEqual([]);
  });
});
