// Deterministic zips: entries sorted by name, one fixed date, one fixed mode, one fixed
// compression level, so the same files give the same bytes and the same CodeSha256.
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { DiskCache, sha256 } from '../cache/disk-cache.js';

export interface ZipEntry {
  /** Path inside the zip, with forward slashes. */
  name: string;
  data: Buffer;
}

/** DOS time cannot go below 1980; written in UTC. */
export const ZIP_DATE = new Date('1980-01-01T00:00:00Z');
export const ZIP_FILE_MODE = 0o644;
export const ZIP_LEVEL = 9;

/**
 * `projectDir`, when given, keeps the zip in the project's cache under the hash of its entries:
 * the same files give the same bytes, so a redeploy need not compress them again.
 */
export async function deterministicZip(entries: ZipEntry[], projectDir?: string): Promise<Buffer> {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`two zip entries named ${sorted[i]!.name}`);
  }
  // The format names archiver, which wrote these very bytes before compress() below: entries stay valid.
  const cache = projectDir ? new DiskCache<never>(projectDir, 'zips', `archiver zip level ${ZIP_LEVEL}; v1`) : undefined;
  const key = cache ? sorted.map((e) => `${e.name}\0${sha256(e.data)}`).join('\n') : '';
  const cached = cache?.getBytes(key, 'zip');
  if (cached) return cached;
  const zip = compress(sorted);
  cache?.setBytes(key, zip, 'zip');
  return zip;
}

// The layout archiver 8 (zip-stream) writes for these options, byte for byte, so the zips and
// their CodeSha256 stay what they were when it made them (test/unit/build/zip.test.ts compares):
// each entry deflated (stored when empty) behind a local header that defers CRC and sizes to a
// data descriptor, then the central directory with Unix mode 644. Written here in one pass: 50
// functions zipped through archiver's streams took a fresh deploy ~30 ms, and loading it ~200.
const VERSION_NEEDED = 20; // what a data descriptor needs
const VERSION_MADE_BY = (3 << 8) | 45; // Unix, zip 4.5
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAMES = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const EXTERNAL_ATTRIBUTES = (((0o100000 | ZIP_FILE_MODE) << 16) | 0x20) >>> 0; // regular file 644 (Unix), archive bit (DOS)

function compress(sorted: ZipEntry[]): Buffer {
  if (sorted.length > 0xffff) throw new Error(`a zip of ${sorted.length} files: more than the 65535 a zip without ZIP64 holds`);
  const dosTime = toDosTime(ZIP_DATE);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, 'utf8');
    const flags = FLAG_DATA_DESCRIPTOR | (name.length !== entry.name.length ? FLAG_UTF8_NAMES : 0);
    const method = entry.data.length === 0 ? METHOD_STORED : METHOD_DEFLATED;
    const data = method === METHOD_STORED ? entry.data : deflateRawSync(entry.data, { level: ZIP_LEVEL });
    const crc = crc32(entry.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(dosTime, 10);
    // CRC and sizes (14..25) stay zero: the data descriptor after the data carries them.
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(data.length, 8);
    descriptor.writeUInt32LE(entry.data.length, 12);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(VERSION_NEEDED, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(dosTime, 12);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(entry.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, data, descriptor);
    central.push(header, name);
    offset += local.length + name.length + data.length + descriptor.length;
  }
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  if (offset + centralSize > 0xffffffff) throw new Error('a zip over 4 GB: more than a zip without ZIP64 holds');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** MS-DOS date and time, in UTC (as archiver with forceLocalTime off). */
function toDosTime(d: Date): number {
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  return ((date << 16) | time) >>> 0;
}

/** base64 sha256, the form Lambda reports as CodeSha256. */
export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}
